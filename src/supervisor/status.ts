// The status of one process, in the documented `ps --json` shape (snake_case, ISO times or null).
import type { ProcessSample } from '../stats/types.js';
import type { UnitState } from './states.js';
import type { Unit } from './unit.js';

export interface ProcessStatus {
  name: string;
  state: UnitState;
  pid: number | null;
  restarts: number;
  exit_code: number | null;
  signal: NodeJS.Signals | null;
  started_at: string | null;
  ready_at: string | null;
  /** What readiness was awaited for the current child (`tcp 127.0.0.1:8080`, `spawned`), or null. */
  ready_detail: string | null;
  /** CPU use over the last sampling interval, percent of one core (200 = two cores); null until sampled. */
  cpu_percent: number | null;
  /** Resident memory at the last sample, bytes; null until sampled. */
  memory_bytes: number | null;
  reason: string | null;
  /** The last watchdog limit this process crossed (`memory 812 MB > 512 MB`), kept after it restarted; or null. */
  watchdog: string | null;
}

/** What the stack's collaborators know of a unit besides its own state. */
export interface StatusExtras {
  /** The latest resource sample of its current child. */
  sample: ProcessSample | null;
  watchdog: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function statusOf(unit: Unit, extras: StatusExtras = { sample: null, watchdog: null }): ProcessStatus {
  return {
    name: unit.name,
    state: unit.state,
    pid: unit.pid,
    restarts: unit.restarts,
    exit_code: unit.exitCode,
    signal: unit.exitSignal,
    started_at: iso(unit.startedAt),
    ready_at: iso(unit.readyAt),
    ready_detail: unit.readyDetail,
    cpu_percent: extras.sample?.cpuPercent ?? null,
    memory_bytes: extras.sample?.memoryBytes ?? null,
    reason: unit.reason,
    watchdog: extras.watchdog,
  };
}
