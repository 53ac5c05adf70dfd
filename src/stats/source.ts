// What a platform's process reader provides to the sampler: raw CPU times and memory of processes.

/** One process of a measured group (or the process alone). */
export interface MemberReading {
  /** `pid:start`: the same process across samples, never a later one that reuses its pid. */
  key: string;
  pid: number;
  ppid: number;
  /** CPU time the process itself used since it started, ms. */
  ownMs: number;
  /** CPU time of its children that it waited for, ms (0 when not measured). */
  reapedMs: number;
  rssBytes: number;
}

/** One supervised child and, when asked, the rest of its process group. */
export interface TargetReading {
  pid: number;
  /** The leader's `pid:start`. */
  key: string;
  /** How long the leader has been running, ms (the first sample's CPU is measured over this). */
  ageMs: number;
  /** The leader's command name (/proc's comm), where the source knows it: tells a wrapper still exec'ing. */
  comm?: string;
  /** The leader first. */
  members: MemberReading[];
  /** True when `reapedMs` counts (whole groups on Linux): CPU of children that ended between samples is kept. */
  countsReaped: boolean;
}

export interface ProcessSource {
  /** What is measured, for messages: `/proc`, `ps`. */
  readonly name: string;
  /**
   * Readings of `pids` (with `groups`, each with every process of its group). A pid that is gone, or has
   * ended and waits to be reaped, is left out; nothing throws.
   */
  read(pids: readonly number[], groups: boolean): Promise<Map<number, TargetReading>>;
}

/** Runs `fn` over `items` synchronously `size` at a time, yielding to the event loop between slices. */
export async function inSlices<T>(items: readonly T[], size: number, fn: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(items.length, i + size);
    for (let j = i; j < end; j++) fn(items[j] as T);
  }
}
