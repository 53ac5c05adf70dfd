// The manifest as written (snake_case), and defensive access to data that may not match the schema.

export type RawObject = Record<string, unknown>;

/** A process entry as written, once the schema has passed. */
export interface RawProcess {
  name: string;
  path: string;
  args?: (string | number)[];
  env?: Record<string, string | number | boolean>;
  working_directory?: string;
  dependencies?: string[];
  ready_strategy?: string;
  ready_timeout_sec?: number;
  ready_params?: RawObject;
  shutdown_strategy?: 'restart' | 'do_not_restart' | 'shutdown_everything';
  timeout?: number;
  stop_signal?: NodeJS.Signals;
  affinity?: number[];
  processor_affinity?: number[];
  restart_policy?: Partial<Record<'backoff_initial_sec' | 'backoff_max_sec' | 'backoff_factor' | 'max_restarts' | 'window_sec' | 'reset_after_sec', number>>;
  lifecycle_hooks?: string[];
  hook_timeout_sec?: number;
  stat_handlers?: string[];
  watch?: { paths: string[]; ignore?: string[]; debounce_ms?: number; restart_dependents?: boolean };
  watchdog?: {
    max_memory_mb?: number;
    max_cpu_percent_sec?: [number, number];
    silence_timeout_sec?: number;
    heartbeat_file?: string;
    heartbeat_timeout_sec?: number;
    max_runtime_sec?: number;
  };
}

/** The whole manifest as written, once the schema has passed. */
export interface RawManifest {
  processes: RawProcess[];
  kill_timeout?: number;
  control_server?: string;
  control_server_params?: RawObject;
  stat_handler_params?: Record<string, RawObject>;
  plugin_directory?: string;
  base_directory?: string;
  env?: Record<string, string | number | boolean>;
  logs?: { max_size_mb?: number; max_files?: number };
  stats_interval_sec?: number;
  stats_include_children?: boolean;
}

/** One entry of `processes` that is at least an object (the schema reports the rest). */
export interface ProcessEntry {
  index: number;
  raw: RawObject;
  /** The name when it is a non-empty string. */
  name: string | undefined;
}

export function asObject(value: unknown): RawObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RawObject) : undefined;
}

/** The object entries of `data.processes`, whatever else is wrong with the manifest. */
export function processEntries(data: unknown): ProcessEntry[] {
  const list = asObject(data)?.processes;
  if (!Array.isArray(list)) return [];
  const entries: ProcessEntry[] = [];
  list.forEach((item: unknown, index) => {
    const raw = asObject(item);
    if (!raw) return;
    entries.push({ index, raw, name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : undefined });
  });
  return entries;
}

/** The string items of a list (with their indices); nothing when it is not a list. */
export function stringItems(value: unknown): { item: string; index: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => (typeof item === 'string' ? [{ item, index }] : []));
}
