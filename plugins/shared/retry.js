// @ts-check
// The retry loop of the first-party ready strategies that probe (http, exec): an attempt, a pause, again,
// until one says ready or the wait is over — and then, at once, the last reason it was not ready.
import { setTimeout as sleep } from 'node:timers/promises';

/** @typedef {{ ready: true } | { ready: false; reason: string; fatal?: boolean }} AttemptResult */

/**
 * Resolves when `attempt` says ready. Rejects with an Error carrying the last attempt's reason the moment
 * `signal` aborts (pilot puts it in its timeout message), or at once when an attempt is `fatal` (it cannot
 * become ready by retrying: a probe command that does not exist). Attempts never overlap.
 * Each attempt gets its own budget, never past the deadline: one that hangs (a server that accepts and
 * never answers) costs one attempt, not the whole ready timeout.
 * @param {{ signal: AbortSignal; deadline: number }} ctx the strategy's ctx (deadline: on performance.now())
 * @param {{ intervalMs: number; attemptMs: number }} timing the pause between the end of an attempt and the
 *   next one, and the longest one attempt may take
 * @param {(signal: AbortSignal, timeoutMs: number) => Promise<AttemptResult>} attempt must settle soon
 *   after `signal` aborts, and after `timeoutMs`
 * @param {string} [initialReason] the reason when no attempt has finished yet
 * @returns {Promise<void>}
 */
export function retryUntilReady({ signal, deadline }, { intervalMs, attemptMs }, attempt, initialReason = 'no attempt finished yet') {
  let reason = initialReason;
  return new Promise((resolve, reject) => {
    // Rejected in the same turn as the abort: pilot waits only one turn of the event loop for the reason.
    const onAbort = () => reject(new Error(reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const loop = async () => {
      while (!signal.aborted) {
        const result = await attempt(signal, Math.max(1, Math.min(attemptMs, deadline - performance.now())));
        if (signal.aborted) return;
        if (result.ready) return resolve();
        reason = result.reason;
        if (result.fatal) return reject(new Error(reason));
        await sleep(intervalMs, undefined, { signal }).catch(() => {});
      }
    };
    loop()
      .catch((err) => reject(err))
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
