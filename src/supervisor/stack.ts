// The stack: every unit of a manifest, booted in dependency order and stopped in reverse, with no orphans.
import { ensureStackDirs, type StackPaths } from '../control/state-dir.js';
import { PilotError } from '../errors.js';
import { DependencyGraph } from '../graph/graph.js';
import { LogFiles } from '../logs/log-files.js';
import type { Manifest } from '../manifest/types.js';
import { affinityProblem } from './child-argv.js';
import { collectGarbage } from './collect-garbage.js';
import type { Clock } from './clock.js';
import { EventBus } from './event-bus.js';
import type { StackEvent } from './events.js';
import type { KillFn } from './kill-group.js';
import type { Platform } from './platform.js';
import type { SpawnFn } from './spawn-child.js';
import { readStateFile } from './state-file.js';
import { notYetSupported } from './not-yet-supported.js';
import { StateRecorder } from './state-recorder.js';
import { stopInReverseOrder } from './stop-order.js';
import { supervisorAlive, sweepLeftovers, sweepMarked, type Swept } from './sweep.js';
import { Unit, type StartGate } from './unit.js';
import type { ReadyLookup, UnitContext } from './unit-context.js';
import { dependenciesGate } from './wait-running.js';

export interface StackOptions {
  paths: StackPaths;
  color: boolean;
  strict: boolean;
  registry: ReadyLookup;
  writeLogFiles: boolean;
  platform: Platform;
  clock: Clock;
  spawn: SpawnFn;
  kill: KillFn;
}

/** How the stack ended: requested stop → 0; `shutdown_everything` → that process's code; boot failure → 1. */
export interface StackResult {
  exitCode: number;
  reason: string;
}

export type StackPhase = 'idle' | 'booting' | 'up' | 'stopping' | 'stopped';

export class Stack {
  readonly units = new Map<string, Unit>();
  readonly graph: DependencyGraph;
  readonly bus = new EventBus();
  readonly done: Promise<StackResult>;
  phase: StackPhase = 'idle';
  private settleDone!: (result: StackResult) => void;
  private stopping: Promise<void> | null = null;
  private result: StackResult | null = null;
  private readonly recorder: StateRecorder;
  private logs: LogFiles | null = null;
  /** This supervisor holds the stack (state file written): only then may it stop and sweep. */
  private claimed = false;

  constructor(readonly manifest: Manifest, private readonly o: StackOptions) {
    this.done = new Promise((resolve) => (this.settleDone = resolve));
    this.graph = new DependencyGraph(manifest.processes);
    this.recorder = new StateRecorder(o.paths.stateFile, (message) => this.warn(null, message));
    const ctx: UnitContext = {
      manifest,
      stackId: o.paths.stackId,
      runtimeDir: o.paths.runtimeDir,
      registry: o.registry,
      platform: o.platform,
      color: o.color,
      clock: o.clock,
      spawn: o.spawn,
      kill: o.kill,
      emit: (event) => this.bus.emit(event),
      childStarted: (process, run) => this.recorder.add(process, run),
      childEnded: (_process, run) => this.recorder.remove(run),
      shutdownEverything: (_process, exitCode, reason) => {
        if (this.phase === 'booting' || this.phase === 'up') void this.stop(`${reason} (shutdown_everything)`, { exitCode, reason });
      },
    };
    for (const spec of manifest.processes) this.units.set(spec.name, new Unit(spec, ctx));
  }

  /** Boots every unit, each as soon as its dependencies run; on failure stops what started and rejects BOOT_FAILED. */
  async start(): Promise<void> {
    if (this.phase !== 'idle') throw new PilotError('INTERNAL', 'a Pilot starts once: create a new one to start the stack again');
    this.phase = 'booting';
    try {
      this.checkHost();
      this.makeStateDirs();
      collectGarbage();
      await this.claim();
    } catch (err) {
      if (this.phase === 'booting') this.finish({ exitCode: err instanceof PilotError ? err.exitCode : 1, reason: (err as Error).message });
      throw err;
    }
    if (this.phase !== 'booting') {
      this.recorder.end(); // stopped while claiming: the stop may have ended the record before it was written
      throw await this.bootFailed(undefined);
    }
    if (this.o.writeLogFiles) this.openLogs();
    this.emitStack('booting');
    try {
      // During a boot, gates only wait: the first rejection is the unit that failed, not one waiting on it.
      await Promise.all([...this.units.values()].map((unit) => unit.start(this.gateFor(unit))));
    } catch (err) {
      throw await this.bootFailed(err);
    }
    if (this.phase !== 'booting') throw await this.bootFailed(undefined);
    this.recorder.flush(); // every child is on record before anyone hears the stack is up
    this.phase = 'up';
    this.emitStack('up');
  }

  /** Stops every unit in reverse dependency order, then sweeps; idempotent, concurrent calls join. */
  stop(reason = 'stop requested', result: StackResult = { exitCode: 0, reason }): Promise<void> {
    if (this.phase === 'stopped' && !this.stopping) return Promise.resolve(); // never claimed the stack
    this.stopping ??= this.doStop(reason, result);
    return this.stopping;
  }

  /** SIGKILL to every group at once (a graceful stop in progress completes immediately). */
  async kill(): Promise<void> {
    for (const unit of this.units.values()) {
      unit.halt();
      unit.killNow();
    }
    await this.stop('kill requested');
  }

