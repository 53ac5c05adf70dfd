// The stack's resource sampler: every interval, CPU and memory of each running child, as one `stats` event.
// It reads the list of processes afresh at each tick (the set can change while the stack runs) and keeps
// the latest sample of each for `pilot ps`. A tick never overlaps the previous one.
import type { Clock } from '../supervisor/clock.js';
import type { StatsEvent } from '../supervisor/events.js';
import { CpuMeter, MIN_INTERVAL_MS } from './cpu-meter.js';
import type { ProcessSource } from './source.js';
import type { ProcessSample } from './types.js';

/** A process to sample: its name and the pid of its live child. */
export interface SampleTarget {
  process: string;
  pid: number;
  /**
   * Command names (/proc's comm) that mean the child is still the wrapper pilot started it through
   * (setpriv, taskset) and has not exec'd the program yet: no sample then, its numbers would be the wrapper's.
   */
  wrappers?: ReadonlySet<string>;
}

/** What to sample at a tick, asked for afresh each time. */
export interface SamplingPlan {
  /** Time between ticks, ms (> 0). */
  intervalMs: number;
  includeChildren: boolean;
  targets: SampleTarget[];
  /** Emit the tick even when nothing was sampled (statistics are on, not only the watchdog's sampling). */
  emitEmpty: boolean;
}

export interface SamplerOptions {
  clock: Clock;
  /** null: this platform offers no way to measure processes (the sampler does nothing). */
  source: ProcessSource | null;
  plan(): SamplingPlan;
  emit(event: StatsEvent): void;
  warn(message: string): void;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** How often sampleNow tries again for children not yet measurable (still exec'ing, or too young), at most. */
const RETRY_MS = MIN_INTERVAL_MS;
const MAX_RETRIES = 8;

export class StatsSampler {
  private readonly meter = new CpuMeter();
  private readonly latestByProcess = new Map<string, ProcessSample>();
  private timer: unknown = null;
  private nextAt = 0;
  /** The interval the pending timer was set with. */
  private scheduledMs = 0;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastFailure: string | null = null;
  /** sampleNow's tries left for children it could not measure yet (-1: not in a sampleNow). */
  private retriesLeft = -1;

  constructor(private readonly o: SamplerOptions) {}

  /** Starts ticking (first tick one interval from now). */
  start(): void {
    if (!this.stopped || this.o.source === null) return;
    this.stopped = false;
    this.nextAt = this.o.clock.now();
    this.schedule();
  }

  /** No more ticks; a tick in progress completes without emitting. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /**
   * Samples now (e.g. once the stack is up, so `ps` has numbers at once); the regular ticks follow from here.
   * A child not measurable yet (still exec'ing through its wrapper, or too young for a CPU %) is tried again
   * shortly, not left without numbers until the next tick.
   */
  sampleNow(): void {
    this.retriesLeft = MAX_RETRIES;
    this.now();
  }

  private now(): void {
    if (this.stopped) return;
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
    this.nextAt = this.o.clock.now();
    void this.tick();
  }

  /** The interval may have changed (a manifest reload): the next tick comes one new interval after the last one (at once if that has passed). */
  reschedule(): void {
    if (this.stopped || this.timer === null) return;
    const { intervalMs } = this.o.plan();
    if (intervalMs === this.scheduledMs) return;
    this.o.clock.clearTimer(this.timer);
    const now = this.o.clock.now();
    this.nextAt = Math.max(now, this.nextAt - this.scheduledMs + intervalMs);
    this.setTimer(now);
  }

  /** The latest sample of `process`'s child `pid`, or null (none yet, or of an earlier child). */
  latest(process: string, pid: number | null): ProcessSample | null {
    const sample = this.latestByProcess.get(process);
    return sample && sample.pid === pid ? sample : null;
  }

  /** Resolves when the tick in progress (if any) has finished. */
  async settled(): Promise<void> {
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    const { intervalMs } = this.o.plan();
    const now = this.o.clock.now();
    this.nextAt += intervalMs;
    if (this.nextAt < now) this.nextAt = now + intervalMs; // fell behind (a stalled host): no burst of catch-up ticks
    this.scheduledMs = intervalMs;
    this.setTimer(now);
  }

  private setTimer(now: number): void {
    this.timer = this.o.clock.setTimer(() => {
      this.timer = null;
      void this.tick();
    }, this.nextAt - now);
  }

  private tick(): Promise<void> {
    if (this.running) return this.running; // the previous tick is still reading: skip this one
    this.running = this.sample().then((waiting) => {
      this.running = null;
      if (waiting && this.retriesLeft > 0 && !this.stopped) {
        this.retriesLeft -= 1;
        if (this.timer !== null) this.o.clock.clearTimer(this.timer);
        this.timer = this.o.clock.setTimer(() => this.now(), RETRY_MS);
        return;
      }
      this.retriesLeft = -1;
      if (this.timer === null) this.schedule();
    });
    return this.running;
  }

  // One tick; resolves true when a child could not be measured yet (see sampleNow).
  private async sample(): Promise<boolean> {
    const source = this.o.source;
    if (!source) return false;
    const plan = this.o.plan();
    let readings;
    try {
      readings = await source.read(plan.targets.map((t) => t.pid), plan.includeChildren);
    } catch (err) {
      this.failed(`resource sampling failed (${source.name}): ${(err as Error).message}; trying again at the next tick`);
      return false;
    }
    this.lastFailure = null;
    if (this.stopped) return false;
    const now = this.o.clock.now();
    // a configured interval under the meter's minimum is the user's choice: measure over half of it
    const minMs = Math.min(MIN_INTERVAL_MS, plan.intervalMs / 2);
    const samples: ProcessSample[] = [];
    const live = new Set<number>();
    let waiting = false;
    for (const { process, pid, wrappers } of plan.targets) {
      const reading = readings.get(pid);
      if (!reading) continue; // ended since the list was taken: no sample rather than a wrong one
      live.add(pid);
      // still the wrapper (setpriv, taskset): its numbers are not the program's
      if (reading.comm !== undefined && wrappers?.has(reading.comm)) {
        waiting = true;
        continue;
      }
      // too short a time since the previous sample (or the start) for a CPU %: the previous one stands, if any
      const cpu = this.meter.measure(reading, now, minMs) ?? this.latest(process, pid)?.cpuPercent ?? null;
      if (cpu === null) {
        waiting = true;
        continue;
      }
      const memoryBytes = reading.members.reduce((sum, m) => sum + m.rssBytes, 0);
      samples.push({ process, pid, cpuPercent: round1(cpu), memoryBytes, processCount: reading.members.length });
    }
    this.meter.retain(live);
    this.latestByProcess.clear();
    for (const s of samples) this.latestByProcess.set(s.process, s);
    if (samples.length === 0 && !plan.emitEmpty) return waiting;
    this.o.emit({ type: 'stats', at: this.o.clock.wall(), intervalMs: plan.intervalMs, samples });
    return waiting;
  }

  // Says so once per kind of failure, not at every tick.
  private failed(message: string): void {
    if (message !== this.lastFailure) this.o.warn(message);
    this.lastFailure = message;
  }
}
