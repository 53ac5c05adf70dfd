// One start of a unit, from `start()` until it is stopped, exits for good or fails.
import type { PilotError } from '../errors.js';

/** Resolves when the unit may spawn (its dependencies are running); rejects to fail the start. */
export type StartGate = (signal: AbortSignal) => Promise<void>;

export interface Activation {
  /** Aborted when the unit is stopped or halted: cancels waits, readiness and backoff. */
  controller: AbortController;
  /** The start has been answered (ready, or rejected). */
  settled: boolean;
  resolve(): void;
  reject(err: PilotError): void;
  /** What `start()` returns: resolves at the first readiness, rejects when it never comes. */
  promise: Promise<void>;
}

export function newActivation(): Activation {
  let resolve!: () => void;
  let reject!: (err: PilotError) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // the caller of start() sees the rejection; nobody else must crash on it
  return { controller: new AbortController(), settled: false, resolve, reject, promise };
}
