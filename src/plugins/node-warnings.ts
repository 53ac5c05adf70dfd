// Node's warning about how a plugin directory is laid out, said by pilot instead of Node: an ES module `.js`
// file under a package.json without "type" makes Node print `(node:PID) [MODULE_TYPELESS_PACKAGE_JSON]
// Warning: …` on stderr (it parses the file twice). pilot's output is pilot's: while plugins are imported,
// that one warning is taken from Node and becomes a plugin warning with the fix. Every other warning goes
// on to Node as before, and nothing is changed outside the import of plugins (but in the ESM hook's loader
// thread, which loads nothing but plugins: see pilot-alias.ts).
import { fileURLToPath } from 'node:url';
import type { PluginProblem } from '../manifest/types.js';

export const TYPELESS_CODE = 'MODULE_TYPELESS_PACKAGE_JSON';

/** The code of a process.emitWarning call (`(warning, { code })`, `(warning, type, code)` or an Error with a code). */
export function warningCode(warning: unknown, rest: unknown[]): string | undefined {
  const [options, code] = rest;
  if (typeof options === 'object' && options !== null && typeof (options as { code?: unknown }).code === 'string') return (options as { code: string }).code;
  if (typeof code === 'string') return code;
  const own = (warning as { code?: unknown } | null)?.code;
  return typeof own === 'string' ? own : undefined;
}

/** Node's text of the warning made into a pilot warning about the module it names. */
export function typelessWarning(text: string): PluginProblem {
  const url = /\bfile:\/\/\S+/.exec(text)?.[0];
  const file = url ? safePath(url) : null;
  const pkg = /add "type": "module" to (.+?package\.json)/.exec(text)?.[1] ?? null;
  const where = pkg ? pkg : 'the nearest package.json';
  return {
    code: 'plugin-module-type',
    file: file ?? pkg ?? '',
    message: `plugin ${file ?? 'file'} is an ES module under a package.json without "type" (${where}): Node parses it twice to find out`,
    hint: `add "type": "module" to ${where} (or name the file .mjs)`,
  };
}

function safePath(url: string): string | null {
  try {
    return fileURLToPath(url.replace(/[.,;]+$/, ''));
  } catch {
    return null;
  }
}

type EmitWarning = typeof process.emitWarning;

/** Runs `fn` with Node's typeless-package warning handed to `seen` instead of printed. */
export async function withTypelessWarnings<T>(fn: () => Promise<T>, seen: (warning: PluginProblem) => void): Promise<T> {
  const original: EmitWarning = process.emitWarning;
  const taking = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    if (warningCode(warning, rest) !== TYPELESS_CODE) return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    seen(typelessWarning(typeof warning === 'string' ? warning : warning.message));
  } as EmitWarning;
  process.emitWarning = taking;
  try {
    return await fn();
  } finally {
    // (a plugin that replaced emitWarning meanwhile keeps its own)
    if (process.emitWarning === taking) process.emitWarning = original;
  }
}
