// Joining two views of one process's output without repeating lines: what was read from its log file
// (or the supervisor's tail) and what the subscription streamed, which may begin before the first ends.
import type { ParsedLogLine } from './log-format.js';

const same = (a: ParsedLogLine, b: ParsedLogLine): boolean => a.at === b.at && a.stream === b.stream && a.line === b.line;

// True when next[0..k) ends exactly like `prev` (the part of it that prev covers).
function aligned(prev: readonly ParsedLogLine[], next: readonly ParsedLogLine[], k: number): boolean {
  const m = Math.min(k, prev.length);
  for (let i = 0; i < m; i++) if (!same(next[k - m + i] as ParsedLogLine, prev[prev.length - m + i] as ParsedLogLine)) return false;
  return true;
}

/**
 * How many lines at the start of `next` are already in `prev` (or older than all of it), so skipped. Both are one
 * process's lines oldest first, `next` starting no later than just after `prev`'s end. Only lines at or
 * before prev's last time can repeat; of those, the longest run that lines up with prev's end is skipped.
 */
export function countOverlap(prev: readonly ParsedLogLine[], next: readonly ParsedLogLine[]): number {
  const last = prev.at(-1);
  if (last === undefined) return 0;
  let candidates = 0;
  while (candidates < next.length && (next[candidates] as ParsedLogLine).at <= last.at) candidates++;
  for (let k = candidates; k > 0; k--) if (aligned(prev, next, k)) return k;
  // Nothing lines up: they are new lines of the same millisecond (or the file lost some); repeat rather than lose.
  return 0;
}
