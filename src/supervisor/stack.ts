// The stack: every unit of a manifest, booted in dependency order and stopped in reverse, with no orphans.
import { ensureStackDirs, type StackPaths } from '../control/state-dir.js';
import { PilotError } from '../errors.js';
import { DependencyGraph } from '../graph/graph.js';
import { LogFiles } from '../logs/log-files.js';
import type { LoadOptions, Manifest } from '../manifest/types.js';
import type { ProcessSource } from '../stats/source.js';
import { affinityProblem } from './child-argv.js';
import { collectGarbage } from './collect-garbage.js';
import type { Clock } from './clock.js';
import { EventBus } from './event-bus.js';
import type { StackEvent, SweepEvent } from './events.js';
import { NO_HOOKS, type HookDispatcher } from './hooks.js';
import type { KillFn } from './kill-group.js';
import { StackMonitor } from './monitor.js';
import type { Platform } from './platform.js';
import type { SpawnFn } from './spawn-child.js';
import { LeftoverSweeper } from './leftover-sweeper.js';
import { Reloader } from './reload-stack.js';
import type { ReloadResult } from './reload-result.js';
import type { StackService } from './stack-service.js';
import { StackServices } from './stack-services.js';
import { StackWatch } from './stack-watch.js';
import { StateRecorder } from './state-recorder.js';
import { stopInReverseOrder } from './stop-order.js';
import { supervisorAlive, sweepLeftovers, sweepMarked, type Swept } from './sweep.js';
import { Unit, type StartGate } from './unit.js';
import type { ReadyLookup, UnitContext } from './unit-context.js';
import { dependenciesGate } from './wait-running.js';
import type { MtimeFn } from './watchdog/heartbeat-file.js';

export interface StackOptions {
  paths: StackPaths;
  color: boolean;
  strict: boolean;
  registry: ReadyLookup;
  /** Lifecycle hooks of plugins (default: none). */
  hooks?: HookDispatcher;
  /** Started after the claim, stopped after the last process (plugin control servers, stats delivery). */
  services?: StackService[];
  /** The event bus, when the caller needs it before the stack exists. */
  bus?: EventBus;
  writeLogFiles: boolean;
  platform: Platform;
  clock: Clock;
  spawn: SpawnFn;
  kill: KillFn;
  /** Act on the processes' `watch` settings once the stack is up. */
  watch: boolean;
  /** Reload the manifest whenever its file changes. */
  watchManifest: boolean;
  /** How a reload loads the manifest (plugins add their names). */
  loadOptions: LoadOptions;
  /** Measures processes (CPU, memory); null where the platform offers no way. */
  statsSource: ProcessSource | null;
  /** Reads a heartbeat file's mtime (default: fs.stat). */
  heartbeatMtime?: MtimeFn;
}

/** How the stack ended: requested stop → 0; `shutdown_everything` → that process's code; boot failure → 1. */
export interface StackResult {
  exitCode: number;
  reason: string;
}

export type StackPhase = 'idle' | 'booting' | 'up' | 'stopping' | 'stopped';

export class Stack {
  /** In manifest order (a reload keeps it so). */
  readonly units = new Map<string, Unit>();
  readonly bus: EventBus;
  /** Resource sampling and the watchdog. */
  readonly monitor: StackMonitor;
  readonly done: Promise<StackResult>;
  phase: StackPhase = 'idle';
  private settleDone!: (result: StackResult) => void;
  private stopping: Promise<void> | null = null;
  private result: StackResult | null = null;
  private readonly recorder: StateRecorder;
  private logs: LogFiles | null = null;
  /** This supervisor holds the stack (state file written): only then may it stop and sweep. */
  private claimed = false;
  private current: Manifest;
  private dependencyGraph: DependencyGraph;
  private readonly ctx: UnitContext;
  private readonly reloader: Reloader;
  private readonly watching: StackWatch;
  private readonly services: StackServices;
  /** Kills what an ended child left outside its group (Linux: found by its markers in /proc). */
  private readonly leftovers: LeftoverSweeper | null;

  constructor(manifest: Manifest, private readonly o: StackOptions) {
    this.done = new Promise((resolve) => (this.settleDone = resolve));
    this.bus = o.bus ?? new EventBus();
    this.services = new StackServices(o.services ?? []);
    this.current = manifest;
    this.dependencyGraph = new DependencyGraph(manifest.processes);
    this.leftovers =
      o.platform.os === 'linux'
        ? new LeftoverSweeper({ stackId: o.paths.stackId, kill: o.kill, waitMs: () => this.manifest.killTimeout * 1000, report: (_process, killed) => this.reportSweep('exit', killed) })
        : null;
    this.recorder = new StateRecorder(o.paths.stateFile, (message) => this.warn(null, message));
    const ctx: Omit<UnitContext, 'manifest'> = {
      stackId: o.paths.stackId,
      runtimeDir: o.paths.runtimeDir,
      registry: o.registry,
      hooks: o.hooks ?? NO_HOOKS,
      platform: o.platform,
      color: o.color,
      clock: o.clock,
      spawn: o.spawn,
      kill: o.kill,
      emit: (event) => this.bus.emit(event),
      childStarted: (process, run) => this.recorder.add(process, run),
      childEnded: (process, run) => {
        this.recorder.remove(run);
        // when the whole stack stops, its final sweep covers everyone at once
        if (this.phase === 'booting' || this.phase === 'up') this.leftovers?.childEnded(process);
      },
      leftoversGone: (process) => this.leftovers?.settled(process) ?? Promise.resolve(),
      shutdownEverything: (_process, exitCode, reason) => {
        if (this.phase === 'booting' || this.phase === 'up') void this.stop(`${reason} (shutdown_everything)`, { exitCode, reason });
      },
    };
    // Read at each spawn and stop: a reload's global env and kill_timeout apply from then on.
    this.ctx = Object.defineProperty(ctx, 'manifest', { get: () => this.current, enumerable: true }) as UnitContext;
    for (const spec of manifest.processes) this.units.set(spec.name, new Unit(spec, this.ctx));
    this.reloader = new Reloader(this, o.loadOptions, o.clock, o.platform);
    this.watching = new StackWatch(this, { processes: o.watch, manifest: o.watchManifest, clock: o.clock });
    // Reads the manifest and the units at every tick: a reload may change both.
    this.monitor = new StackMonitor({
      manifest: () => this.manifest,
      units: () => this.units.values(),
      unit: (name) => this.units.get(name),
      bus: this.bus,
      clock: o.clock,
      source: o.statsSource,
      mtimeOf: o.heartbeatMtime,
      warn: (process, message) => this.warn(process, message),
    });
  }

