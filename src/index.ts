// pilot's public API: load a manifest, supervise it with a Pilot, subscribe to its events, write plugins.
// Plugins import this module by name (`import { definePlugin } from 'pilot'`) inside the supervisor: keep
// its static imports light (the manifest loader, with the YAML parser and the schema, loads on first use).
export { Pilot, type PilotOptions } from './supervisor/pilot.js';
export type { StackResult } from './supervisor/stack.js';
export type { ProcessStatus } from './supervisor/status.js';
export type { OutputLine } from './supervisor/unit.js';
export { loadForReload as loadManifest } from './supervisor/load-for-reload.js';

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
  PluginCatalogue,
  PluginProblem,
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
  StatsEvent,
  WatchingEvent,
  WatchEvent,
  ReloadEvent,
  PluginEvent,
  WatchdogEvent,
  WatchdogLimit,
} from './supervisor/events.js';
export type { ReloadResult, ReloadApplied, ReloadRejected, ChangedProcess, ChangedSetting } from './supervisor/reload-result.js';
export type { ProcessSample, StatsTick } from './stats/types.js';
export { UNIT_STATES, type UnitState } from './supervisor/states.js';
export { ReadyRegistry, createDefaultRegistry } from './ready/registry.js';
export type { ReadyStrategy, ReadyContext, ReadyPrepareContext, ReadyPreparation, ReadyOutcome } from './ready/types.js';

// Plugins (docs/plugins.md)
export { definePlugin, PLUGIN_API_VERSION, HOOK_EVENTS } from './plugins/api.js';
export type {
  PluginDefinition,
  HookEvent,
  PluginProcess,
  StackInfo,
  PluginLogger,
  PluginOutputLine,
  ReadyStrategyDefinition,
  ReadyCheckContext,
  LifecycleHook,
  LifecycleHookBundle,
  HookContext,
  StatHandlerFunction,
  StatHandlerDefinition,
  StatHandlerContext,
  StatsBatch,
  ControlServerFactory,
  ControlServerDefinition,
  ParamProblem,
  ParamsValidator,
  ControlServerInstance,
  ControlServerContext,
  PilotControl,
  SubscribeOptions,
  TailEntry,
} from './plugins/api.js';
export { loadPlugins, type LoadPluginsOptions } from './plugins/load.js';
export type { PluginSet, LoadedPlugin } from './plugins/plugin-set.js';
