// Everything the supervisor reports, as one discriminated union. The supervisor never prints;
// the CLI, the log files and (later) the control socket subscribe to these.
import type { UnitState } from './states.js';

interface Base {
  /** Wall-clock time, ms since the epoch. */
  at: number;
}

/** A unit moved from one state to another. `reason` says why when it failed, backed off or stopped. */
export interface StateEvent extends Base {
  type: 'state';
  process: string;
  from: UnitState;
  to: UnitState;
  pid: number | null;
  reason?: string;
}

/** A child was spawned. `attempt` counts spawns of this unit since the stack started (1 = first). */
export interface SpawnEvent extends Base {
  type: 'spawn';
  process: string;
  pid: number;
  attempt: number;
  /** The argv actually executed (including setpriv/taskset wrappers). */
  argv: string[];
}

/** The child became ready. `detail` is what was awaited, e.g. `tcp 127.0.0.1:8080`. */
export interface ReadyEvent extends Base {
  type: 'ready';
  process: string;
  pid: number;
  elapsedMs: number;
  detail: string;
}

/** The child ended. */
export interface ExitEvent extends Base {
  type: 'exit';
  process: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when pilot asked it to stop. */
  requested: boolean;
  /** How long the child ran, ms. */
  runtimeMs: number;
}

/** A restart is scheduled after `delayMs`. */
export interface BackoffEvent extends Base {
  type: 'backoff';
  process: string;
  delayMs: number;
  restarts: number;
}

/** One line of a child's output (without its newline). `truncated` when it was cut at the line limit. */
export interface LineEvent extends Base {
  type: 'line';
  process: string;
  stream: 'stdout' | 'stderr';
  line: string;
  truncated?: boolean;
}

/** Something the user should know that is not a state change (affinity unsupported, log disk full, ...). */
export interface WarningEvent extends Base {
  type: 'warning';
  process: string | null;
  message: string;
}

/** The stack as a whole. */
export interface StackEvent extends Base {
  type: 'stack';
  phase: 'booting' | 'up' | 'boot-failed' | 'stopping' | 'stopped';
  /** For `stopping`: why (signal, request, shutdown_everything of a process, boot failure). */
  reason?: string;
}

/**
 * Processes carrying this stack's marker that pilot killed: at start, what a previous, dead supervisor
 * left behind (`when: 'start'`); after a full stop, whatever escaped its process group (`when: 'stop'`).
 */
export interface SweepEvent extends Base {
  type: 'sweep';
  when: 'start' | 'stop';
  killed: { process: string; pid: number }[];
}

export type PilotEvent = StateEvent | SpawnEvent | ReadyEvent | ExitEvent | BackoffEvent | LineEvent | WarningEvent | StackEvent | SweepEvent;
export type PilotEventType = PilotEvent['type'];
export type EventOf<T extends PilotEventType> = Extract<PilotEvent, { type: T }>;
export type PilotListener = (event: PilotEvent) => void;
