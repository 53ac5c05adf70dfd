// Errors a client meets: the supervisor's error replies turned back into PilotErrors, and its own failures.
import { PilotError, type PilotErrorCode } from '../errors.js';
import type { ErrorBody, MethodName } from './protocol.js';

// Every PilotError code, so a code from the wire is trusted only when it is one of ours.
const PILOT_CODES: Record<PilotErrorCode, true> = {
  MANIFEST_INVALID: true,
  MANIFEST_NOT_FOUND: true,
  USAGE: true,
  SPAWN_FAILED: true,
  READY_FAILED: true,
  BOOT_FAILED: true,
  UNKNOWN_PROCESS: true,
  NOT_RUNNING: true,
  ALREADY_RUNNING: true,
  UNKILLABLE: true,
  GRAPHVIZ_MISSING: true,
  TIMEOUT: true,
  PLUGIN_INVALID: true,
  HOOK_FAILED: true,
  INTERNAL: true,
};

const isPilotCode = (code: string): code is PilotErrorCode => Object.hasOwn(PILOT_CODES, code);

/** The PilotError for an error reply; protocol errors (a client bug) become INTERNAL with the wire code in context. */
export function fromErrorReply(method: MethodName, error: ErrorBody): PilotError {
  const exitCode = typeof error.exitCode === 'number' ? error.exitCode : undefined;
  if (isPilotCode(error.code)) return new PilotError(error.code, error.message, { exitCode, context: { method } });
  return new PilotError('INTERNAL', `the supervisor refused "${method}": ${error.code}: ${error.message}`, { exitCode, context: { method, code: error.code } });
}

/** The body of an error reply for anything a handler threw. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof PilotError) return { code: err.code, message: err.message, exitCode: err.exitCode };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/** No supervisor listens on the socket. */
export function notRunning(what: string, socketPath: string, cause?: unknown): PilotError {
  return new PilotError('NOT_RUNNING', `no running stack for ${what}`, { exitCode: 3, context: { socketPath }, cause });
}

/** The supervisor did not answer in time. */
export function timedOut(what: string, timeoutMs: number, socketPath: string): PilotError {
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  return new PilotError('TIMEOUT', `the supervisor did not answer ${what} within ${seconds} (control socket ${socketPath})`, {
    exitCode: 1,
    context: { timeout: true, timeoutMs, socketPath },
  });
}
