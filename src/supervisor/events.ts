// Everything the supervisor reports, as one discriminated union. The supervisor never prints;
// the CLI, the log files and (later) the control socket subscribe to these.
import type { StatsTick } from '../stats/types.js';
import type { ReloadResult } from './reload-result.js';
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
  /** Restarts the restart policy has granted since the process was last started on request (this one included). */
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
  /** `exit`: what one process's ended child left outside its group, killed before the process starts again. */
  when: 'start' | 'stop' | 'exit';
  killed: { process: string; pid: number }[];
}

/** One resource sampling tick (every `stats_interval_sec`): CPU and memory of every running process. */
export interface StatsEvent extends Base, StatsTick {
  type: 'stats';
}

/** Watch mode has begun watching a process's `watch.paths` (with `pilot up --watch`, or after a reload). */
export interface WatchingEvent extends Base {
  type: 'watching';
  process: string;
  /** The watched paths (absolute; globs as written). */
  paths: string[];
  /** Files and directories watched after the initial scan. */
  entries: number;
  elapsedMs: number;
}

/** Files under a process's `watch.paths` changed: `restart` (the process, and with `restart_dependents` its dependents) restart now. */
export interface WatchEvent extends Base {
  type: 'watch';
  process: string;
  /** The changed files, latest first (at most 10). */
  files: string[];
  /** Changed files not listed. */
  more: number;
  /** The processes being restarted, in start order; empty when none is up to be restarted. */
  restart: string[];
}

/** The manifest was read again (`pilot reload`, or `--watch-manifest`): what changed, or why nothing did. */
export interface ReloadEvent extends Base {
  type: 'reload';
  result: ReloadResult;
}

/**
 * From or about a plugin: a hook, handler or control server that failed, timed out or recovered, a plugin's
 * own log message, or an error it leaked. Always names the plugin, its file and what was running.
 */
export interface PluginEvent extends Base {
  type: 'plugin';
  /** The plugin's name. */
  plugin: string;
  /** Absolute path of the plugin's file. */
  file: string;
  /** What was running, e.g. `pre_start hook of "notify"`, `stat handler "jsonl"`, `control server "http"`. */
  source: string;
  /** The process concerned, if any. */
  process: string | null;
  level: 'info' | 'warning' | 'error';
  message: string;
  /** The error's stack, when an error was thrown (the CLI shows it with --debug only). */
  stack?: string;
}

/** Which watchdog limit was crossed (`watchdog` in the manifest). */
export type WatchdogLimit = 'memory' | 'cpu' | 'silence' | 'heartbeat' | 'runtime';

/**
 * A watchdog limit was crossed: pilot stops the child (stop signal, grace, SIGKILL), then its shutdown strategy
 * applies. `reason` says what was measured: `memory 812 MB > 512 MB`, `no output for 60 s`.
 */
export interface WatchdogEvent extends Base {
  type: 'watchdog';
  process: string;
  pid: number;
  limit: WatchdogLimit;
  reason: string;
}

export type PilotEvent =
  | StateEvent
  | SpawnEvent
  | ReadyEvent
  | ExitEvent
  | BackoffEvent
  | LineEvent
  | WarningEvent
  | StackEvent
  | SweepEvent
  | StatsEvent
  | WatchingEvent
  | WatchEvent
  | ReloadEvent
  | PluginEvent
  | WatchdogEvent;
export type PilotEventType = PilotEvent['type'];
export type EventOf<T extends PilotEventType> = Extract<PilotEvent, { type: T }>;
export type PilotListener = (event: PilotEvent) => void;
