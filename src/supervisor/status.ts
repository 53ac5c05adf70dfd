// The status of one process, in the documented `ps --json` shape (snake_case, ISO times or null).
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
  /** Filled in by the stats sampler (src/stats); the supervisor does not measure. */
  cpu_percent: number | null;
  memory_bytes: number | null;
  reason: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function statusOf(unit: Unit): ProcessStatus {
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
    cpu_percent: null,
    memory_bytes: null,
    reason: unit.reason,
  };
}
