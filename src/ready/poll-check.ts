// Polling a strategy's `check` for awaitReady: on a fixed grid, one call at a time.
import type { ReadyContext, ReadyStrategy } from './types.js';

const DEFAULT_POLL_MS = 100;

/** The strategy's `pollIntervalMs` when it is a positive number, else the default. */
function validInterval(ms: number | undefined): number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_POLL_MS;
}

/** How the poller reaches back into awaitReady (its clock, timers and settling). */
export interface PollHooks {
  start: number;
  now: () => number;
  isSettled: () => boolean;
  onReady: () => void;
  onError: (err: unknown) => void;
  schedule: (fn: () => void, ms: number) => void;
}

/** Calls `check` now and then on the grid start + k·interval (no drift; ticks a slow check overran are skipped). */
export function pollCheck(strategy: ReadyStrategy, ctx: ReadyContext, hooks: PollHooks): void {
  const check = strategy.check?.bind(strategy);
  if (!check) return;
  const intervalMs = validInterval(strategy.pollIntervalMs);
  let tick = 0;
  const poll = async (): Promise<void> => {
    if (hooks.isSettled()) return;
    try {
      if (await check(ctx)) {
        if (!hooks.isSettled()) hooks.onReady();
        return;
      }
    } catch (err) {
      hooks.onError(err);
    }
    if (hooks.isSettled()) return;
    const t = hooks.now();
    tick = Math.max(tick + 1, Math.floor((t - hooks.start) / intervalMs) + 1);
    hooks.schedule(() => void poll(), hooks.start + tick * intervalMs - t);
  };
  void poll();
}
