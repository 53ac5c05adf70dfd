// The contract between the supervisor and ready strategies (built-in and, later, from plugins).
import type { ProcessSpec } from '../manifest/types.js';

/** Given to `prepare`, before each spawn of the process. */
export interface ReadyPrepareContext {
  process: ProcessSpec;
  params: Record<string, unknown>;
  /** The stack's runtime directory (exists, mode 0700): a place for FIFOs and sockets. */
  runtimeDir: string;
  log: (message: string) => void;
}

/** What `prepare` hands back: environment for the child, state for `wait`/`check`, and a cleanup. */
export interface ReadyPreparation {
  /** Added to the child's environment (e.g. PILOT_READY_PIPE). */
  env?: Record<string, string>;
  /** Opaque to pilot; passed back as `ctx.prepared`. */
  state?: unknown;
  /** What is awaited, when only preparing knows it (e.g. the FIFO pilot created); used instead of `describe()`. */
  detail?: string;
  /** Runs once readiness is settled (ready, failed, timed out or aborted). Must not throw. */
  cleanup?: () => void | Promise<void>;
}

/** Given to `wait` / `check` once the process has spawned. */
export interface ReadyContext {
  process: ProcessSpec;
  params: Record<string, unknown>;
  pid: number;
  /** Aborted when the child exits, the deadline passes, or the stack stops. */
  signal: AbortSignal;
  /** Deadline on the monotonic clock (`performance.now()` milliseconds). */
  deadline: number;
  /** The prepared state from `prepare`, if any. */
  prepared: unknown;
  /** The newest `n` lines (default 50) of this child's output, oldest first. */
  recentOutput: (n?: number) => string[];
  /** Subscribes to this child's output lines from now on; returns the unsubscribe function. */
  onOutput?: (listener: (line: { at: number; stream: 'stdout' | 'stderr'; line: string }) => void) => () => void;
  /** The environment the child was spawned with (pilot's markers included). */
  env?: Readonly<Record<string, string>>;
  log: (message: string) => void;
}

/**
 * A ready strategy decides when a started process counts as ready.
 * Implement `wait` (resolve when ready; reject or observe `signal` otherwise)
 * or `check` (return true when ready; pilot polls it every `pollIntervalMs`).
 * A thrown error from `check` counts as "not ready yet"; its message is kept for the failure report.
 */
export interface ReadyStrategy {
  readonly name: string;
  /** What is awaited, for messages: e.g. `tcp 127.0.0.1:6390`. */
  describe(params: Record<string, unknown>, process: ProcessSpec): string;
  /** Why it is not ready, for the timeout message: e.g. `not accepting connections`. */
  readonly notReadyText?: string;
  prepare?(ctx: ReadyPrepareContext): Promise<ReadyPreparation | void>;
  wait?(ctx: ReadyContext): Promise<void>;
  check?(ctx: ReadyContext): Promise<boolean> | boolean;
  /** Poll interval for `check`, ms (default 100). */
  readonly pollIntervalMs?: number;
}

/** Outcome of awaiting readiness (from src/ready/await-ready.ts). */
export type ReadyOutcome =
  | { ok: true; elapsedMs: number; detail: string }
  | { ok: false; reason: 'timeout' | 'aborted' | 'error'; elapsedMs: number; detail: string; message: string };
