// Time as the supervisor sees it, injectable so policies can be tested in virtual time.

export interface Clock {
  /** Monotonic milliseconds (for durations and deadlines). */
  now(): number;
  /** Wall-clock milliseconds since the epoch (for events and status). */
  wall(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  wall: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Waits `ms` on `clock`; resolves true when the time passed, false when `signal` aborted first. */
export function delay(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clock.clearTimer(timer);
      resolve(false);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with `promise`'s value, or with `undefined` once `ms` passed on `clock`. */
export async function within<T>(clock: Clock, promise: Promise<T>, ms: number): Promise<T | undefined> {
  const stop = new AbortController();
  try {
    return await Promise.race([promise, delay(clock, ms, stop.signal).then(() => undefined)]);
  } finally {
    stop.abort();
  }
}
