// The last lines of every process, for a CI log after the command under test failed.
import { formatPrefixed, prefixWidth } from '../../logs/prefix.js';
import type { OutputLine } from '../../supervisor/unit.js';

export const TAIL_LINES = 20;

/** `name | line` for the last `n` lines of each process, process by process; processes that printed nothing are named. */
export function processTails(names: readonly string[], tail: (name: string, n: number) => OutputLine[], color: boolean, n = TAIL_LINES): string[] {
  const width = prefixWidth([...names]);
  return names.flatMap((name) => {
    const lines = tail(name, n);
    if (lines.length === 0) return [formatPrefixed(name, width, 'stdout', '(no output)', color)];
    return lines.map((l) => formatPrefixed(name, width, l.stream, l.line, color));
  });
}
