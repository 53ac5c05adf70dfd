// Every default of the manifest, in one place. Keys are the manifest's own (snake_case) names;
// test/manifest/schema.test.ts checks that each `default` in schemas/pilot.schema.json equals these.

/** Top-level keys. (`base_directory` defaults to the manifest's directory, computed at load time.) */
export const MANIFEST_DEFAULTS = {
  kill_timeout: 5,
  stats_interval_sec: 5,
  stats_include_children: false,
} as const;

/** Seconds between samples of processes with watchdog memory or CPU limits when `stats_interval_sec: 0` turned statistics off. */
export const WATCHDOG_SAMPLE_SEC = 5;

/** `logs`. */
export const LOGS_DEFAULTS = {
  max_size_mb: 10,
  max_files: 3,
} as const;

/** One entry of `processes`. (`working_directory` defaults to base_directory, computed at load time.) */
export const PROCESS_DEFAULTS = {
  args: [] as readonly (string | number)[],
  dependencies: [] as readonly string[],
  ready_timeout_sec: 10,
  shutdown_strategy: 'restart',
  timeout: 5,
  stop_signal: 'SIGTERM',
  lifecycle_hooks: [] as readonly string[],
  stat_handlers: [] as readonly string[],
} as const;

/** `restart_policy`. */
export const RESTART_POLICY_DEFAULTS = {
  backoff_initial_sec: 0.1,
  backoff_max_sec: 30,
  backoff_factor: 2,
  max_restarts: 10,
  window_sec: 60,
  reset_after_sec: 30,
} as const;

/** `watch` (all but the required `paths`). */
export const WATCH_DEFAULTS = {
  ignore: [] as readonly string[],
  debounce_ms: 300,
  restart_dependents: false,
} as const;

/** `ready_params` of the tcp strategy. */
export const TCP_READY_DEFAULTS = {
  host: '127.0.0.1',
} as const;

/** Ready strategies pilot itself provides; `none` means "ready once spawned". */
export const BUILTIN_READY_STRATEGIES = ['tcp', 'pipe', 'file', 'none'] as const;

/** File names looked for, in order, when no manifest is given. */
export const DEFAULT_MANIFEST_NAMES = ['pilot.yaml', 'pilot.yml', 'pilot.json'] as const;

/** Seconds a lifecycle hook may take when neither `hook_timeout_sec` nor its bundle's `timeoutSec` says. */
export const HOOK_TIMEOUT_SEC = 10;
