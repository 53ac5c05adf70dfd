// Stopping a unit's child, once: whoever asks for the stop of the same child (a stop, a restart, the
// watchdog, a failed readiness) shares one escalation and its outcome.
import type { ProcessSpec } from '../manifest/types.js';
import type { ChildRun } from './spawn-child.js';
import { stopChild, type StopOutcome } from './stop-child.js';
import type { UnitContext } from './unit-context.js';

export class Termination {
  private current: { run: ChildRun; outcome: Promise<StopOutcome> } | null = null;

  constructor(private readonly ctx: UnitContext) {}

  /** Stops `run` as `spec` says (stop signal, `timeout`, SIGKILL, `kill_timeout`); joins a stop of it under way. */
  of(run: ChildRun, spec: ProcessSpec): Promise<StopOutcome> {
    if (this.current?.run !== run) {
      run.stopRequested = true;
      const { ctx } = this;
      const outcome = stopChild({ pgid: run.pgid, signal: spec.stopSignal, timeoutMs: spec.timeout * 1000, killTimeoutMs: ctx.manifest.killTimeout * 1000, exited: run.exited, kill: ctx.kill, clock: ctx.clock });
      this.current = { run, outcome };
    }
    return this.current.outcome;
  }
}
