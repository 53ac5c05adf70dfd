// Colour decisions per stream (NO_COLOR, FORCE_COLOR, --no-color, TTY) and a painter built on kleur.
import kleur from 'kleur';

// kleur's own switch only looks at stdout; pilot decides per stream, so the painter below gates colour itself.
kleur.enabled = true;

/** The few styles the CLI uses; each returns plain text when colour is off. */
export interface Paint {
  readonly enabled: boolean;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  gray(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  /** Swapped foreground and background (the selected row of `pilot top`). */
  inverse(text: string): string;
}

/** Whether to colour output written to `stream`, following https://no-color.org and FORCE_COLOR. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** A painter that colours only when `enabled`. */
export function makePaint(enabled: boolean): Paint {
  const style = (fn: (text: string) => string) => (text: string): string => (enabled ? fn(text) : text);
  return {
    enabled,
    red: style((t) => kleur.red(t)),
    yellow: style((t) => kleur.yellow(t)),
    green: style((t) => kleur.green(t)),
    cyan: style((t) => kleur.cyan(t)),
    blue: style((t) => kleur.blue(t)),
    magenta: style((t) => kleur.magenta(t)),
    gray: style((t) => kleur.gray(t)),
    bold: style((t) => kleur.bold(t)),
    dim: style((t) => kleur.dim(t)),
    inverse: style((t) => kleur.inverse(t)),
  };
}
