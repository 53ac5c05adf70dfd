// The resource numbers pilot samples, shared by `pilot ps`/`pilot top`, the watchdog and plugins' statistics handlers.

/** One process's resources at one sampling tick. */
export interface ProcessSample {
  /** The process's name in the manifest. */
  process: string;
  /** The supervised child's pid (the leader of its process group). */
  pid: number;
  /**
   * CPU use since the previous sample of the same child, in percent of one core (200 = two cores busy).
   * Computed from the difference of CPU times, never a constant: a child's first sample is measured over
   * the time since it was spawned.
   */
  cpuPercent: number;
  /** Resident memory, bytes. */
  memoryBytes: number;
  /** How many processes the numbers cover: 1, or the whole process group with `stats_include_children`. */
  processCount: number;
}

/** Everything one sampling tick measured: the running processes (those with a live child), in manifest order. */
export interface StatsTick {
  /** Wall-clock time of the sample, ms since the epoch. */
  at: number;
  /** The configured interval (`stats_interval_sec`), ms. */
  intervalMs: number;
  samples: ProcessSample[];
}
