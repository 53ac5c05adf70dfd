// Calling into a plugin: whatever it does — throws, rejects, hangs, ignores its signal — the caller gets
// an outcome within the timeout, and a late rejection of an abandoned call is never unhandled.
import { formatDuration } from '../ready/messages.js';
import { realClock, within } from '../supervisor/clock.js';
import { inPluginScope, type PluginScope } from './plugin-scope.js';

export type CallOutcome =
  | { ok: true }
  | { ok: false; kind: 'threw'; error: unknown }
  | { ok: false; kind: 'timeout'; message: string }
  /** `cancel` was aborted (the stack is being killed). */
  | { ok: false; kind: 'cancelled' };

export interface CallOptions {
  timeoutMs: number;
  /** Ends the call at once, e.g. when the stack is killed. */
  cancel?: AbortSignal;
  /** Who is called: errors its async work leaks later are traced to it. */
  scope?: PluginScope;
}

/** Calls `fn` with a signal that aborts at the timeout or on `cancel`; resolves with how it went. */
export function callPlugin(fn: (signal: AbortSignal) => unknown, options: CallOptions): Promise<CallOutcome> {
  const controller = new AbortController();
  const { cancel } = options;
  if (cancel?.aborted) return Promise.resolve({ ok: false, kind: 'cancelled' });
  return new Promise<CallOutcome>((resolve) => {
    let done = false;
    const finish = (outcome: CallOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
      if (!outcome.ok) controller.abort(new Error(outcome.kind === 'timeout' ? outcome.message : 'cancelled'));
      resolve(outcome);
    };
    const onCancel = (): void => finish({ ok: false, kind: 'cancelled' });
    const timer = setTimeout(() => finish({ ok: false, kind: 'timeout', message: `timed out after ${formatDuration(options.timeoutMs)}` }), options.timeoutMs);
    cancel?.addEventListener('abort', onCancel, { once: true });
    let result: unknown;
    try {
      result = options.scope ? inPluginScope(options.scope, () => fn(controller.signal)) : fn(controller.signal);
    } catch (error) {
      return finish({ ok: false, kind: 'threw', error });
    }
    // Both handlers are attached at once: a rejection after the timeout is swallowed here, not left unhandled.
    Promise.resolve(result).then(
      () => finish({ ok: true }),
      (error: unknown) => finish({ ok: false, kind: 'threw', error }),
    );
  });
}

/** The timeout of a plugin call in ms, from seconds. */
export function seconds(sec: number): number {
  return Math.round(sec * 1000);
}

/** True once `pending` has settled (either way), false when `ms` passed first. */
export async function settlesWithin(pending: Promise<unknown>, ms: number): Promise<boolean> {
  return (await within(realClock, pending.then(() => true, () => true), ms)) ?? false;
}
