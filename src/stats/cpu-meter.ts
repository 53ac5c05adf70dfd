// CPU % from the difference of CPU times between two samples of the same child (never a constant):
// a child's first sample is measured over its whole life so far.
import type { TargetReading } from './source.js';

interface Previous {
  key: string;
  /** Monotonic ms of the sample. */
  at: number;
  /** Each member's CPU total (own + reaped children) and parent, by member key. */
  members: Map<string, { totalMs: number; ppid: number }>;
}

/** Shortest interval a percentage is computed over, ms: /proc's times move in 10 ms steps (below 250 ms, one step is more than 4%). */
export const MIN_INTERVAL_MS = 250;

export class CpuMeter {
  private previous = new Map<number, Previous>();

  /**
   * CPU use of `reading` since its previous sample (or since it started), percent of one core; null when that
   * is shorter than `minMs` (default MIN_INTERVAL_MS), too short to mean anything: the previous sample (or the
   * start) then stays the base of the next measure.
   */
  measure(reading: TargetReading, now: number, minMs = MIN_INTERVAL_MS): number | null {
    const prev = this.previous.get(reading.pid);
    const fresh = !prev || prev.key !== reading.key;
    const intervalMs = fresh ? reading.ageMs : now - prev.at;
    if (intervalMs < minMs || intervalMs <= 0) {
      if (fresh) this.previous.delete(reading.pid); // (a pid reused by a young child: the old base is no base)
      return null;
    }
    const members = new Map(reading.members.map((m) => [m.key, { totalMs: m.ownMs + m.reapedMs, ppid: m.ppid }]));
    this.previous.set(reading.pid, { key: reading.key, at: now, members });
    let usedMs = 0;
    if (fresh) {
      // a new child (or the pid reused by one): everything its group used since it started
      for (const m of members.values()) usedMs += m.totalMs;
    } else {
      for (const [key, m] of members) usedMs += m.totalMs - (prev.members.get(key)?.totalMs ?? 0);
      if (reading.countsReaped) usedMs -= reapedTwice(prev, members);
    }
    return Math.max(0, (usedMs / intervalMs) * 100);
  }

  /** Forgets every child but those in `pids` (call once per tick with the live ones). */
  retain(pids: ReadonlySet<number>): void {
    for (const pid of this.previous.keys()) if (!pids.has(pid)) this.previous.delete(pid);
  }
}

// A member that ended since the last sample and was waited for by a parent in the group: its whole CPU
// time now shows in that parent's reaped time, of which the part counted before must not count again.
function reapedTwice(prev: Previous, members: Map<string, { ppid: number }>): number {
  const livePids = new Set([...members.keys()].map((key) => Number(key.slice(0, key.indexOf(':')))));
  let twice = 0;
  for (const [key, m] of prev.members) if (!members.has(key) && livePids.has(m.ppid)) twice += m.totalMs;
  return twice;
}
