// Time and bounded waiting: every wait of the harness has a deadline.

/** Monotonic milliseconds (fractional). */
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread (for the synchronous cleanup on exit). */
export const sleepSync = (ms) => void Atomics.wait(SLEEP_CELL, 0, 0, ms);

export class TimeoutError extends Error {}

/**
 * Polls `fn` (sync or async) until it returns a truthy value; returns `{ value, t }`, t being the nowMs()
 * at which it first did. Throws TimeoutError after `timeoutMs`.
 */
export async function waitFor(what, fn, { timeoutMs, intervalMs = 10 }) {
  if (!(timeoutMs > 0)) throw new Error(`waitFor(${what}) needs a timeout`);
  const start = nowMs();
  for (;;) {
    const value = await fn();
    const t = nowMs();
    if (value) return { value, t };
    if (t - start > timeoutMs) throw new TimeoutError(`timed out after ${Math.round(timeoutMs)} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** waitFor, blocking; returns the value or null at the deadline. */
export function waitForSync(fn, { timeoutMs, intervalMs = 20 }) {
  const start = nowMs();
  for (;;) {
    const value = fn();
    if (value) return value;
    if (nowMs() - start > timeoutMs) return null;
    sleepSync(intervalMs);
  }
}
