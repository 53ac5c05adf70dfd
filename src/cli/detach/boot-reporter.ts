// The background supervisor's side of `pilot up -d`: report the boot's outcome once, on the launcher's pipe.
import { Socket } from 'node:net';
import { PilotError } from '../../errors.js';
import { encodeOutcome, REPORT_FD, REPORT_FD_ENV, type BootOutcome } from './boot-outcome.js';

// A launcher that went away must not keep the supervisor from exiting.
const WRITE_TIMEOUT_MS = 5000;

export interface BootReporter {
  /** Sends `outcome` unless one was sent already; resolves once written (or the launcher is gone). */
  report(outcome: BootOutcome): Promise<void>;
}

/**
 * The reporter of a supervisor started by `pilot up -d`, or null in any other `pilot up`. Removes the
 * marker variable so that the stack's processes never see it.
 */
export function takeBootReporter(env: NodeJS.ProcessEnv = process.env): BootReporter | null {
  const value = env[REPORT_FD_ENV];
  if (value === undefined) return null;
  delete env[REPORT_FD_ENV];
  if (value !== String(REPORT_FD)) return null;
  let sent = false;
  return {
    report: (outcome) => {
      if (sent) return Promise.resolve();
      sent = true;
      return writeAndClose(encodeOutcome(outcome));
    },
  };
}

// Writes the line to the pipe and closes it; never throws (the launcher may have been killed).
function writeAndClose(line: string): Promise<void> {
  return new Promise((resolve) => {
    let pipe: Socket;
    try {
      pipe = new Socket({ fd: REPORT_FD, readable: false, writable: true });
    } catch {
      return resolve();
    }
    const timer = setTimeout(() => pipe.destroy(), WRITE_TIMEOUT_MS);
    pipe.on('error', () => pipe.destroy());
    pipe.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    pipe.end(line, () => pipe.destroy());
  });
}

/** The outcome for an error that ended the supervisor before its stack was up. */
export function failureOutcome(err: unknown): BootOutcome {
  if (err instanceof PilotError) {
    const hint = typeof err.context.hint === 'string' ? [`  hint: ${err.context.hint}`] : [];
    const details = Array.isArray(err.context.details) ? err.context.details.map((d) => `  ${String(d)}`) : [];
    return { ok: false, exitCode: err.exitCode, report: [`pilot: ${err.message}`, ...details, ...hint] };
  }
  return { ok: false, exitCode: 1, report: [`pilot: internal error: ${err instanceof Error ? err.message : String(err)}`] };
}
