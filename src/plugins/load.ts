// Loading a plugin directory: every plugin file imported in name order, its export checked, problems
// collected (never thrown), names checked for clashes.
import { basename } from 'node:path';
import { PilotError } from '../errors.js';
import { inPluginScope } from './plugin-scope.js';
import type { PluginProblem } from '../manifest/types.js';
import { pluginFiles } from './discover.js';
import { mentionsPilot } from './mentions-pilot.js';
import { selfResolved, takeHookWarnings } from './pilot-alias.js';
import { typelessWarning, withTypelessWarnings } from './node-warnings.js';
import { importPluginModule, PluginExportError, type ModuleExports } from './import-module.js';
import { KINDS, PluginSet, type LoadedPlugin } from './plugin-set.js';
import { checkPluginShape } from './shape.js';
import { guardPlugins } from './stray-errors.js';

export interface LoadPluginsOptions {
  /** How long one file's import may take, ms (default 10 s). */
  importTimeoutMs?: number;
  /** Map ESM imports of `pilot` (default: when the directory's code imports it and cannot resolve it to the running pilot itself; see mentions-pilot.ts). */
  esmAlias?: boolean;
}

/** A helper module next to the plugins: named exports only, none of them plugin-like. */
export interface HelperFile {
  helper: string;
}

const looksLikePlugin = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && ('apiVersion' in value || KINDS.some((kind) => kind in value));

/** Imports and checks one plugin file: the plugin, a helper, or the problems that kept it from loading (one per problem). */
export async function loadPluginFile(file: string, options: LoadPluginsOptions = {}): Promise<LoadedPlugin | HelperFile | PluginProblem[]> {
  let exported: ModuleExports;
  try {
    const scope = { plugin: { name: basename(file), file }, source: 'its import', process: null };
    exported = await inPluginScope(scope, () => importPluginModule(file, options.importTimeoutMs, options.esmAlias ?? true));
  } catch (err) {
    const message = oneLine(err instanceof Error ? err.message : String(err));
    const what = err instanceof PluginExportError ? message : `it threw while loading: ${message}`;
    const problem: PluginProblem = { code: 'plugin-load-failed', file, message: `plugin ${file} failed to load: ${what}` };
    if (!(err instanceof PluginExportError) && err instanceof Error && err.stack) problem.stack = err.stack;
    return [problem];
  }
  const value = exported.default;
  const emptyObject = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
  if (value === undefined || emptyObject) {
    const names = Object.keys(exported.named);
    const misplaced = names.find((name) => looksLikePlugin(exported.named[name]));
    if (misplaced !== undefined) {
      return [{ code: 'plugin-load-failed', file, message: `plugin ${file} failed to load: it exports a plugin as "${misplaced}" but has no default export: write export default ${misplaced}` }];
    }
    if (names.length > 0 && value === undefined) return { helper: file };
    return [{ code: 'plugin-load-failed', file, message: `plugin ${file} failed to load: it exports nothing: a plugin's default export is its definition, e.g. export default definePlugin({ name, apiVersion: 1, … })` }];
  }
  const shape = checkPluginShape(value);
  if (!shape.ok) {
    // one problem each: a diagnostic is one line (and counts as one error)
    const hint = 'see docs/plugins.md for the shape of a plugin';
    return shape.problems.map((p) => ({ code: 'plugin-load-failed', file, message: `plugin ${file} is not a valid plugin: ${p}`, hint }));
  }
  return { name: shape.plugin.name, file, definition: shape.plugin };
}

/**
 * A thrown message on one line, as diagnostics are: its lines joined, with a space after a line that ends
 * in a colon (tsx's "Transform failed with 1 error:" and the error), else with "; ".
 */
export function oneLine(message: string): string {
  const lines = message.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.reduce((text, line) => (text === '' ? line : `${text}${text.endsWith(':') ? ' ' : '; '}${line}`), '');
}

/**
 * Loads every plugin of `dir` (absolute). Files that fail to load are problems of the returned set, as
 * are names offered twice; only a missing or unreadable directory rejects (PLUGIN_INVALID).
 */
export async function loadPlugins(dir: string, options: LoadPluginsOptions = {}): Promise<PluginSet> {
  const files = await pluginFiles(dir);
  const esmAlias = options.esmAlias ?? (files.length > 0 && (await needsEsmAlias(dir)));
  const loaded: LoadedPlugin[] = [];
  const problems: PluginProblem[] = [];
  const helpers: string[] = [];
  const warnings: PluginProblem[] = [];
  // One at a time, in name order: a plugin's import side effects happen in a predictable order.
  await withTypelessWarnings(
    async () => {
      for (const file of files) {
        const result = await loadPluginFile(file, { ...options, esmAlias });
        if (Array.isArray(result)) problems.push(...result);
        else if ('definition' in result) loaded.push(result);
        else helpers.push(result.helper);
      }
    },
    (warning) => warnings.push(warning),
  );
  for (const text of await takeHookWarnings()) warnings.push(typelessWarning(text));
  guardPlugins(loaded, dir);
  return new PluginSet(dir, loaded, problems, helpers, warnings);
}

// Whether the directory's code imports something of pilot that it cannot resolve to the running pilot by itself.
async function needsEsmAlias(dir: string): Promise<boolean> {
  const self = selfResolved(dir);
  if (self.pilot && self.subpaths) return false;
  const mentions = await mentionsPilot(dir);
  return (mentions.pilot && !self.pilot) || (mentions.subpaths && !self.subpaths);
}

/** Loads `dir` for running a stack: any problem is a PLUGIN_INVALID error listing them all (exit 2). */
export async function loadPluginsStrict(dir: string, options: LoadPluginsOptions = {}): Promise<PluginSet> {
  const set = await loadPlugins(dir, options);
  if (set.ok) return set;
  const details = set.problems.map((p) => p.message);
  throw new PilotError('PLUGIN_INVALID', `the plugins in ${dir} cannot be used (${set.problems.length} problem${set.problems.length === 1 ? '' : 's'})`, {
    exitCode: 2,
    context: { dir, details, problems: set.problems },
  });
}
