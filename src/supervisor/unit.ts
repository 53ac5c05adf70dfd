// One supervised process: its state, its current child, and the operations on it (start, stop, restart,
// the watchdog's trip). Its collaborators: the activation loop (activation-loop.ts) and the exit policy
// (exit-policy.ts) that keep it up, its hooks (unit-hooks.ts), its output (unit-output.ts), the stop of a
// child (termination.ts).
import { PilotError } from '../errors.js';
import type { ProcessSpec } from '../manifest/types.js';
import { ExitPolicy } from './exit-policy.js';
import { killGroup } from './kill-group.js';
import type { ChildRun } from './spawn-child.js';
import type { WatchdogLimit } from './events.js';
import type { UnitState } from './states.js';
import type { StopOutcome } from './stop-child.js';
import { Termination } from './termination.js';
import { newActivation, type Activation, type StartGate } from './activation.js';
import { runActivation, type LoopHost } from './activation-loop.js';
import type { AttemptHost } from './unit-attempt.js';
import type { HookResult } from './hooks.js';
import { UnitOutput, type OutputLine } from './unit-output.js';
import { UnitStateMachine } from './unit-state.js';
import type { UnitContext } from './unit-context.js';
import { UnitHooks } from './unit-hooks.js';

export type { OutputLine } from './unit-output.js';

