// One supervised process: its state machine, its current child, and the loop that keeps it up.
import { PilotError } from '../errors.js';
import { TailBuffer } from '../logs/tail-buffer.js';
import type { ProcessSpec } from '../manifest/types.js';
import { delay } from './clock.js';
import type { OutputStream } from './child-output.js';
import { describeExit, exitCodeOf } from './exit-reason.js';
import { killGroup } from './kill-group.js';
import { RestartTracker } from './restart-policy.js';
import type { ChildExit, ChildRun } from './spawn-child.js';
import type { LineEvent } from './events.js';
import type { UnitState } from './states.js';
import { formatSeconds, stopChild, type StopOutcome } from './stop-child.js';
import { newActivation, type Activation } from './activation.js';
import { runAttempt, type AttemptHost } from './unit-attempt.js';
import { UnitStateMachine } from './unit-state.js';
import type { UnitContext } from './unit-context.js';

export interface OutputLine {
  at: number;
  stream: OutputStream;
  line: string;
}

/** Resolves when the unit may spawn (its dependencies are running); rejects to fail the start. */
export type StartGate = (signal: AbortSignal) => Promise<void>;

const TAIL_LINES = 1000;

export class Unit {
  readonly name: string;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  /** Wall-clock ms of the current child's spawn and readiness. */
  startedAt: number | null = null;
  readyAt: number | null = null;
  /** What readiness was awaited for the current child, e.g. `tcp 127.0.0.1:8080`; null until ready. */
  readyDetail: string | null = null;
  /** No more starts: the stack is shutting down. */
  private closed = false;
  private spawns = 0;
  private run: ChildRun | null = null;
  private activation: Activation | null = null;
  private stopping: Promise<void> | null = null;
  private restarting: Promise<void> | null = null;
  /** Calls of stop() so far (a restart does not start again if another came in during its stop). */
  private stopRequests = 0;
  /** start() calls still waiting for a stop to finish before they can begin. */
  private queuedStarts = 0;
  /** The stop of the current (or last) child, shared by everyone who asks for it. */
  private termination: { run: ChildRun; outcome: Promise<StopOutcome> } | null = null;
  private readonly output = new TailBuffer<LineEvent>(TAIL_LINES);
  private readonly tracker: RestartTracker;
  private readonly sm: UnitStateMachine;
  private readonly host: AttemptHost;

  constructor(readonly spec: ProcessSpec, private readonly ctx: UnitContext) {
    this.name = spec.name;
    this.tracker = new RestartTracker(spec.restartPolicy, () => ctx.clock.now());
    this.sm = new UnitStateMachine(spec.name, (from, to, reason) => {
      const event = { type: 'state' as const, at: ctx.clock.wall(), process: this.name, from, to, pid: this.pid };
      ctx.emit(reason === undefined ? event : { ...event, reason });
    });
    // Bound methods rather than arrow functions: the bundler gives every named closure its own
    // property dictionary (keepNames), which adds up with hundreds of units.
    this.host = {
      spec,
      ctx,
      onLine: this.onLine.bind(this),
      recentLines: this.recentLines.bind(this),
      spawned: this.spawned.bind(this),
      ready: this.ready.bind(this),
      stopNotReady: this.stopNotReady.bind(this),
      warn: this.warn.bind(this),
    };
  }

  get state(): UnitState {
    return this.sm.state;
  }

  /** Why it is failed, backing off or stopped, or null. */
  get reason(): string | null {
    return this.sm.reason;
  }

  get pid(): number | null {
    return this.run?.alive ? this.run.pid : null;
  }

  /** Spawns after the first one (automatic and requested restarts). */
  get restarts(): number {
    return Math.max(0, this.spawns - 1);
  }

  /** True while a start or restart is under way or the unit is up: waiting for it to run makes sense. */
  get expectsRunning(): boolean {
    return this.activation !== null || this.restarting !== null || this.queuedStarts > 0;
  }

  /** The newest `n` output lines, oldest first. */
  tail(n: number): OutputLine[] {
    return this.output.last(n).map(({ at, stream, line }) => ({ at, stream, line }));
  }

  /** Calls `fn` after every state change; returns the unsubscribe function. */
  onStateChange(fn: () => void): () => void {
    return this.sm.onChange(fn);
  }

