// Makes `import … from 'pilot'` (and `require('pilot')`) in a plugin resolve to the module instances the
// running pilot is made of, even when the plugin directory has no node_modules: the CLI bundle's API entry
// (dist/cli/api.js, which shares the bundle's chunks) when pilot runs as the CLI, the package entry
// (dist/src/index.js) when it runs as a library. A second copy would cost memory and break `instanceof`
// (PilotError). `pilot/plugins/…` resolves to its first-party plugins (plugins/ of the package). Installed
// once, when plugins load.
import { existsSync, readFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { TYPELESS_CODE } from './node-warnings.js';

const SPECIFIER = 'pilot';
/** Subpaths of the package that plugins may import: the first-party plugins. */
const PLUGINS_PREFIX = 'pilot/plugins/';

// The ESM resolve hook, registered as a data: URL so that it works from the tsc output and the CLI bundle alike.
// It runs in Node's loader thread, which then loads every ES module plugin: Node's warning about a typeless
// package.json (see node-warnings.ts) is sent to pilot through `port` instead of printed there.
const ESM_HOOK = `
let target;
let root;
export function initialize(data) {
  target = data.target;
  root = data.root;
  const port = data.port;
  const emit = process.emitWarning;
  process.emitWarning = function (warning, ...rest) {
    const options = rest[0];
    const code = (options && typeof options === 'object' ? options.code : rest[1]) ?? (warning && warning.code);
    if (code !== ${JSON.stringify(TYPELESS_CODE)}) return emit.call(process, warning, ...rest);
    port.postMessage({ warning: String((warning && warning.message) || warning) });
  };
  port.on('message', (m) => m === 'flush' && port.postMessage({ flushed: true }));
  port.unref();
}
export async function resolve(specifier, context, next) {
  if (specifier === ${JSON.stringify(SPECIFIER)}) return { url: target, shortCircuit: true, format: 'module' };
  if (specifier.startsWith(${JSON.stringify(PLUGINS_PREFIX)})) return next(new URL(specifier.slice(${SPECIFIER.length + 1}), root).href, context);
  return next(specifier, context);
}`;

interface PilotPackage {
  /** The package's directory. */
  root: string;
  /** Its package.json. */
  manifest: string;
  /** The file of the API that this running pilot is made of (see above). */
  entry: string;
  /** True when pilot runs from the CLI bundle. */
  bundled: boolean;
}

let found: PilotPackage | null = null;
let aliased = false;
/** The loader thread's end of the conversation, once the ESM hook is registered. */
let hookPort: MessagePort | null = null;
const hookWarnings: string[] = [];
const flushed: (() => void)[] = [];

/**
 * The running pilot's package: the nearest package.json named pilot above this module, which runs from
 * dist/src/plugins/ (tsc) or from dist/cli/chunks/ (the bundle), so the depth varies.
 */
function pilotPackage(): PilotPackage {
  if (found) return found;
  for (let up = '../'; up.length <= 15; up += '../') {
    const pkgUrl = new URL(`${up}package.json`, import.meta.url);
    try {
      const pkg = JSON.parse(readFileSync(pkgUrl, 'utf8')) as { name?: unknown; main?: unknown };
      if (pkg.name === SPECIFIER && typeof pkg.main === 'string') {
        const manifest = fileURLToPath(pkgUrl);
        const root = dirname(manifest);
        const bundle = join(root, 'dist', 'cli');
        const bundled = fileURLToPath(import.meta.url).startsWith(bundle + sep);
        found = { root, manifest, entry: bundled ? join(bundle, 'api.js') : fileURLToPath(new URL(pkg.main, pkgUrl)), bundled };
        return found;
      }
    } catch {
      // not at this level; look further up
    }
  }
  throw new Error('cannot find pilot\'s package.json above its own code, so plugins cannot import "pilot"');
}

/**
 * What code in `dir` resolves without help, as Node resolves a package's own name inside it (through its
 * `exports`): inside the running pilot's own package — the first-party plugins in plugins/, the examples —
 * `pilot/plugins/…` always, and `pilot` itself when that is the package entry the running pilot is made of
 * (not when it runs from the bundle). Outside it, nothing.
 */
export function selfResolved(dir: string): { pilot: boolean; subpaths: boolean } {
  let pkg: PilotPackage;
  try {
    pkg = pilotPackage();
  } catch {
    return { pilot: false, subpaths: false };
  }
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, 'package.json');
    if (existsSync(manifest)) {
      const inside = manifest === pkg.manifest;
      return { pilot: inside && !pkg.bundled, subpaths: inside };
    }
    if (dirname(at) === at) return { pilot: false, subpaths: false };
  }
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/**
 * Maps `pilot` for require() (CommonJS plugins, TypeScript compiled to CommonJS) at once, and for ESM
 * imports with a module.register hook when `needsEsmHook`. Idempotent.
 * The ESM hook costs a loader thread (~11 MB in the supervisor), hence only when a plugin needs it.
 */
export function installPilotAlias(needsEsmHook: boolean): void {
  const pkg = pilotPackage();
  if (!aliased) {
    aliased = true;
    const mod = Module as unknown as { _resolveFilename: ResolveFilename };
    const original = mod._resolveFilename;
    mod._resolveFilename = function resolvePilot(this: unknown, request: string, ...rest: unknown[]): string {
      if (request === SPECIFIER) return pkg.entry;
      if (request.startsWith(PLUGINS_PREFIX)) return original.call(this, join(pkg.root, ...request.slice(SPECIFIER.length + 1).split('/')), ...rest);
      return original.call(this, request, ...rest);
    };
  }
  if (needsEsmHook && !hookPort) {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: { warning?: string; flushed?: boolean }) => {
      if (m.warning !== undefined) hookWarnings.push(m.warning);
      else if (m.flushed) flushed.shift()?.();
    });
    port1.unref();
    hookPort = port1;
    const data = { target: pathToFileURL(pkg.entry).href, root: pathToFileURL(pkg.root + sep).href, port: port2 };
    register(`data:text/javascript,${encodeURIComponent(ESM_HOOK)}`, { data, transferList: [port2] });
  }
}

/** Node's typeless-package warnings of the modules the loader thread loaded so far (once each); none without the hook. */
export async function takeHookWarnings(): Promise<string[]> {
  const port = hookPort;
  if (!port) return [];
  port.ref();
  // the thread answers after what it sent before: its warnings are all in by then (bounded, should it hang)
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    flushed.push(() => {
      clearTimeout(timer);
      resolve();
    });
    port.postMessage('flush');
  });
  port.unref();
  return hookWarnings.splice(0);
}