  /** The manifest in force (replaced by each successful reload). */
  get manifest(): Manifest {
    return this.current;
  }

  get graph(): DependencyGraph {
    return this.dependencyGraph;
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
    // A stop during a service's start: that service stops what it brought up, and nothing else starts.
    if (!(await this.services.start()) || this.phase !== 'booting') throw await this.bootFailed(undefined);
    this.monitor.start();
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
    this.watching.start();
  }

  /** Reads the manifest again and applies what changed (see reload-stack.ts); one reload at a time. */
  reload(): Promise<ReloadResult> {
    return this.reloader.reload();
  }

  /** Settles once no reload is under way (watch restarts wait for it). */
  reloadSettled(): Promise<void> {
    return this.reloader.settled();
  }

  /**
   * Puts `next` in force, at once: units of processes that left the manifest (already stopped) go,
   * new ones are created (stopped, not started), kept ones take their new definition, and the units,
   * the graph and the log files follow the new manifest's order. Returns the new units.
   */
  replaceManifest(next: Manifest): Unit[] {
    if (this.phase !== 'up') throw new PilotError('NOT_RUNNING', `the stack is ${this.phase}: the reload was not applied`, { exitCode: 1, context: { phase: this.phase } });
    const previous = new Map(this.units);
    const added: Unit[] = [];
    this.units.clear();
    for (const spec of next.processes) {
      let unit = previous.get(spec.name);
      if (unit) unit.redefine(spec);
      else added.push((unit = new Unit(spec, this.ctx)));
      this.units.set(spec.name, unit);
    }
    for (const name of previous.keys()) if (!this.units.has(name)) void this.logs?.closeOne(name);
    for (const unit of added) this.logs?.open(unit.name);
    this.current = next;
    this.dependencyGraph = new DependencyGraph(next.processes);
    this.watching.sync();
    return added;
  }

  /** Stops every unit in reverse dependency order, then sweeps; idempotent, concurrent calls join. */
  stop(reason = 'stop requested', result: StackResult = { exitCode: 0, reason }): Promise<void> {
    if (this.phase === 'stopped' && !this.stopping) return Promise.resolve(); // never claimed the stack
    this.stopping ??= this.doStop(reason, result);
    return this.stopping;
  }

  /** SIGKILL to every group at once (a graceful stop in progress completes immediately). */
  async kill(): Promise<void> {
    (this.o.hooks ?? NO_HOOKS).cancelAll();
    this.services.kill();
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
    const unwatched = this.watching.close();
    this.monitor.stop();
    for (const unit of this.units.values()) unit.halt();
    if (this.claimed) {
      const names = [...this.units.keys()];
      try {
        await stopInReverseOrder(names, (name) => this.graph.dependentsOf(name), (name) => this.unit(name).stop(reason));
      } catch (err) {
        this.warn(null, `while stopping: ${(err as Error).message}`);
      }
      this.reportSweep('stop', await sweepMarked(this.o.paths.stackId, this.o.kill, this.manifest.killTimeout * 1000));
      await this.services.stop();
      this.recorder.end();
      await this.logs?.close();
    }
    await unwatched;
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
    let claim;
    try {
      claim = await this.recorder.claim(supervisorAlive);
    } catch (err) {
      throw new PilotError('INTERNAL', `cannot write the state file ${stateFile}: ${(err as Error).message} (set PILOT_HOME to a writable directory)`, { exitCode: 1, context: { stateFile }, cause: err });
    }
    if (!claim.claimed) {
      const pid = claim.holder.supervisor.pid;
      throw new PilotError('ALREADY_RUNNING', `stack ${this.manifest.file} is already up (supervisor pid ${pid})`, { exitCode: 1, context: { pid, stateFile } });
    }
    this.claimed = true;
    this.reportSweep('start', await sweepLeftovers(claim.previous, stackId, this.o.kill, this.manifest.killTimeout * 1000));
  }

  // Affinity this host cannot honour: a warning, or (strict) an error before anything starts.
  private checkHost(): void {
    const problems = this.manifest.processes.map((spec) => affinityProblem(spec, this.o.platform)).filter((p): p is string => p !== null);
    if (problems.length > 0 && this.o.strict) throw new PilotError('SPAWN_FAILED', problems.join('; '), { exitCode: 1, context: { problems } });
    for (const message of problems) this.warn(null, message);
    this.services.check();
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

  private reportSweep(when: SweepEvent['when'], killed: Swept[]): void {
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
