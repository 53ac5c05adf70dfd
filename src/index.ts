// pilot's public API: load a manifest, supervise it with a Pilot, subscribe to its events.
export { Pilot, type PilotOptions } from './supervisor/pilot.js';
export type { StackResult } from './supervisor/stack.js';
export type { ProcessStatus } from './supervisor/status.js';
export type { OutputLine } from './supervisor/unit.js';
export { loadManifest } from './manifest/load.js';
export { stackPaths, type StackPaths } from './control/state-dir.js';
export { PilotError, ExitCode, type PilotErrorCode } from './errors.js';
export type {
  Manifest,
  ProcessSpec,
  RestartPolicy,
  ShutdownStrategy,
  WatchSpec,
  WatchdogSpec,
  LogSettings,
  Diagnostic,
  LoadResult,
  LoadOptions,
} from './manifest/types.js';
export type {
  PilotEvent,
  PilotEventType,
  PilotListener,
  EventOf,
  StateEvent,
  SpawnEvent,
  ReadyEvent,
  ExitEvent,
  BackoffEvent,
  LineEvent,
  WarningEvent,
  StackEvent,
  SweepEvent,
} from './supervisor/events.js';
export { UNIT_STATES, type UnitState } from './supervisor/states.js';
export { ReadyRegistry, createDefaultRegistry } from './ready/registry.js';
export type { ReadyStrategy, ReadyContext, ReadyPrepareContext, ReadyPreparation, ReadyOutcome } from './ready/types.js';
