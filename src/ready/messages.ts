// Every user-facing sentence about readiness comes from here, so outcomes read the same for every strategy.

/** Text of anything thrown: an Error's message, a string as is, else its String() form. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : String(err);
}

/** A duration for messages: `5.0s`, or `40ms` below a tenth of a second. */
export function formatDuration(ms: number): string {
  return ms >= 100 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

/** e.g. `tcp 127.0.0.1:6390 not accepting connections after 5.0s (last error: ECONNREFUSED)`. */
export function timeoutMessage(detail: string, notReadyText: string | undefined, timeoutMs: number, lastError?: string): string {
  const suffix = lastError ? ` (last error: ${lastError})` : '';
  return `${detail} ${notReadyText ?? 'not ready'} after ${formatDuration(timeoutMs)}${suffix}`;
}

/** The wait was cut short from outside (the child exited, or the stack is stopping). */
export function abortedMessage(detail: string, elapsedMs: number, reason: unknown): string {
  const why = reason === undefined ? 'aborted' : errorText(reason);
  return `${detail}: wait aborted after ${formatDuration(elapsedMs)} (${why})`;
}

/** The strategy itself failed (its `wait` rejected, or `prepare` state was unusable). */
export function errorMessage(detail: string, err: unknown): string {
  return `${detail}: ${errorText(err)}`;
}
