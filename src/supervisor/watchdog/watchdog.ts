// The stack's watchdog: arms each process's limits when its child is ready, feeds them output lines and
// resource samples from the event bus, and when one is crossed asks the unit to stop the child; the unit's
// shutdown strategy then applies. Units are looked up at each event (the set can change at run time).
import type { ProcessSpec, WatchdogSpec } from '../../manifest/types.js';
import type { Clock } from '../clock.js';
import type { PilotEvent, WatchdogLimit } from '../events.js';
import { ChildWatch } from './child-watch.js';
import { fileMtime, type MtimeFn } from './heartbeat-file.js';

/** What the watchdog needs of a unit. */
export interface WatchedUnit {
  readonly spec: ProcessSpec;
  /** Stops child `pid` for `reason`; false when it is not running or already being stopped. */
  trip(pid: number, limit: WatchdogLimit, reason: string): boolean;
}

export interface WatchdogOptions {
  clock: Clock;
  lookup(process: string): WatchedUnit | undefined;
  warn(process: string | null, message: string): void;
  mtimeOf?: MtimeFn;
}

/** True when `spec` sets at least one limit. */
export function hasLimits(spec: WatchdogSpec | null): spec is WatchdogSpec {
  return spec !== null && Object.values(spec).some((v) => v !== undefined);
}

export class Watchdog {
  /** Armed limits, by process. */
  private readonly watches = new Map<string, ChildWatch>();
  /** The monotonic spawn time of each process's current child (run time counts from there). */
  private readonly spawnedAt = new Map<string, { pid: number; at: number }>();
  /** The last limit each process crossed, for `pilot ps`. */
  private readonly lastTrip = new Map<string, string>();
  private closed = false;
  private readonly mtimeOf: MtimeFn;

  constructor(private readonly o: WatchdogOptions) {
    this.mtimeOf = o.mtimeOf ?? fileMtime;
  }

  /** Feeds one event of the stack's bus. */
  handle(event: PilotEvent): void {
    if (event.type === 'line') {
      this.watches.get(event.process)?.output();
      return;
    }
    try {
      this.route(event);
    } catch (err) {
      this.o.warn('process' in event ? event.process : null, `internal error in the watchdog: ${(err as Error).message}`);
    }
  }

  /** The last limit `process` crossed (`memory 812 MB > 512 MB`), or null. */
  lastReason(process: string): string | null {
    return this.lastTrip.get(process) ?? null;
  }

  /** Disarms everything; nothing fires afterwards (the stack is stopping). */
  close(): void {
    this.closed = true;
    for (const watch of this.watches.values()) watch.disarm();
    this.watches.clear();
  }

  private route(event: Exclude<PilotEvent, { type: 'line' }>): void {
    switch (event.type) {
      case 'spawn':
        this.spawnedAt.set(event.process, { pid: event.pid, at: this.o.clock.now() });
        break;
      case 'ready':
        this.arm(event.process, event.pid);
        break;
      case 'stats':
        for (const sample of event.samples) {
          const watch = this.watches.get(sample.process);
          if (watch?.pid === sample.pid) watch.sample(sample);
        }
        break;
      case 'state':
        if (event.to !== 'running') this.disarm(event.process);
        break;
      case 'stack':
        if (event.phase === 'stopping') this.close();
        break;
      default:
    }
  }

  private arm(process: string, pid: number): void {
    this.disarm(process);
    const unit = this.o.lookup(process);
    if (this.closed || !unit || !hasLimits(unit.spec.watchdog)) return;
    const spawned = this.spawnedAt.get(process);
    const spawnedAt = spawned?.pid === pid ? spawned.at : this.o.clock.now();
    const fire = (limit: WatchdogLimit, reason: string): void => this.fire(process, pid, limit, reason);
    this.watches.set(process, new ChildWatch(pid, unit.spec.watchdog, { clock: this.o.clock, mtimeOf: this.mtimeOf, fire }, spawnedAt));
  }

  private disarm(process: string): void {
    this.watches.get(process)?.disarm();
    this.watches.delete(process);
  }

  private fire(process: string, pid: number, limit: WatchdogLimit, reason: string): void {
    this.watches.delete(process);
    const unit = this.o.lookup(process);
    if (unit?.trip(pid, limit, reason)) {
      this.lastTrip.set(process, reason);
      return;
    }
    this.o.warn(process, `watchdog: ${reason}, but "${process}" is no longer running (already stopping or restarting): nothing to do`);
  }
}
