// What follows when a unit's child ends or an attempt fails: the shutdown strategy, the backoff and the
// restart budget, the watchdog's verdict on the child it stopped, and failing the activation.
import { PilotError } from '../errors.js';
import type { ProcessSpec } from '../manifest/types.js';
import type { Activation } from './activation.js';
import { delay } from './clock.js';
import { exitCodeOf } from './exit-reason.js';
import { stable } from './manifest-diff.js';
import { RestartTracker } from './restart-policy.js';
import type { ChildExit, ChildRun } from './spawn-child.js';
import type { UnitState } from './states.js';
import { formatSeconds } from './stop-child.js';
import type { UnitContext } from './unit-context.js';

/** What the policy needs from its unit. */
export interface PolicyHost {
  readonly name: string;
  /** The definition in force (a reload may replace it). */
  spec(): ProcessSpec;
  readonly ctx: UnitContext;
  setState(to: UnitState, reason?: string): void;
  /** `act` is over: the unit forgets it if it is still its current one. */
  release(act: Activation): void;
  /** The text of the unit's newest `n` lines (for a failed start's error). */
  lastLines(n: number): string[];
}

export type StartFailureCode = 'READY_FAILED' | 'SPAWN_FAILED' | 'HOOK_FAILED';

export class ExitPolicy {
  private tracker: RestartTracker;
  /** The child the watchdog is stopping, and why (its exit then goes to the shutdown strategy with that reason). */
  private tripped: { run: ChildRun; reason: string } | null = null;

  constructor(private readonly host: PolicyHost) {
    this.tracker = this.newTracker(host.spec());
  }

  /** A start the user asked for gets a fresh restart budget. */
  resetBudget(): void {
    this.tracker.reset();
  }

  /** `next` replaces the definition: the budget starts afresh when the restart policy changed. */
  redefine(previous: ProcessSpec, next: ProcessSpec): void {
    if (stable(next.restartPolicy) !== stable(previous.restartPolicy)) this.tracker = this.newTracker(next);
  }

  /** The watchdog is stopping `run` for `reason`; returns the reason its end will be given. */
  trip(run: ChildRun, reason: string): string {
    this.tripped = { run, reason: `watchdog: ${reason}` };
    return this.tripped.reason;
  }

  /** Why the watchdog stopped `run` (consumed), or null when it ended otherwise. */
  takeTrip(run: ChildRun): string | null {
    const reason = this.tripped?.run === run ? this.tripped.reason : null;
    this.tripped = null;
    return reason;
  }

  /**
   * Applies the shutdown strategy to a child that ended by itself, or that the watchdog stopped (`tripped`),
   * `why` saying how; true when it restarts (after the backoff).
   */
  async afterExit(act: Activation, exit: ChildExit, why: string, tripped: boolean): Promise<boolean> {
    const { name, ctx } = this.host;
    const spec = this.host.spec();
    if (spec.shutdownStrategy === 'restart') return this.backoff(act, exit.runtimeMs, why);
    this.host.release(act);
    // a process the watchdog stopped failed, even if it then exited 0
    if (exit.code === 0 && !exit.signal && !tripped) this.host.setState('exited', why);
    else this.host.setState('failed', why);
    if (spec.shutdownStrategy === 'shutdown_everything') {
      const code = exitCodeOf(exit.code, exit.signal);
      ctx.shutdownEverything(name, tripped && code === 0 ? 1 : code, `"${name}" ${why}`);
    }
    return false;
  }

  /**
   * An attempt that spawned nothing. A failing pre_start on a restart (`act` ran before) is a failed start,
   * as systemd treats a failing ExecStartPre under Restart=: backoff and budget, true to try again. Anything
   * else, and any failure of a first start (or of a start or restart asked for), fails the activation.
   */
  async cannotStart(act: Activation, reason: string, code: StartFailureCode): Promise<boolean> {
    if (code === 'HOOK_FAILED' && act.settled) return this.backoff(act, 0, reason);
    this.fail(act, reason, reason, code);
    return false;
  }

  /** After a crash or a failed restart: back off and return true, or fail when the budget is spent (false; also when stopped meanwhile). */
  async backoff(act: Activation, runtimeMs: number, why: string): Promise<boolean> {
    const decision = this.tracker.onCrash(runtimeMs);
    if (decision.action === 'give-up') {
      this.fail(act, `${why}; ${decision.reason}`, why);
      return false;
    }
    const { ctx, name } = this.host;
    this.host.setState('backoff', `${why}; restarting in ${formatSeconds(decision.delayMs)} s`);
    ctx.emit({ type: 'backoff', at: ctx.clock.wall(), process: name, delayMs: decision.delayMs, restarts: decision.restarts });
    return delay(ctx.clock, decision.delayMs, act.controller.signal);
  }

  /** Ends the activation in `failed`, rejecting its start if it was still waiting. */
  fail(act: Activation, reason: string, detail: string, code: StartFailureCode = 'READY_FAILED'): void {
    this.host.release(act);
    act.controller.abort();
    this.host.setState('failed', reason);
    if (!act.settled) {
      act.settled = true;
      const lastLines = this.host.lastLines(20);
      act.reject(new PilotError(code, reason, { context: { process: this.host.name, reason, detail, lastLines } }));
    }
  }

  private newTracker(spec: ProcessSpec): RestartTracker {
    const { clock } = this.host.ctx;
    return new RestartTracker(spec.restartPolicy, () => clock.now());
  }
}
