// Words and numbers for how a child ended.
import { constants } from 'node:os';

/** `exited with code 3`, `killed by SIGSEGV`. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `killed by ${signal}`;
  return `exited with code ${code ?? 'unknown'}`;
}

/** The shell convention: the exit code, or 128 + the signal number when killed by a signal. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal) return 128 + (constants.signals[signal] ?? 0);
  return code ?? 1;
}
