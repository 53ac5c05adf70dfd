// Runs one ready strategy against a deadline. The only place that owns timing, aborts and outcomes:
// strategies just wait (or answer `check`), and are cut off here even if they ignore their signal.
import { abortedMessage, errorMessage, errorText, timeoutMessage } from './messages.js';
import { pollCheck } from './poll-check.js';
import type { ReadyContext, ReadyOutcome, ReadyStrategy } from './types.js';

export interface AwaitReadyOptions {
  timeoutMs: number;
  /** Parent signal: the child exited, or the stack is stopping. */
  signal?: AbortSignal;
  /** What is awaited, for messages, when the caller knows better than `strategy.describe()` (from `prepare`). */
  detail?: string;
  /** Monotonic clock in ms (default `performance.now()`); injected to test polling in virtual time. */
  now?: () => number;
}

/** The reason the strategy's signal carries when the deadline passes. */
function deadlineReason(timeoutMs: number): Error {
  const err = new Error(`ready deadline of ${timeoutMs}ms passed`);
  err.name = 'AbortError';
  return err;
}

/** The reason the strategy's signal carries once the outcome is known (so nothing it started lingers). */
function settledReason(): Error {
  const err = new Error('ready wait settled');
  err.name = 'AbortError';
  return err;
}

/** True when a rejection only echoes the abort, rather than saying why the strategy was not ready. */
function isAbortEcho(err: unknown, signal: AbortSignal): boolean {
  return err === signal.reason || (err instanceof Error && err.name === 'AbortError') || err === undefined;
}

/** What the strategy awaits, for messages; a throwing `describe` (e.g. bad params) falls back to the name. */
function describeSafely(strategy: ReadyStrategy, ctx: Omit<ReadyContext, 'signal' | 'deadline'>): string {
  try {
    return strategy.describe(ctx.params, ctx.process);
  } catch {
    return strategy.name;
  }
}

/**
 * Awaits readiness with `strategy` for at most `timeoutMs`.
 * A strategy whose `wait` rejects after its signal was aborted by the deadline may reject with an Error
 * saying why it was not ready (e.g. `ECONNREFUSED`); that message becomes the "last error" of the timeout.
 * Never rejects: every way it ends is a ReadyOutcome.
 */
export function awaitReady(
  strategy: ReadyStrategy,
  ctx: Omit<ReadyContext, 'signal' | 'deadline'>,
  opts: AwaitReadyOptions,
): Promise<ReadyOutcome> {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const deadline = start + opts.timeoutMs;
  const detail = opts.detail ?? describeSafely(strategy, ctx);
  const controller = new AbortController();
  const parent = opts.signal;
  const fullCtx: ReadyContext = { ...ctx, signal: controller.signal, deadline };

  let lastError: string | undefined;
  let settled = false;
  let timedOut = false;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let grace: NodeJS.Immediate | undefined;

  return new Promise<ReadyOutcome>((resolve) => {
    const elapsed = (): number => now() - start;
    const finish = (outcome: ReadyOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      clearTimeout(pollTimer);
      if (grace) clearImmediate(grace);
      parent?.removeEventListener('abort', onParentAbort);
      // Anything the strategy still has in flight stops with its signal.
      if (!controller.signal.aborted) controller.abort(settledReason());
      resolve(outcome);
    };
    const finishTimeout = (): void => {
      const message = timeoutMessage(detail, strategy.notReadyText, opts.timeoutMs, lastError);
      finish({ ok: false, reason: 'timeout', elapsedMs: elapsed(), detail, message });
    };
    const finishError = (err: unknown): void => {
      finish({ ok: false, reason: 'error', elapsedMs: elapsed(), detail, message: errorMessage(detail, err) });
    };
    function onParentAbort(): void {
      if (settled) return;
      controller.abort(parent?.reason);
      const elapsedMs = elapsed();
      finish({ ok: false, reason: 'aborted', elapsedMs, detail, message: abortedMessage(detail, elapsedMs, parent?.reason) });
    }

    if (parent?.aborted) return onParentAbort();
    parent?.addEventListener('abort', onParentAbort, { once: true });
    const onDeadline = (): void => {
      // Timers run on the loop's cached clock and may fire a fraction of a ms early: never time out before the deadline.
      const remaining = deadline - now();
      if (remaining > 0) {
        deadlineTimer = setTimeout(onDeadline, Math.ceil(remaining));
        return;
      }
      timedOut = true;
      controller.abort(deadlineReason(opts.timeoutMs));
      // One turn of the loop for a well-behaved strategy to reject with its last error; then time out regardless.
      grace = setImmediate(finishTimeout);
    };
    deadlineTimer = setTimeout(onDeadline, Math.max(0, Math.ceil(deadline - now())));

    if (typeof strategy.wait === 'function') {
      let waiting: Promise<void>;
      try {
        waiting = Promise.resolve(strategy.wait(fullCtx));
      } catch (err) {
        waiting = Promise.reject(err);
      }
      waiting.then(
        () => {
          if (!controller.signal.aborted) finish({ ok: true, elapsedMs: elapsed(), detail });
        },
        (err: unknown) => {
          if (!controller.signal.aborted) return finishError(err);
          if (!timedOut) return;
          if (!isAbortEcho(err, controller.signal)) lastError = errorText(err);
          finishTimeout();
        },
      );
    } else if (typeof strategy.check === 'function') {
      pollCheck(strategy, fullCtx, {
        start,
        now,
        isSettled: () => settled || controller.signal.aborted,
        onReady: () => finish({ ok: true, elapsedMs: elapsed(), detail }),
        onError: (err) => (lastError = errorText(err)),
        schedule: (fn, ms) => (pollTimer = setTimeout(fn, ms)),
      });
    } else {
      finishError(new Error(`ready strategy "${strategy.name}" has neither wait() nor check()`));
    }
  });
}
