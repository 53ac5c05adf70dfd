// The normalized manifest: what every other part of pilot consumes.
// Raw manifests use snake_case keys (the Process Pilot format); after loading,
// defaults are applied and paths are absolute, and names are camelCase.

export type ShutdownStrategy = 'restart' | 'do_not_restart' | 'shutdown_everything';

/** Backoff and restart budget for `shutdown_strategy: restart`. */
export interface RestartPolicy {
  /** First delay before a restart, seconds (default 0.1). */
  backoffInitialSec: number;
  /** Upper bound of the delay, seconds (default 30). */
  backoffMaxSec: number;
  /** Multiplier applied after each consecutive restart (default 2). */
  backoffFactor: number;
  /** Restarts allowed within `windowSec` before the unit is failed; 0 = unlimited (default 10). */
  maxRestarts: number;
  /** Window for `maxRestarts`, seconds (default 60). */
  windowSec: number;
  /** A run at least this long resets the backoff, seconds (default 30). */
  resetAfterSec: number;
}

/** Watch settings (issue 6); validated now, acted on by the watcher. */
export interface WatchSpec {
  paths: string[];
  ignore: string[];
  debounceMs: number;
  restartDependents: boolean;
}

/** Watchdog limits (issue 6); all optional, off by default. */
export interface WatchdogSpec {
  maxMemoryMb?: number;
  maxCpuPercentSec?: [number, number];
  silenceTimeoutSec?: number;
  heartbeatFile?: string;
  heartbeatTimeoutSec?: number;
  maxRuntimeSec?: number;
}

export interface ProcessSpec {
  /** Unique, [A-Za-z0-9_.-]+ */
  name: string;
  /** As written in the manifest (bare name, relative or absolute). */
  path: string;
  /** Absolute path of the executable when it could be resolved, else `path` as written. */
  command: string;
  args: string[];
  /** The process's own `env` only (global env is merged by the supervisor). */
  env: Record<string, string>;
  /** Absolute; defaults to the manifest's base directory. */
  workingDirectory: string;
  dependencies: string[];
  /** `null` = ready once spawned. */
  readyStrategy: string | null;
  readyTimeoutSec: number;
  readyParams: Record<string, unknown>;
  shutdownStrategy: ShutdownStrategy;
  /** Grace between the stop signal and SIGKILL, seconds. */
  timeout: number;
  stopSignal: NodeJS.Signals;
  /** Logical CPU ids, or null when not set. */
  affinity: number[] | null;
  restartPolicy: RestartPolicy;
  lifecycleHooks: string[];
  /** Seconds each lifecycle hook of this process may take; null = the bundle's own `timeoutSec`, else 10. */
  hookTimeoutSec: number | null;
  statHandlers: string[];
  watch: WatchSpec | null;
  watchdog: WatchdogSpec | null;
}

export interface LogSettings {
  /** Rotate a process's log file when it reaches this size, bytes (default 10 MB). */
  maxSizeBytes: number;
  /** Rotated files kept, including the current one (default 3). */
  maxFiles: number;
}

export interface Manifest {
  /** Absolute real path of the manifest file. */
  file: string;
  /** Absolute; relative paths in the manifest resolve here. */
  baseDirectory: string;
  /** Seconds to wait after SIGKILL before reporting a process unkillable. */
  killTimeout: number;
  controlServer: string | null;
  /** `control_server_params` as written (empty when absent). */
  controlServerParams: Record<string, unknown>;
  /** `stat_handler_params` as written, by handler name (empty when absent). */
  statHandlerParams: Record<string, Record<string, unknown>>;
  /** Absolute, or null. */
  pluginDirectory: string | null;
  /** Global environment for every process. */
  env: Record<string, string>;
  logs: LogSettings;
  statsIntervalSec: number;
  statsIncludeChildren: boolean;
  /** In manifest order. */
  processes: ProcessSpec[];
}

/** One problem found in a manifest, located in its source. */
export interface Diagnostic {
  /** Stable machine-readable code, e.g. `unknown-key`, `cycle`, `yaml-syntax`. */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** Absolute path of the manifest (or the path as given when it could not be read). */
  file: string;
  /** 1-based; 0 when the problem has no location (e.g. the file is missing). */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  /** How to fix it, when there is something useful to say. */
  hint?: string;
  /** The source line the diagnostic points at (for rendering with a caret). */
  sourceLine?: string;
}

export interface LoadResult {
  /** Present when there are no error diagnostics. */
  manifest?: Manifest;
  /** Every problem found, errors and warnings, in source order. */
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Override the manifest's `base_directory`. */
  baseDirectory?: string;
  /** Skip checks that look at this machine (PATH lookups, CPU ids, directories). Default false. */
  skipHostChecks?: boolean;
  /** Ready strategy names known besides the built-ins (from plugins). */
  extraReadyStrategies?: string[];
  /** A plugin directory that replaces the manifest's `plugin_directory` (`--plugins DIR`); absolute. */
  pluginDirectory?: string;
  /**
   * Loads the plugins of the directory in force (absolute), once the manifest is parsed. Given, the names in
   * `ready_strategy`, `lifecycle_hooks`, `stat_handlers` and `control_server` are checked against what the
   * plugins offer, and plugin problems become diagnostics. Not called when there is no plugin directory.
   */
  resolvePlugins?: (pluginDirectory: string) => Promise<PluginCatalogue>;
  /**
   * Set by a reload: the directory whose plugins the running supervisor loaded at start (null: it runs
   * without plugins). Plugins are loaded only at start, so names are checked against those (through
   * `resolvePlugins` of that directory) whatever directory the manifest names now; a name they lack, while
   * the manifest names another directory, is told that plugins are loaded only at start.
   */
  pluginsLoadedAtStart?: string | null;
}

/** A plugin that did not load, or two plugins that clash; `file` is the plugin file concerned (or the directory). */
export interface PluginProblem {
  code: 'plugin-load-failed' | 'plugin-conflict' | 'plugin-directory-missing' | 'plugin-module-type';
  file: string;
  message: string;
  hint?: string;
  /** The error's stack, when it threw (shown with --debug only). */
  stack?: string;
}

/** One problem a plugin found in the parameters it was given; `key` is a dotted path inside them. */
export interface ParamIssue {
  key?: string;
  message: string;
  hint?: string;
}

/** The plugin kinds whose names take parameters. */
export type ParamsKind = 'readyStrategies' | 'statHandlers' | 'controlServers';

/** What the loaded plugins offer, by name, and what went wrong loading them. */
export interface PluginCatalogue {
  readyStrategies: string[];
  lifecycleHooks: string[];
  statHandlers: string[];
  controlServers: string[];
  problems: PluginProblem[];
  /** What the plugins load with but should fix (warnings, e.g. `plugin-module-type`). */
  warnings?: PluginProblem[];
  /** The problems the plugin offering `name` finds in `params` (none when it has no validateParams). */
  checkParams?: (kind: ParamsKind, name: string, params: Record<string, unknown>) => ParamIssue[];
}