  /**
   * Starts the unit: waits for `gate`, spawns, awaits readiness. Resolves once it runs; rejects
   * (READY_FAILED / SPAWN_FAILED, with the last lines) when it cannot start or is not ready.
   * A start while one is under way joins it.
   */
  async start(gate?: StartGate): Promise<void> {
    if (this.stopping) {
      this.queuedStarts += 1;
      try {
        await this.stopping;
      } finally {
        this.queuedStarts -= 1;
      }
    }
    if (this.closed) throw new PilotError('NOT_RUNNING', `cannot start "${this.name}": the stack is stopping`, { context: { process: this.name } });
    if (this.activation) return this.activation.promise;
    if (this.run) {
      throw new PilotError('UNKILLABLE', `cannot start "${this.name}": its previous process (pid ${this.run.pid}) is still alive`, { context: { process: this.name, pid: this.run.pid } });
    }
    if (this.state === 'stopped' || this.state === 'exited' || this.state === 'failed') this.sm.set('pending');
    const act = newActivation();
    this.activation = act;
    this.tracker.reset(); // a start the user asked for gets a fresh restart budget
    void this.supervise(act, gate);
    return act.promise;
  }

  /** Stops the unit (cancelling a start or a pending restart); idempotent, concurrent calls join. */
  stop(reason = 'stop requested'): Promise<void> {
    this.stopRequests += 1;
    this.stopping ??= this.doStop(reason).finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  /** Stops and starts again, awaiting readiness; a restart while one is under way joins it. */
  restart(gate?: StartGate): Promise<void> {
    this.restarting ??= (async () => {
      try {
        const stopped = this.stop('restart requested');
        const ticket = this.stopRequests;
        await stopped;
        // a stop asked for while this one ran wins: the process stays down
        if (this.stopRequests !== ticket) throw new PilotError('READY_FAILED', `"${this.name}" was stopped while restarting`, { context: { process: this.name } });
        await this.start(gate);
      } finally {
        this.restarting = null;
      }
    })();
    return this.restarting;
  }

  /** No more starts, restarts or backoffs; a live child keeps running until `stop()` (the stack stops in order). */
  halt(): void {
    this.closed = true;
    if (this.activation) this.abandon(this.activation);
  }

  /** SIGKILL to the whole group now (a stop in progress then completes at once). */
  killNow(): void {
    const run = this.run;
    if (!run?.alive) return;
    run.stopRequested = true;
    killGroup(this.ctx.kill, run.pgid, 'SIGKILL');
  }

  private async doStop(reason: string): Promise<void> {
    const act = this.activation;
    if (act) this.abandon(act);
    const run = this.run;
    let unkillable: string | null = null;
    if (run) {
      if (this.state === 'starting' || this.state === 'running') this.sm.set('stopping', reason);
      const result = await this.terminate(run);
      if (result.outcome === 'unkillable') unkillable = result.reason;
      else await run.closed; // every line read before the unit counts as stopped
    }
    switch (this.state) {
      case 'starting':
      case 'running': // halted earlier, and the child has ended on its own since
        this.sm.set('stopping', reason);
        this.sm.set('stopped', reason);
        break;
      case 'stopping':
        if (unkillable) this.sm.set('failed', unkillable);
        else this.sm.set('stopped', reason);
        break;
      case 'pending':
      case 'backoff':
        this.sm.set('stopped', reason);
        break;
      default: // stopped, exited, failed: already down
    }
  }

  // The activation's loop: attempt, then watch the running child and apply the shutdown strategy.
  private async supervise(act: Activation, gate: StartGate | undefined): Promise<void> {
    const signal = act.controller.signal;
    try {
      if (gate) {
        try {
          await gate(signal);
        } catch (err) {
          if (!signal.aborted) this.fail(act, `cannot start "${this.name}": ${(err as Error).message}`, (err as Error).message);
          return;
        }
        if (signal.aborted) return;
      }
      for (;;) {
        const attempt = await runAttempt(this.host, signal);
        if (signal.aborted || attempt.kind === 'aborted') return;
        if (attempt.kind === 'cannot-start') return this.fail(act, attempt.reason, attempt.reason, 'SPAWN_FAILED');
        if (attempt.kind === 'not-ready') {
          if (attempt.unkillable) return this.fail(act, attempt.unkillable, attempt.unkillable);
          if (!act.settled) return this.fail(act, attempt.reason, attempt.detail);
          if (await this.backoff(act, attempt.runtimeMs, attempt.reason)) continue;
          return;
        }
        act.settled = true;
        act.resolve();
        const exit = await attempt.run.closed;
        if (signal.aborted) return;
        if (!(await this.afterExit(act, exit))) return;
      }
    } catch (err) {
      this.ctx.emit({ type: 'warning', at: this.ctx.clock.wall(), process: this.name, message: `internal error in "${this.name}": ${(err as Error).message}` });
      if (this.activation === act) this.abandon(act, err instanceof PilotError ? err : undefined);
    }
  }

  // Applies the shutdown strategy to a child that ended by itself; true when it restarts.
  private async afterExit(act: Activation, exit: ChildExit): Promise<boolean> {
    const why = describeExit(exit.code, exit.signal);
    if (this.spec.shutdownStrategy === 'restart') return this.backoff(act, exit.runtimeMs, why);
    this.activation = null;
    if (exit.code === 0 && !exit.signal) this.sm.set('exited', why);
    else this.sm.set('failed', why);
    if (this.spec.shutdownStrategy === 'shutdown_everything') {
      this.ctx.shutdownEverything(this.name, exitCodeOf(exit.code, exit.signal), `"${this.name}" ${why}`);
    }
    return false;
  }

  // After a crash: back off and return true, or fail when the budget is spent (false; also when stopped meanwhile).
  private async backoff(act: Activation, runtimeMs: number, why: string): Promise<boolean> {
    const decision = this.tracker.onCrash(runtimeMs);
    if (decision.action === 'give-up') {
      this.fail(act, `${why}; ${decision.reason}`, why);
      return false;
    }
    this.sm.set('backoff', `${why}; restarting in ${formatSeconds(decision.delayMs)} s`);
    this.ctx.emit({ type: 'backoff', at: this.ctx.clock.wall(), process: this.name, delayMs: decision.delayMs, restarts: decision.restarts });
    return delay(this.ctx.clock, decision.delayMs, act.controller.signal);
  }

  // Ends the activation in `failed`, rejecting its start if it was still waiting.
  private fail(act: Activation, reason: string, detail: string, code: 'READY_FAILED' | 'SPAWN_FAILED' = 'READY_FAILED'): void {
    if (this.activation === act) this.activation = null;
    act.controller.abort();
    this.sm.set('failed', reason);
    if (!act.settled) {
      act.settled = true;
      const lastLines = this.output.last(20).map((l) => l.line);
      act.reject(new PilotError(code, reason, { context: { process: this.name, reason, detail, lastLines } }));
    }
  }

  // Ends the activation because the unit is being stopped (or broke); its waiting start is rejected.
  private abandon(act: Activation, err?: PilotError): void {
    if (this.activation === act) this.activation = null;
    act.controller.abort();
    if (act.settled) return;
    act.settled = true;
    act.reject(err ?? new PilotError('READY_FAILED', `"${this.name}" was stopped before it was ready`, { context: { process: this.name, reason: 'stopped', detail: 'stopped', lastLines: [] } }));
  }

  private terminate(run: ChildRun): Promise<StopOutcome> {
    if (this.termination?.run !== run) {
      run.stopRequested = true;
      const { spec, ctx } = this;
      const outcome = stopChild({ pgid: run.pgid, signal: spec.stopSignal, timeoutMs: spec.timeout * 1000, killTimeoutMs: ctx.manifest.killTimeout * 1000, exited: run.exited, kill: ctx.kill, clock: ctx.clock });
      this.termination = { run, outcome };
    }
    return this.termination.outcome;
  }

  // Readiness failed while the child lives: stop it.
  private stopNotReady(run: ChildRun, reason: string): Promise<StopOutcome> {
    this.sm.set('stopping', reason);
    return this.terminate(run);
  }

  private recentLines(n: number): string[] {
    return this.output.last(n).map((l) => l.line);
  }

  private warn(message: string): void {
    this.ctx.emit({ type: 'warning', at: this.ctx.clock.wall(), process: this.name, message: `${this.name}: ${message}` });
  }

  private spawned(run: ChildRun): void {
    this.run = run;
    this.spawns += 1;
    this.startedAt = this.ctx.clock.wall();
    this.readyAt = null;
    this.readyDetail = null;
    this.exitCode = null;
    this.exitSignal = null;
    this.ctx.childStarted(this.name, run);
    void run.exited.then(() => this.ctx.childEnded(this.name, run));
    void run.closed.then((exit) => {
      if (this.run === run) this.run = null;
      this.exitCode = exit.code;
      this.exitSignal = exit.signal;
      this.ctx.emit({ type: 'exit', at: this.ctx.clock.wall(), process: this.name, pid: run.pid, code: exit.code, signal: exit.signal, requested: run.stopRequested, runtimeMs: exit.runtimeMs });
    });
    this.ctx.emit({ type: 'spawn', at: this.startedAt, process: this.name, pid: run.pid, attempt: this.spawns, argv: run.argv });
    this.sm.set('starting');
  }

  private ready(run: ChildRun, elapsedMs: number, detail: string): void {
    this.readyAt = this.ctx.clock.wall();
    this.readyDetail = detail;
    this.sm.set('running');
    this.ctx.emit({ type: 'ready', at: this.readyAt, process: this.name, pid: run.pid, elapsedMs, detail });
  }

  // The event doubles as the tail entry: one object per line, not two (a 200,000-line burst is mostly GC).
  private onLine(stream: OutputStream, line: string, truncated: boolean): void {
    const at = this.ctx.clock.wall();
    const event: LineEvent = truncated ? { type: 'line', at, process: this.name, stream, line, truncated } : { type: 'line', at, process: this.name, stream, line };
    this.output.push(event);
    this.ctx.emit(event);
  }
}