  /** Opens once every dependency of `unit` is running (see dependenciesGate for when it fails instead). */
  gateFor(unit: Unit): StartGate {
    return dependenciesGate(this.graph.dependenciesOf(unit.name).map((name) => this.unit(name)), this.phase !== 'booting');
  }

  unit(name: string): Unit {
    const unit = this.units.get(name);
    if (!unit) throw new PilotError('UNKNOWN_PROCESS', `unknown process "${name}" (processes: ${[...this.units.keys()].join(', ')})`, { exitCode: 2, context: { unknown: [name], valid: [...this.units.keys()] } });
    return unit;
  }

  warn(process: string | null, message: string): void {
    this.bus.emit({ type: 'warning', at: this.o.clock.wall(), process, message });
  }

  private async doStop(reason: string, result: StackResult): Promise<void> {
    this.result = result;
    this.phase = 'stopping';
    this.emitStack('stopping', reason);
    for (const unit of this.units.values()) unit.halt();
    if (this.claimed) {
      const names = [...this.units.keys()];
      try {
        await stopInReverseOrder(names, (name) => this.graph.dependentsOf(name), (name) => this.unit(name).stop(reason));
      } catch (err) {
        this.warn(null, `while stopping: ${(err as Error).message}`);
      }
      this.reportSweep('stop', await sweepMarked(this.o.paths.stackId, this.o.kill, this.manifest.killTimeout * 1000));
      this.recorder.end();
      await this.logs?.close();
    }
    this.phase = 'stopped';
    this.emitStack('stopped', reason);
    this.finish(result);
  }

  private makeStateDirs(): void {
    try {
      ensureStackDirs(this.o.paths);
    } catch (err) {
      const dir = this.o.paths.dir;
      throw new PilotError('INTERNAL', `cannot create the state directory ${dir}: ${(err as Error).message} (set PILOT_HOME to a writable directory)`, { exitCode: 1, context: { dir }, cause: err });
    }
  }

  // Refuses a second supervisor, sweeps what a dead one left, and records this one.
  private async claim(): Promise<void> {
    const { stateFile, stackId } = this.o.paths;
    const previous = readStateFile(stateFile);
    if (previous && supervisorAlive(previous)) {
      const pid = previous.supervisor.pid;
      throw new PilotError('ALREADY_RUNNING', `the stack ${this.manifest.file} is already running (supervisor pid ${pid})`, { exitCode: 1, context: { pid, stateFile } });
    }
    this.reportSweep('start', await sweepLeftovers(previous, stackId, this.o.kill, this.manifest.killTimeout * 1000));
    this.recorder.begin();
    this.claimed = true;
  }

  // Affinity this host cannot honour: a warning, or (strict) an error before anything starts.
  private checkHost(): void {
    const problems = this.manifest.processes.map((spec) => affinityProblem(spec, this.o.platform)).filter((p): p is string => p !== null);
    if (problems.length > 0 && this.o.strict) throw new PilotError('SPAWN_FAILED', problems.join('; '), { exitCode: 1, context: { problems } });
    for (const message of problems) this.warn(null, message);
    for (const message of notYetSupported(this.manifest)) this.warn(null, message);
    if (this.o.platform.os === 'linux' && !this.o.platform.setpriv) {
      this.warn(null, 'setpriv not found: children will not be killed if pilot itself is killed (apt-get install util-linux)');
    }
  }

  // The error `start()` rejects with: the unit that failed, or the stop that cut the boot short.
  private async bootFailed(err: unknown): Promise<PilotError> {
    const cause = err instanceof PilotError ? err : null;
    if (this.phase === 'booting') {
      const process = typeof cause?.context.process === 'string' ? cause.context.process : 'unknown';
      const reason = cause?.message ?? (err as Error | undefined)?.message ?? 'unknown';
      const message = `boot failed: ${reason.startsWith('cannot start') ? reason : `"${process}" ${reason}`}`;
      this.emitStack('boot-failed', message);
      await this.stop(message, { exitCode: 1, reason: message });
      return new PilotError('BOOT_FAILED', message, { exitCode: 1, context: { ...cause?.context, process, reason }, cause: err });
    }
    await this.stopping;
    const why = this.result?.reason ?? 'stop requested';
    return new PilotError('BOOT_FAILED', `boot interrupted: ${why}`, { exitCode: 1, context: { reason: why }, cause: err });
  }

  private openLogs(): void {
    const { maxSizeBytes, maxFiles } = this.manifest.logs;
    const logs = new LogFiles(this.o.paths.logsDir, { maxSizeBytes, maxFiles }, (process, message) => this.warn(process, message));
    this.logs = logs;
    for (const name of this.units.keys()) logs.open(name);
    this.bus.on((e) => {
      if (e.type === 'line') logs.write(e.process, e.stream, e.line, e.at);
    });
  }

  private reportSweep(when: 'start' | 'stop', killed: Swept[]): void {
    if (killed.length > 0) this.bus.emit({ type: 'sweep', at: this.o.clock.wall(), when, killed });
  }

  private emitStack(phase: StackEvent['phase'], reason?: string): void {
    this.bus.emit(reason === undefined ? { type: 'stack', at: this.o.clock.wall(), phase } : { type: 'stack', at: this.o.clock.wall(), phase, reason });
  }

  private finish(result: StackResult): void {
    this.phase = 'stopped';
    this.settleDone(result);
  }
}
