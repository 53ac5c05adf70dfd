// Errors a plugin leaks outside any call pilot made into it — an unhandled rejection, a throw from a timer
// or an event handler — are caught at the process level and attributed: to the plugin call whose async
// work raised it (plugin-scope.ts), else by the plugin's file in the error's stack. Attributed ones are
// reported and supervising goes on; anything else keeps Node's default behaviour.
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { errorText } from '../ready/messages.js';
import type { PluginRef } from './reporter.js';
import { currentPluginScope } from './plugin-scope.js';

export interface StrayError {
  kind: 'unhandled rejection' | 'uncaught exception';
  /** The plugin whose code leaked it, or null when only its directory is known (a helper next to the plugins). */
  plugin: PluginRef | null;
  /** The plugin's file, or the file named in the stack. */
  file: string;
  /** The hook (or other call) whose async work leaked it, when known. */
  source: string | null;
  process: string | null;
  error: unknown;
  message: string;
}

/** The plugin (or plugin directory file) that an error's stack points into first, if any. */
export function attribute(error: unknown, plugins: readonly PluginRef[], directory: string | null): { plugin: PluginRef | null; file: string } | null {
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : null;
  if (stack === null) return null;
  const frames = stack.split('\n').slice(1);
  const forms = plugins.map((plugin) => ({ plugin, path: plugin.file, url: pathToFileURL(plugin.file).href }));
  for (const frame of frames) {
    const hit = forms.find((f) => frame.includes(f.url) || frame.includes(`(${f.path}:`) || frame.includes(` ${f.path}:`));
    if (hit) return { plugin: hit.plugin, file: hit.path };
  }
  if (directory === null) return null;
  const prefix = directory.endsWith(sep) ? directory : `${directory}${sep}`;
  const urlPrefix = pathToFileURL(prefix).href;
  for (const frame of frames) {
    const match = /\((?:file:\/\/)?([^():]+):\d+:\d+\)|at (?:file:\/\/)?([^\s():]+):\d+:\d+/.exec(frame);
    const file = match?.[1] ?? match?.[2];
    if (file && (frame.includes(urlPrefix) || file.startsWith(prefix)) && !file.includes(`${sep}node_modules${sep}`)) return { plugin: null, file: decodeURIComponent(file) };
  }
  return null;
}

type Sink = (stray: StrayError) => void;

const guarded: PluginRef[] = [];
const directories: string[] = [];
let installed = false;

/** Until a stack redirects them: one line on stderr (no stack trace). */
const stderrSink: Sink = (stray) => {
  const who = stray.plugin ? `plugin "${stray.plugin.name}" (${stray.file})` : `plugin file ${stray.file}`;
  const where = stray.source === null ? '' : `, ${stray.source},`;
  process.stderr.write(`pilot: warning: ${who}${where} leaked an ${stray.kind}: ${stray.message}\n`);
};
let sink: Sink = stderrSink;

/**
 * Guards the process against errors these plugins leak, from now on (idempotent per plugin): installs
 * the process-level handlers once. An error that is not a plugin's is left to whoever else listens, or —
 * when nobody does — rethrown, so that Node reports it and exits as it would have.
 */
export function guardPlugins(plugins: readonly PluginRef[], directory: string | null): void {
  for (const plugin of plugins) if (!guarded.some((g) => g.file === plugin.file)) guarded.push({ name: plugin.name, file: plugin.file });
  if (directory !== null && !directories.includes(directory)) directories.push(directory);
  if (installed) return;
  installed = true;
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
}

/** Sends attributed errors to `to` (a running stack's events) until the returned function is called. */
export function redirectStrayErrors(to: Sink): () => void {
  const previous = sink;
  sink = to;
  return () => {
    if (sink === to) sink = previous;
  };
}

function handle(kind: StrayError['kind'], error: unknown, event: 'uncaughtException' | 'unhandledRejection'): void {
  // First: the plugin call whose async work this is (exact); else the plugin file in the error's stack.
  const scope = currentPluginScope();
  let origin: (ReturnType<typeof attribute> & { source?: string; process?: string | null }) | null = scope ? { plugin: scope.plugin, file: scope.plugin.file, source: scope.source, process: scope.process } : null;
  for (const directory of directories.length > 0 ? directories : [null]) origin ??= attribute(error, guarded, directory);
  if (origin) {
    try {
      sink({ kind, plugin: origin.plugin, file: origin.file, source: origin.source ?? null, process: origin.process ?? null, error, message: errorText(error) });
    } catch {
      // reporting must not turn into a crash of its own
    }
    return;
  }
  if (process.listenerCount(event) > 1) return; // someone else decides
  process.off('uncaughtException', onException);
  process.off('unhandledRejection', onRejection);
  installed = false;
  process.nextTick(() => {
    throw error;
  });
}

function onException(error: unknown): void {
  handle('uncaught exception', error, 'uncaughtException');
}

function onRejection(reason: unknown): void {
  handle('unhandled rejection', reason, 'unhandledRejection');
}
