// The watchdog's limits for one running child: timers for silence, heartbeat and run time, and checks of
// each resource sample for memory and CPU. Fires at most once, then is spent.
import type { WatchdogSpec } from '../../manifest/types.js';
import type { ProcessSample } from '../../stats/types.js';
import type { Clock } from '../clock.js';
import type { WatchdogLimit } from '../events.js';
import type { MtimeFn } from './heartbeat-file.js';
import { cpuReason, heartbeatReason, limitBytes, memoryReason, runtimeReason, silenceReason } from './reasons.js';

export interface ChildWatchHost {
  clock: Clock;
  mtimeOf: MtimeFn;
  /** A limit was crossed. */
  fire(limit: WatchdogLimit, reason: string): void;
}

export class ChildWatch {
  private readonly timers = new Set<unknown>();
  private spent = false;
  /** Monotonic ms of the last output line (or of arming). */
  private lastOutputAt: number;
  private lastSampleAt: number;
  /** Since when every sample was above the CPU limit, monotonic ms; null when the last one was not. */
  private cpuAboveSince: number | null = null;
  /** Wall-clock ms of the newest heartbeat seen (or of arming: a stale file from an earlier run does not count). */
  private lastBeat: number;

  /** Arms the limits of `spec` for child `pid`, spawned at monotonic `spawnedAt`. */
  constructor(readonly pid: number, private readonly spec: WatchdogSpec, private readonly host: ChildWatchHost, spawnedAt: number) {
    const now = host.clock.now();
    this.lastOutputAt = now;
    this.lastSampleAt = now;
    this.lastBeat = host.clock.wall();
    if (spec.silenceTimeoutSec !== undefined) this.after(spec.silenceTimeoutSec * 1000, () => this.checkSilence());
    if (spec.heartbeatFile !== undefined && spec.heartbeatTimeoutSec !== undefined) this.after(spec.heartbeatTimeoutSec * 1000, () => void this.checkHeartbeat());
    const maxRuntimeSec = spec.maxRuntimeSec;
    if (maxRuntimeSec !== undefined) this.after(spawnedAt + maxRuntimeSec * 1000 - now, () => this.fire('runtime', runtimeReason(host.clock.now() - spawnedAt, maxRuntimeSec)));
  }

  /** The child printed a line. */
  output(): void {
    this.lastOutputAt = this.host.clock.now();
  }

  /** A resource sample of this child. */
  sample(s: ProcessSample): void {
    const now = this.host.clock.now();
    const since = this.lastSampleAt;
    this.lastSampleAt = now;
    const { maxMemoryMb, maxCpuPercentSec } = this.spec;
    if (maxMemoryMb !== undefined && s.memoryBytes > limitBytes(maxMemoryMb)) return this.fire('memory', memoryReason(s.memoryBytes, maxMemoryMb));
    if (maxCpuPercentSec === undefined) return;
    const [percent, forSec] = maxCpuPercentSec;
    if (s.cpuPercent <= percent) {
      this.cpuAboveSince = null;
      return;
    }
    // the sample is the average since the previous one: the whole interval was above
    this.cpuAboveSince ??= since;
    const above = now - this.cpuAboveSince;
    if (above >= forSec * 1000) this.fire('cpu', cpuReason(s.cpuPercent, percent, above));
  }

  /** Cancels every timer; nothing fires afterwards. */
  disarm(): void {
    this.spent = true;
    for (const t of this.timers) this.host.clock.clearTimer(t);
    this.timers.clear();
  }

  private checkSilence(): void {
    const timeoutMs = (this.spec.silenceTimeoutSec ?? 0) * 1000;
    const quiet = this.host.clock.now() - this.lastOutputAt;
    if (quiet >= timeoutMs) this.fire('silence', silenceReason(quiet));
    else this.after(timeoutMs - quiet, () => this.checkSilence());
  }

  // Looks at the file only when the timeout could have passed: one stat per timeout while the child beats.
  private async checkHeartbeat(): Promise<void> {
    const { heartbeatFile, heartbeatTimeoutSec } = this.spec;
    if (heartbeatFile === undefined || heartbeatTimeoutSec === undefined) return;
    const beat = await this.host.mtimeOf(heartbeatFile);
    if (this.spent) return;
    if ('at' in beat) this.lastBeat = Math.max(this.lastBeat, beat.at);
    const since = this.host.clock.wall() - this.lastBeat;
    const timeoutMs = heartbeatTimeoutSec * 1000;
    if (since >= timeoutMs) this.fire('heartbeat', heartbeatReason(since, 'problem' in beat ? beat.problem : null));
    else this.after(timeoutMs - since, () => void this.checkHeartbeat());
  }

  private after(ms: number, fn: () => void): void {
    if (this.spent) return;
    const timer = this.host.clock.setTimer(() => {
      this.timers.delete(timer);
      if (!this.spent) fn();
    }, Math.max(0, ms));
    this.timers.add(timer);
  }

  private fire(limit: WatchdogLimit, reason: string): void {
    if (this.spent) return;
    this.disarm();
    this.host.fire(limit, reason);
  }
}
