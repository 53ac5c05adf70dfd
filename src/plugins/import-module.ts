// Importing one plugin file by its absolute file URL: TypeScript through tsx (registered once, only when a
// .ts plugin is there), `pilot` mapped to the running pilot, a bound on how long the import may take.
import { pathToFileURL } from 'node:url';
import { realClock, within } from '../supervisor/clock.js';
import { installPilotAlias } from './pilot-alias.js';

/** An import still pending after this long is a top-level await that never settles. */
export const IMPORT_TIMEOUT_MS = 10_000;

let typescript: Promise<void> | null = null;

/** Registers tsx's ESM and CommonJS hooks for the rest of the process (a .ts plugin may import .ts helpers). */
function enableTypeScript(): Promise<void> {
  typescript ??= (async () => {
    const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    esm.register();
    cjs.register();
  })();
  return typescript;
}

/** Why a module gave no plugin: thrown by importPluginExport, shown as is. */
export class PluginExportError extends Error {}

/** What a plugin file exports: its default export (undefined when it has none) and its named exports. */
export interface ModuleExports {
  default: unknown;
  named: Record<string, unknown>;
}

/**
 * Imports `file` (for CommonJS the default export is `module.exports`; for TypeScript compiled to
 * CommonJS, its `export default`). Rejects with the module's own error when it throws on import, and
 * with a PluginExportError when it does not finish loading within `timeoutMs`. `esmAlias`: map ESM
 * imports of `pilot` too (see pilot-alias.ts).
 */
export async function importPluginModule(file: string, timeoutMs = IMPORT_TIMEOUT_MS, esmAlias = true): Promise<ModuleExports> {
  installPilotAlias(esmAlias);
  if (file.endsWith('.ts')) await enableTypeScript();
  const ns = (await within(realClock, import(pathToFileURL(file).href), timeoutMs)) as Record<string, unknown> | undefined;
  // (a module namespace is never undefined: undefined is the timeout)
  if (ns === undefined) throw new PluginExportError(`it did not finish loading within ${timeoutMs / 1000} s (a top-level await that never settles?)`);
  return exportsOf(ns);
}

function exportsOf(ns: Record<string, unknown>): ModuleExports {
  const named: Record<string, unknown> = {};
  for (const key of Object.keys(ns)) if (key !== 'default' && key !== 'module.exports') named[key] = ns[key];
  const value = ns.default;
  // TypeScript compiled to CommonJS: module.exports is { __esModule: true, default?: …, …named }.
  if (value !== null && typeof value === 'object' && (value as { __esModule?: unknown }).__esModule === true) {
    const { default: inner, __esModule: _flag, ...rest } = value as Record<string, unknown>;
    return { default: inner, named: { ...rest, ...named } };
  }
  return { default: value, named };
}
