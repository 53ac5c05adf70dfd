// The loop of one activation of a unit: wait for its dependencies, attempt a start, watch the running
// child, and let the exit policy decide what follows — until the unit is stopped, ends for good or fails.
import { PilotError } from '../errors.js';
import type { Activation, StartGate } from './activation.js';
import { describeExit } from './exit-reason.js';
import type { ExitPolicy } from './exit-policy.js';
import type { ChildRun } from './spawn-child.js';
import { runAttempt, type AttemptHost } from './unit-attempt.js';
import type { UnitContext } from './unit-context.js';
import type { UnitHooks } from './unit-hooks.js';

/** What the loop needs from its unit. */
export interface LoopHost {
  readonly name: string;
  readonly ctx: UnitContext;
  readonly attempt: AttemptHost;
  readonly hooks: UnitHooks;
  readonly policy: ExitPolicy;
  /** post_start/on_restart hooks are over: `running`, if `run` is still the unit's live child. */
  running(run: ChildRun): void;
  /** The loop hit an internal error: end `act`, if it is still the unit's current one. */
  broke(act: Activation, err?: PilotError): void;
}

/** Runs `act` to its end; `why` is set when its first attempt is a restart (why it restarts, for the hooks). */
export async function runActivation(host: LoopHost, act: Activation, gate: StartGate | undefined, why: string | null): Promise<void> {
  const { policy, hooks } = host;
  const signal = act.controller.signal;
  try {
    if (gate) {
      try {
        await gate(signal);
      } catch (err) {
        if (!signal.aborted) policy.fail(act, `cannot start "${host.name}": ${(err as Error).message}`, (err as Error).message);
        return;
      }
      if (signal.aborted) return;
    }
    for (;;) {
      const attempt = await runAttempt(host.attempt, signal, why);
      if (signal.aborted || attempt.kind === 'aborted') return;
      if (attempt.kind === 'cannot-start') {
        if (!(await policy.cannotStart(act, attempt.reason, attempt.code ?? 'SPAWN_FAILED'))) return;
        why = attempt.reason;
        continue;
      }
      if (attempt.kind === 'not-ready') {
        if (attempt.unkillable) return policy.fail(act, attempt.unkillable, attempt.unkillable);
        if (hooks.has('on_shutdown')) {
          await attempt.run.closed;
          await hooks.shutdownOf(attempt.run);
          if (signal.aborted) return;
        }
        if (!act.settled) return policy.fail(act, attempt.reason, attempt.detail);
        if (await policy.backoff(act, attempt.runtimeMs, attempt.reason)) {
          why = attempt.reason;
          continue;
        }
        return;
      }
      // post_start, then (for a restart) on_restart; without them the child is running already (see ready()).
      if (attempt.held) {
        await hooks.afterReady(attempt.run.pid, why, signal);
        host.running(attempt.run);
      }
      if (signal.aborted) return;
      act.settled = true;
      act.resolve();
      const exit = await attempt.run.closed;
      await hooks.shutdownOf(attempt.run);
      if (signal.aborted) return;
      const tripped = policy.takeTrip(attempt.run);
      const cause = tripped ?? describeExit(exit.code, exit.signal);
      if (!(await policy.afterExit(act, exit, cause, tripped !== null))) return;
      why = cause;
    }
  } catch (err) {
    const { ctx } = host;
    ctx.emit({ type: 'warning', at: ctx.clock.wall(), process: host.name, message: `internal error in "${host.name}": ${(err as Error).message}` });
    host.broke(act, err instanceof PilotError ? err : undefined);
  }
}
