// The programmatic API: one Pilot supervises one stack (a manifest), once.
import { stackPaths, type StackPaths } from '../control/state-dir.js';
import { PilotError } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { createDefaultRegistry } from '../ready/registry.js';
import { realClock, type Clock } from './clock.js';
import type { PilotListener } from './events.js';
import { realKill, type KillFn } from './kill-group.js';
import { detectPlatform, type Platform } from './platform.js';
import { realSpawn, type SpawnFn } from './spawn-child.js';
import { Stack, type StackResult } from './stack.js';
import { restartProcesses, startProcesses, stopProcesses } from './stack-ops.js';
import { statusOf, type ProcessStatus } from './status.js';
import type { OutputLine } from './unit.js';
import type { ReadyLookup } from './unit-context.js';

export interface PilotOptions {
  /** Where the stack keeps its state; default `stackPaths(manifest.file)`. */
  stateDir?: StackPaths;
  /** Tell children to colour their output (FORCE_COLOR=1). */
  color?: boolean;
  /** Refuse to start when a setting cannot be honoured on this host (e.g. affinity without taskset). */
  strict?: boolean;
  /** Ready strategies (default: the built-ins); plugins add theirs to it. */
  readyRegistry?: ReadyLookup;
  /** Write `<dir>/logs/NAME.log` with rotation from `manifest.logs` (default true). */
  writeLogFiles?: boolean;
  /** Test injection: the host, time, spawning and signalling. */
  platform?: Platform;
  clock?: Clock;
  spawn?: SpawnFn;
  kill?: KillFn;
}

export class Pilot {
  /** Settles once the stack has fully stopped: requested stop → 0; shutdown_everything → that process's code; boot failure → 1. */
  readonly done: Promise<StackResult>;
  readonly paths: StackPaths;
  private readonly stack: Stack;

  constructor(readonly manifest: Manifest, options: PilotOptions = {}) {
    this.paths = options.stateDir ?? stackPaths(manifest.file);
    this.stack = new Stack(manifest, {
      paths: this.paths,
      color: options.color ?? false,
      strict: options.strict ?? false,
      registry: options.readyRegistry ?? createDefaultRegistry(),
      writeLogFiles: options.writeLogFiles ?? true,
      platform: options.platform ?? detectPlatform(),
      clock: options.clock ?? realClock,
      spawn: options.spawn ?? realSpawn,
      kill: options.kill ?? realKill,
    });
    this.done = this.stack.done;
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

  /** Every process, in manifest order. */
  status(): ProcessStatus[] {
    return [...this.stack.units.values()].map(statusOf);
  }

  /** The last `n` output lines of a process, oldest first. */
  tail(name: string, n = 100): OutputLine[] {
    if (!Number.isInteger(n) || n < 0) throw new PilotError('USAGE', `tail: n must be a non-negative integer, got ${n}`, { exitCode: 2 });
    return this.stack.unit(name).tail(n);
  }
}
