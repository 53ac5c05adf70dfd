// When to restart a crashed process: exponential backoff and a restart budget (pure; clock injected).
import type { RestartPolicy } from '../manifest/types.js';

export type RestartDecision =
  | { action: 'restart'; delayMs: number; restarts: number }
  | { action: 'give-up'; reason: string };

/** Keeps one unit's restart history and decides, on each crash, whether and when to restart. */
export class RestartTracker {
  /** Consecutive quick crashes so far (the backoff exponent). */
  private streak = 0;
  /** Times of the restarts granted, oldest first (for the budget window). */
  private granted: number[] = [];
  /** Restarts granted since the tracker was created or reset. */
  private total = 0;

  constructor(private readonly policy: RestartPolicy, private readonly now: () => number) {}

  /** Decides what follows a run that ended after `runtimeMs`. */
  onCrash(runtimeMs: number): RestartDecision {
    const p = this.policy;
    if (runtimeMs >= p.resetAfterSec * 1000) this.streak = 0;
    const at = this.now();
    const windowMs = p.windowSec * 1000;
    this.granted = this.granted.filter((t) => at - t < windowMs);
    if (p.maxRestarts > 0 && this.granted.length >= p.maxRestarts) {
      return { action: 'give-up', reason: `restart budget spent: ${this.granted.length} restarts within ${p.windowSec} s` };
    }
    const delaySec = Math.min(p.backoffInitialSec * p.backoffFactor ** this.streak, p.backoffMaxSec);
    // the exponent stops growing at the cap: 2 ** 1024 is Infinity, and 0 s × Infinity is NaN
    if (delaySec < p.backoffMaxSec) this.streak += 1;
    this.granted.push(at);
    this.total += 1;
    return { action: 'restart', delayMs: Math.round(delaySec * 1000), restarts: this.total };
  }

  /** Forgets the history (after a restart or start the user asked for). */
  reset(): void {
    this.streak = 0;
    this.granted = [];
  }
}
