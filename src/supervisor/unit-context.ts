// What every unit of a stack shares: the manifest, the host, the injected world and the stack's callbacks.
import type { Manifest } from '../manifest/types.js';
import type { ReadyStrategy } from '../ready/types.js';
import type { Clock } from './clock.js';
import type { PilotEvent } from './events.js';
import type { HookDispatcher } from './hooks.js';
import type { KillFn } from './kill-group.js';
import type { Platform } from './platform.js';
import type { ChildRun, SpawnFn } from './spawn-child.js';

/** The part of the ready registry a unit uses. */
export interface ReadyLookup {
  get(name: string): ReadyStrategy | undefined;
  names(): string[];
}

export interface UnitContext {
  manifest: Manifest;
  stackId: string;
  runtimeDir: string;
  registry: ReadyLookup;
  hooks: HookDispatcher;
  platform: Platform;
  color: boolean;
  clock: Clock;
  spawn: SpawnFn;
  kill: KillFn;
  emit(event: PilotEvent): void;
  /** A child was spawned (record it for the orphan sweep). */
  childStarted(process: string, run: ChildRun): void;
  /** A child's leader exited (forget it). */
  childEnded(process: string, run: ChildRun): void;
  /** Resolves once what earlier children of `process` left outside their group has been killed. */
  leftoversGone(process: string): Promise<void>;
  /** A `shutdown_everything` process ended by itself: stop the stack with this exit code. */
  shutdownEverything(process: string, exitCode: number, reason: string): void;
}