export type { StartGate } from './activation.js';

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
  private restartCount = 0;
  private run: ChildRun | null = null;
  private activation: Activation | null = null;
  private stopping: Promise<void> | null = null;
  private restarting: Promise<void> | null = null;
  /** Calls of stop() so far (a restart does not start again if another came in during its stop). */
  private stopRequests = 0;
  /** start() calls still waiting for a stop to finish before they can begin. */
  private queuedStarts = 0;
  /** The stop of the current (or last) child, shared by everyone who asks for it. */
  private readonly termination: Termination;
  /** Shutdown strategy, backoff and restart budget, the watchdog's trips, failing a start. */
  private readonly policy: ExitPolicy;
  private readonly output: UnitOutput;
  private readonly sm: UnitStateMachine;
  private readonly host: AttemptHost;
  private readonly loop: LoopHost;
  private current: ProcessSpec;
  /** The definition the current (or last) child was spawned from: it is stopped the way it was started. */
  private runSpec: ProcessSpec;
  private readonly hooks: UnitHooks;
  /** Why the next activation starts, when it is a restart (`restart requested`); read once by start(). */
  private restartReason: string | null = null;
  /** Why pilot is stopping the current child (for its on_shutdown hooks); null when it ends by itself. */
  private stopReason: string | null = null;

  constructor(spec: ProcessSpec, private readonly ctx: UnitContext) {
    this.name = spec.name;
    this.current = spec;
    this.runSpec = spec;
    this.output = new UnitOutput(spec.name, () => ctx.clock.wall(), ctx.emit);
    this.termination = new Termination(ctx);
    this.sm = new UnitStateMachine(spec.name, (from, to, reason) => {
      const event = { type: 'state' as const, at: ctx.clock.wall(), process: this.name, from, to, pid: this.pid };
      ctx.emit(reason === undefined ? event : { ...event, reason });
    });
    this.hooks = new UnitHooks(ctx.hooks, this);
    // Bound methods rather than arrow functions: the bundler gives every named closure its own
    // property dictionary (keepNames), which adds up with hundreds of units.
    this.host = {
      spec,
      ctx,
      onLine: this.output.line.bind(this.output),
      recentLines: this.recentLines.bind(this),
      onChildLine: this.output.child.subscribe.bind(this.output.child),
      preStart: this.preStart.bind(this),
      spawned: this.spawned.bind(this),
      ready: this.ready.bind(this),
      stopNotReady: this.stopNotReady.bind(this),
      warn: this.warn.bind(this),
    };
    this.policy = new ExitPolicy({
      name: spec.name,
      ctx,
      spec: this.specInForce.bind(this),
      setState: this.sm.set.bind(this.sm),
      release: this.release.bind(this),
      lastLines: this.output.lastText.bind(this.output),
    });
    this.loop = { name: spec.name, ctx, attempt: this.host, hooks: this.hooks, policy: this.policy, running: this.running.bind(this), broke: this.broke.bind(this) };
  }

  get state(): UnitState {
    return this.sm.state;
  }

  /** The process's definition (replaced by a reload). */
  get spec(): ProcessSpec {
    return this.current;
  }

  /** Stopped on request (`pilot stop`) and nothing is bringing it back. */
  get stoppedOnRequest(): boolean {
    return this.state === 'stopped' && !this.expectsRunning;
  }

  /** Why it is failed, backing off or stopped, or null. */
  get reason(): string | null {
    return this.sm.reason;
  }

  get pid(): number | null {
    return this.run?.alive ? this.run.pid : null;
  }

  /**
   * Restarts since the stack started: automatic ones (after a crash, a failed readiness, the watchdog) and
   * requested ones (`pilot restart`, watch mode, a reload), counted at their spawn. A stop followed by a
   * start is a start, not a restart (as for the hooks: no on_restart).
   */
  get restarts(): number {
    return this.restartCount;
  }

  /** True while a start or restart is under way or the unit is up: waiting for it to run makes sense. */
  get expectsRunning(): boolean {
    return this.activation !== null || this.restarting !== null || this.queuedStarts > 0;
  }

  /** The newest `n` output lines, oldest first. */
  tail(n: number): OutputLine[] {
    return this.output.tail(n);
  }

  /**
   * Takes a new definition (a manifest reload): the next spawn uses it. A live child is left alone, and
   * stopped the way it was started; the restart budget starts afresh when the restart policy changed.
   */
  redefine(spec: ProcessSpec): void {
    if (spec.name !== this.name) throw new PilotError('INTERNAL', `cannot redefine "${this.name}" as "${spec.name}"`);
    this.policy.redefine(this.current, spec);
    this.current = spec;
    this.host.spec = spec;
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
    this.policy.resetBudget(); // a start the user asked for gets a fresh restart budget
    const why = this.restartReason;
    this.restartReason = null;
    void runActivation(this.loop, act, gate, why);
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
        this.restartReason = 'restart requested';
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

  /**
   * The watchdog (src/supervisor/watchdog) saw child `pid` cross a limit: stop it the usual way (stop signal,
   * grace, SIGKILL); its exit then goes to the shutdown strategy with `reason`. False, and nothing done, unless
   * that child is running and nobody is stopping it already.
   */
  trip(pid: number, limit: WatchdogLimit, reason: string): boolean {
    const run = this.run;
    const act = this.activation;
    if (!run?.alive || run.pid !== pid || this.state !== 'running' || this.stopping || run.stopRequested || !act) return false;
    const why = this.policy.trip(run, reason);
    this.stopReason = why; // what its on_shutdown hooks are told
    this.ctx.emit({ type: 'watchdog', at: this.ctx.clock.wall(), process: this.name, pid, limit, reason });
    this.sm.set('stopping', why);
    void this.terminate(run).then((stopped) => {
      if (stopped.outcome === 'unkillable' && this.activation === act) this.policy.fail(act, stopped.reason, stopped.reason);
    });
    return true;
  }

  private async doStop(reason: string): Promise<void> {
    const act = this.activation;
    if (act) this.abandon(act);
    const run = this.run;
    let unkillable: string | null = null;
    if (run) {
      if (this.state === 'starting' || this.state === 'running') this.sm.set('stopping', reason);
      this.stopReason ??= reason;
      const result = await this.terminate(run);
      if (result.outcome === 'unkillable') unkillable = result.reason;
      else {
        await run.closed; // every line read before the unit counts as stopped
        await this.hooks.shutdownOf(run);
      }
    }
    this.sm.stopped(reason, unkillable);
  }

  // post_start/on_restart are over: `running`, if the child they ran for still lives.
  private running(run: ChildRun): void {
    if (run.alive && this.run === run && this.state === 'starting') this.sm.set('running');
  }

  private specInForce(): ProcessSpec {
    return this.current;
  }

  // `act` is over: forget it, if it is still the current one.
  private release(act: Activation): void {
    if (this.activation === act) this.activation = null;
  }

  // The loop of `act` hit an internal error: end it, if it is still the current one.
  private broke(act: Activation, err?: PilotError): void {
    if (this.activation === act) this.abandon(act, err);
  }

  // Ends the activation because the unit is being stopped (or broke); its waiting start is rejected.
  private abandon(act: Activation, err?: PilotError): void {
    this.release(act);
    act.controller.abort();
    if (act.settled) return;
    act.settled = true;
    act.reject(err ?? new PilotError('READY_FAILED', `"${this.name}" was stopped before it was ready`, { context: { process: this.name, reason: 'stopped', detail: 'stopped', lastLines: [] } }));
  }

  private terminate(run: ChildRun): Promise<StopOutcome> {
    return this.termination.of(run, this.runSpec);
  }

  // Readiness failed while the child lives: stop it.
  private stopNotReady(run: ChildRun, reason: string): Promise<StopOutcome> {
    this.sm.set('stopping', reason);
    this.stopReason = reason;
    return this.terminate(run);
  }

  // pre_start hooks before a spawn (null when there are none); a restart tells them the previous child's end.
  private preStart(why: string | null, abort: AbortSignal): Promise<HookResult> | null {
    return this.hooks.preStart(why, this.exitCode, this.exitSignal, abort);
  }

  /** The newest `n` lines of the current (or last) child only. */
  recentLines(n: number): string[] {
    return this.output.childText(n);
  }

  private warn(message: string): void {
    this.ctx.emit({ type: 'warning', at: this.ctx.clock.wall(), process: this.name, message: `${this.name}: ${message}` });
  }

  private spawned(run: ChildRun, restart: boolean): void {
    this.run = run;
    this.runSpec = this.current;
    this.spawns += 1;
    if (restart) this.restartCount += 1;
    this.startedAt = this.ctx.clock.wall();
    this.readyAt = null;
    this.readyDetail = null;
    this.exitCode = null;
    this.exitSignal = null;
    this.stopReason = null;
    this.output.child.reset();
    this.ctx.childStarted(this.name, run);
    void run.exited.then(() => this.ctx.childEnded(this.name, run));
    void run.closed.then((exit) => {
      if (this.run === run) this.run = null;
      this.exitCode = exit.code;
      this.exitSignal = exit.signal;
      this.ctx.emit({ type: 'exit', at: this.ctx.clock.wall(), process: this.name, pid: run.pid, code: exit.code, signal: exit.signal, requested: run.stopRequested, runtimeMs: exit.runtimeMs });
      this.hooks.childEnded(run, exit, run.stopRequested ? (this.stopReason ?? 'stop requested') : null);
    });
    this.ctx.emit({ type: 'spawn', at: this.startedAt, process: this.name, pid: run.pid, attempt: this.spawns, argv: run.argv });
    this.sm.set('starting');
  }

  // Ready: `running` at once, unless post_start/on_restart hooks come first (then true: the loop runs them,
  // see activation-loop.ts). Decided once here, as a reload may replace the spec before the loop looks.
  private ready(run: ChildRun, elapsedMs: number, detail: string, restart: boolean): boolean {
    this.readyAt = this.ctx.clock.wall();
    this.readyDetail = detail;
    this.output.child.stopListening();
    const held = this.hooks.holdsRunning(restart);
    if (!held) this.sm.set('running');
    this.ctx.emit({ type: 'ready', at: this.readyAt, process: this.name, pid: run.pid, elapsedMs, detail });
    return held;
  }
}
