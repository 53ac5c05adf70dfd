// Foreground output like docker compose: `api     | hello`, the name in a stable colour per process.
//
// stdout lines are separated from the name by `|`, stderr lines by `!` (red when colour is on), so
// the two stay distinguishable without colour (NO_COLOR, CI logs). Colour follows kleur.enabled,
// which the CLI sets from NO_COLOR / FORCE_COLOR / the terminal; `color: false` turns it off per call.
import kleur from 'kleur';
import type { OutputStream } from './log-format.js';

export type Paint = (s: string) => string;

// Red is kept for stderr; the rest are easy to tell apart on dark and light terminals.
const PALETTE: Paint[] = [
  (s) => kleur.cyan(s),
  (s) => kleur.yellow(s),
  (s) => kleur.green(s),
  (s) => kleur.magenta(s),
  (s) => kleur.blue(s),
  (s) => kleur.bold().cyan(s),
  (s) => kleur.bold().yellow(s),
  (s) => kleur.bold().magenta(s),
];

const identity: Paint = (s) => s;

/** A stable colour for a process name (FNV-1a hash into the palette); identity when colour is off. */
export function colorForName(name: string): Paint {
  if (!kleur.enabled) return identity;
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length] as Paint;
}

/** The name as shown in a prefix: control and format characters (escapes, bidi overrides) become `?`. */
export function safeName(name: string): string {
  return name.replace(/[\p{Cc}\p{Cf}]/gu, '?');
}

/** Width of the name column: the longest name, in characters. */
export function prefixWidth(names: string[]): number {
  let width = 0;
  for (const name of names) width = Math.max(width, [...safeName(name)].length);
  return width;
}

/** One foreground line (no newline): the padded name, `|` or `!`, then the child's line unchanged. */
export function formatPrefixed(name: string, width: number, stream: OutputStream, line: string, color: boolean): string {
  const shown = safeName(name);
  const label = shown + ' '.repeat(Math.max(0, width - [...shown].length));
  const mark = stream === 'stderr' ? '!' : '|';
  if (!color || !kleur.enabled) return `${label} ${mark} ${line}`;
  const paint = colorForName(name);
  return `${paint(label)} ${stream === 'stderr' ? kleur.red(mark) : paint(mark)} ${line}`;
}
