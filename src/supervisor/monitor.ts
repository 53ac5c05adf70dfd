// The stack's monitoring: the resource sampler and the watchdog, wired to the stack's bus and units.
// A collaborator of the stack rather than part of it: the stack only starts and stops it.
import { basename } from 'node:path';
import { WATCHDOG_SAMPLE_SEC } from '../manifest/defaults.js';
import type { Manifest, ProcessSpec, WatchdogSpec } from '../manifest/types.js';
import { WRAPPER_NAMES } from './child-argv.js';
import { StatsSampler, type SamplingPlan, type SampleTarget } from '../stats/sampler.js';
import type { ProcessSource } from '../stats/source.js';
import type { Clock } from './clock.js';
import type { EventBus } from './event-bus.js';
import type { StatusExtras } from './status.js';
import type { Unit } from './unit.js';
import type { MtimeFn } from './watchdog/heartbeat-file.js';
import { Watchdog } from './watchdog/watchdog.js';

/** Sampling rate for memory and CPU limits when `stats_interval_sec: 0` turned statistics off, ms. */
export const WATCHDOG_SAMPLE_MS = WATCHDOG_SAMPLE_SEC * 1000;

export interface MonitorOptions {
  /** Read at each tick: the manifest and the units may change while the stack runs. */
  manifest(): Manifest;
  units(): Iterable<Unit>;
  unit(name: string): Unit | undefined;
  bus: EventBus;
  clock: Clock;
  /** null: processes cannot be measured on this platform. */
  source: ProcessSource | null;
  mtimeOf?: MtimeFn;
  warn(process: string | null, message: string): void;
}

/** True when a watchdog needs resource samples (a memory or CPU limit). */
export function needsSamples(watchdog: WatchdogSpec | null): boolean {
  return watchdog?.maxMemoryMb !== undefined || watchdog?.maxCpuPercentSec !== undefined;
}

/** What to sample now: every live child when statistics are on; else only those with memory/CPU limits. */
export function samplingPlan(manifest: Manifest, units: Iterable<Unit>): SamplingPlan {
  const on = manifest.statsIntervalSec > 0;
  const targets: SampleTarget[] = [];
  for (const unit of units) {
    const pid = unit.pid;
    if (pid !== null && (on || needsSamples(unit.spec.watchdog))) targets.push({ process: unit.name, pid, wrappers: wrappersOf(unit.spec) });
  }
  return { intervalMs: on ? manifest.statsIntervalSec * 1000 : WATCHDOG_SAMPLE_MS, includeChildren: manifest.statsIncludeChildren, targets, emitEmpty: on };
}

// The wrappers' command names, but the program's own (a program called setpriv is sampled as itself).
// Asked every sampling tick for every unit: computed once per definition (a reload brings a new one).
const wrappersBySpec = new WeakMap<ProcessSpec, ReadonlySet<string>>();
function wrappersOf(spec: ProcessSpec): ReadonlySet<string> {
  let wrappers = wrappersBySpec.get(spec);
  if (wrappers === undefined) {
    const program = basename(spec.command).slice(0, 15); // (comm keeps 15 bytes of the file name)
    wrappers = WRAPPER_NAMES.has(program) ? new Set([...WRAPPER_NAMES].filter((n) => n !== program)) : WRAPPER_NAMES;
    wrappersBySpec.set(spec, wrappers);
  }
  return wrappers;
}

export class StackMonitor {
  readonly sampler: StatsSampler;
  readonly watchdog: Watchdog;
  /** Stopped for good: a start that comes later (a boot cut short) starts nothing. */
  private closed = false;

  constructor(private readonly o: MonitorOptions) {
    this.sampler = new StatsSampler({
      clock: o.clock,
      source: o.source,
      plan: () => samplingPlan(o.manifest(), o.units()),
      emit: (event) => o.bus.emit(event),
      warn: (message) => o.warn(null, message),
    });
    this.watchdog = new Watchdog({ clock: o.clock, lookup: (name) => o.unit(name), warn: o.warn, mtimeOf: o.mtimeOf });
    o.bus.on((event) => {
      this.watchdog.handle(event);
      // once every process is ready, a first sample at once: `pilot up -d && pilot ps` has numbers
      if (event.type === 'stack' && event.phase === 'up') this.sampler.sampleNow();
      // a reload may have changed stats_interval_sec: the next tick follows the new one
      if (event.type === 'reload' && event.result.valid) this.sampler.reschedule();
    });
  }

  /** Starts sampling (never after stop()); says so when this platform cannot measure processes. */
  start(): void {
    if (this.closed) return;
    const manifest = this.o.manifest();
    const wanted = manifest.statsIntervalSec > 0 || manifest.processes.some((p) => needsSamples(p.watchdog));
    if (this.o.source === null && wanted) {
      this.o.warn(null, `resource sampling is not available on ${process.platform}: CPU and memory stay unknown, and watchdog memory and CPU limits are not checked`);
    }
    this.sampler.start();
  }

  /** No more samples or watchdog actions (the stack is stopping). */
  stop(): void {
    this.closed = true;
    this.sampler.stop();
    this.watchdog.close();
  }

  /** What `pilot ps` shows of `unit` besides its state: its latest sample and last watchdog reason. */
  extras(unit: Unit): StatusExtras {
    return { sample: this.sampler.latest(unit.name, unit.pid), watchdog: this.watchdog.lastReason(unit.name) };
  }
}
