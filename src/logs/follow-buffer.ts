// Following output without gaps or repeats: lines streamed while the history (log files, the
// supervisor's tail) is being read are held back, then released minus what the history already shows.
import type { LogRecord } from './log-dir.js';
import { countOverlap } from './overlap.js';

export class FollowBuffer {
  private held: LogRecord[] | null = [];

  /** `emit` receives every line that arrives after release(), in arrival order. */
  constructor(private readonly emit: (record: LogRecord) => void) {}

  /** One streamed line: held until release(), then passed straight on. */
  push(record: LogRecord): void {
    if (this.held) this.held.push(record);
    else this.emit(record);
  }

  /**
   * Stops holding. `history` is what was read for each process (oldest first, read after the stream
   * began); returns the held lines it does not already contain, in arrival order.
   */
  release(history: ReadonlyMap<string, readonly LogRecord[]>): LogRecord[] {
    const held = this.held ?? [];
    this.held = null;
    const skip = new Map<string, number>();
    for (const [process, lines] of history) skip.set(process, countOverlap(lines, held.filter((r) => r.process === process)));
    return held.filter((r) => {
      const left = skip.get(r.process) ?? 0;
      if (left > 0) skip.set(r.process, left - 1);
      return left === 0;
    });
  }
}

/**
 * One process's history from two reads of its last `wanted` lines, `next` read later (possibly
 * overlapping the end of `prev`). When they do not overlap and `next` is a full window, lines between
 * the two may be missing, so `next` alone is kept: a history must have no gap at its end.
 */
export function joinHistory(prev: readonly LogRecord[], next: readonly LogRecord[], wanted: number): LogRecord[] {
  if (next.length === 0) return [...prev];
  const k = countOverlap(prev, next);
  if (k > 0 || next.length < wanted) return [...prev, ...next.slice(k)];
  return [...next];
}
