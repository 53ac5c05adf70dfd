// A unit's lifecycle state: changed only through the transition table, each change announced.
import { canTransition, IllegalTransitionError, type UnitState } from './states.js';

export class UnitStateMachine {
  state: UnitState = 'pending';
  /** Why the unit is in its state (failed, backoff, stopped, …), or null. */
  reason: string | null = null;
  private readonly listeners = new Set<() => void>();

  /** `announce` reports every change (as a `state` event) before listeners hear of it. */
  constructor(private readonly process: string, private readonly announce: (from: UnitState, to: UnitState, reason?: string) => void) {}

  /** Moves to `to`; an illegal transition is a bug and throws. */
  set(to: UnitState, reason?: string): void {
    const from = this.state;
    if (!canTransition(from, to)) throw new IllegalTransitionError(this.process, from, to);
    this.state = to;
    this.reason = reason ?? null;
    this.announce(from, to, reason);
    for (const fn of [...this.listeners]) fn();
  }

  /** A stop is over: `stopped` (`failed` when the child could not be killed), from whatever state it left. */
  stopped(reason: string, unkillable: string | null): void {
    switch (this.state) {
      case 'starting':
      case 'running': // halted earlier, and the child has ended on its own since
        this.set('stopping', reason);
        this.set('stopped', reason);
        break;
      case 'stopping':
        if (unkillable) this.set('failed', unkillable);
        else this.set('stopped', reason);
        break;
      case 'pending':
      case 'backoff':
        this.set('stopped', reason);
        break;
      default: // stopped, exited, failed: already down
    }
  }

  /** Calls `fn` after every change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
