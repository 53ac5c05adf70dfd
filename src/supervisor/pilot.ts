// The programmatic API: one Pilot supervises one stack (a manifest), once.
import { stackPaths, type StackPaths } from '../control/state-dir.js';
import { PilotError } from '../errors.js';
import type { LoadOptions, Manifest } from '../manifest/types.js';
import { pilotTarget } from '../control/target.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import { createPluginRuntime } from '../plugins/runtime.js';
import { defaultSource } from '../stats/default-source.js';
import type { ProcessSource } from '../stats/source.js';
import { realClock, type Clock } from './clock.js';
import { EventBus } from './event-bus.js';
import type { PilotListener } from './events.js';
import { realKill, type KillFn } from './kill-group.js';
import { detectPlatform, type Platform } from './platform.js';
import { realSpawn, type SpawnFn } from './spawn-child.js';
import type { ReloadResult } from './reload-result.js';
import { Stack, type StackResult } from './stack.js';
import { restartProcesses, startProcesses, stopProcesses } from './stack-ops.js';
import { statusOf, type ProcessStatus } from './status.js';
import type { OutputLine } from './unit.js';
import type { ReadyLookup } from './unit-context.js';
import type { MtimeFn } from './watchdog/heartbeat-file.js';

export interface PilotOptions {
  /** Where the stack keeps its state; default `stackPaths(manifest.file)`. */
  stateDir?: StackPaths;
  /** Tell children to colour their output (FORCE_COLOR=1). */
  color?: boolean;
  /** Refuse to start when a setting cannot be honoured on this host (e.g. affinity without taskset). */
  strict?: boolean;
  /** Plugins to use (from `loadPlugins(dir)`): their ready strategies, lifecycle hooks, stat handlers and control server. */
  plugins?: PluginSet;
  /** Replaces the ready registry (default: the built-ins and the plugins' strategies). */
  readyRegistry?: ReadyLookup;
  /** Write `<dir>/logs/NAME.log` with rotation from `manifest.logs` (default true). */
  writeLogFiles?: boolean;
  /** Act on the processes' `watch` settings: restart them when their files change (default false; the CLI decides, see `pilot up --watch`). */
  watch?: boolean;
  /** Reload the manifest whenever its file changes (default false). */
  watchManifest?: boolean;
  /** How `reload()` loads the manifest (default: as `loadManifest(file)` does). */
  loadOptions?: LoadOptions;
  /** Test injection: the host, time, spawning and signalling. */
  platform?: Platform;
  clock?: Clock;
  spawn?: SpawnFn;
  kill?: KillFn;
  /** Test injection: how processes are measured (default: /proc on Linux, ps elsewhere) and heartbeat files read. */
  statsSource?: ProcessSource | null;
  heartbeatMtime?: MtimeFn;
}

export class Pilot {
  /** Settles once the stack has fully stopped: requested stop → 0; shutdown_everything → that process's code; boot failure → 1. */
  readonly done: Promise<StackResult>;
  readonly paths: StackPaths;
  private readonly stack: Stack;

  constructor(manifest: Manifest, options: PilotOptions = {}) {
    this.paths = options.stateDir ?? stackPaths(manifest.file);
    const clock = options.clock ?? realClock;
    const bus = new EventBus();
    const plugins = createPluginRuntime(options.plugins ?? null, { manifest, current: () => this.manifest, paths: this.paths, bus, target: () => pilotTarget(this), now: () => clock.wall() });
    const platform = options.platform ?? detectPlatform();
    this.stack = new Stack(manifest, {
      paths: this.paths,
      color: options.color ?? false,
      strict: options.strict ?? false,
      registry: options.readyRegistry ?? plugins.registry,
      hooks: plugins.hooks,
      services: plugins.services,
      bus,
      writeLogFiles: options.writeLogFiles ?? true,
      platform,
      clock,
      spawn: options.spawn ?? realSpawn,
      kill: options.kill ?? realKill,
      watch: options.watch ?? false,
      watchManifest: options.watchManifest ?? false,
      loadOptions: options.loadOptions ?? {},
      statsSource: options.statsSource === undefined ? defaultSource(platform.os) : options.statsSource,
      heartbeatMtime: options.heartbeatMtime,
    });
    this.done = this.stack.done;
  }

  /** The manifest in force: the one given, then the last one a reload applied. */
  get manifest(): Manifest {
    return this.stack.manifest;
  }

  /** Subscribes to every event; returns the unsubscribe function. A throwing listener never breaks the supervisor. */
  on(listener: PilotListener): () => void {
    return this.stack.bus.on(listener);
  }

  /** Resolves when every process is ready; rejects BOOT_FAILED (after stopping what it started) or ALREADY_RUNNING. */
  start(): Promise<void> {
    return this.stack.start();
  }

  /** Graceful stop in reverse dependency order; idempotent, concurrent calls join. */
  stop(reason?: string): Promise<void> {
    return this.stack.stop(reason);
  }

  /** Immediate SIGKILL of every process group. */
  kill(): Promise<void> {
    return this.stack.kill();
  }

  /** Restarts in dependency order, each awaited until ready; a restart in flight is joined, never doubled. */
  restart(names: string[], opts?: { withDependents?: boolean }): Promise<void> {
    return restartProcesses(this.stack, names, opts);
  }

  /** Stops single processes; they stay stopped until started again. */
  stopProcesses(names: string[]): Promise<void> {
    return stopProcesses(this.stack, names);
  }

  /** Starts single processes once their dependencies run, and awaits their readiness. */
  startProcesses(names: string[]): Promise<void> {
    return startProcesses(this.stack, names);
  }

  /**
   * Reads and validates the manifest file again. Invalid: nothing changes, the result has the
   * diagnostics. Valid: processes that left it are stopped, new ones started, changed ones (and what
   * depends on them) restarted, the rest left alone; the result says which. A reload during the boot
   * waits for it; one during another runs after it. Rejects NOT_RUNNING when the stack is not up.
   */
  reload(): Promise<ReloadResult> {
    return this.stack.reload();
  }

  /** Every process, in manifest order. */
  status(): ProcessStatus[] {
    return [...this.stack.units.values()].map((unit) => statusOf(unit, this.stack.monitor.extras(unit)));
  }

  /** The last `n` output lines of a process, oldest first. */
  tail(name: string, n = 100): OutputLine[] {
    if (!Number.isInteger(n) || n < 0) throw new PilotError('USAGE', `tail: n must be a non-negative integer, got ${n}`, { exitCode: 2 });
    return this.stack.unit(name).tail(n);
  }
}
