// Turning a valid raw manifest into the normalized Manifest: defaults applied, aliases folded,
// values stringified, paths absolute.
import { isAbsolute, resolve } from 'node:path';
import { LOGS_DEFAULTS, MANIFEST_DEFAULTS, PROCESS_DEFAULTS, RESTART_POLICY_DEFAULTS, TCP_READY_DEFAULTS, WATCH_DEFAULTS } from './defaults.js';
import type { RawManifest, RawProcess } from './raw.js';
import type { Manifest, ProcessSpec, RestartPolicy, WatchdogSpec, WatchSpec } from './types.js';

export interface NormalizeInput {
  raw: RawManifest;
  /** Real path of the manifest file. */
  file: string;
  /** Absolute directory of the manifest. */
  manifestDir: string;
  /** Absolute base directory. */
  baseDirectory: string;
  /** Resolved executables by process index (from the host checks). */
  commands: ReadonlyMap<number, string>;
  /** `--plugins DIR` (absolute), which replaces `plugin_directory`. */
  pluginDirectory?: string;
}

/** Builds the Manifest every other part of pilot consumes. */
export function normalizeManifest(input: NormalizeInput): Manifest {
  const { raw, baseDirectory } = input;
  const logs = { ...LOGS_DEFAULTS, ...raw.logs };
  return {
    file: input.file,
    baseDirectory,
    killTimeout: raw.kill_timeout ?? MANIFEST_DEFAULTS.kill_timeout,
    controlServer: raw.control_server ?? null,
    controlServerParams: { ...raw.control_server_params },
    statHandlerParams: Object.fromEntries(Object.entries(raw.stat_handler_params ?? {}).map(([name, params]) => [name, { ...params }])),
    pluginDirectory: input.pluginDirectory ?? (raw.plugin_directory === undefined ? null : resolve(input.manifestDir, raw.plugin_directory)),
    env: stringifyEnv(raw.env),
    logs: { maxSizeBytes: Math.round(logs.max_size_mb * 1024 * 1024), maxFiles: logs.max_files },
    statsIntervalSec: raw.stats_interval_sec ?? MANIFEST_DEFAULTS.stats_interval_sec,
    statsIncludeChildren: raw.stats_include_children ?? MANIFEST_DEFAULTS.stats_include_children,
    processes: raw.processes.map((p, i) => normalizeProcess(p, baseDirectory, input.commands.get(i))),
  };
}

function normalizeProcess(p: RawProcess, baseDirectory: string, resolvedCommand: string | undefined): ProcessSpec {
  const workingDirectory = resolve(baseDirectory, p.working_directory ?? '.');
  const readyStrategy = p.ready_strategy === undefined || p.ready_strategy === 'none' ? null : p.ready_strategy;
  return {
    name: p.name,
    path: p.path,
    command: resolvedCommand ?? commandAsWritten(p.path, baseDirectory),
    args: (p.args ?? PROCESS_DEFAULTS.args).map(String),
    env: stringifyEnv(p.env),
    workingDirectory,
    dependencies: [...(p.dependencies ?? PROCESS_DEFAULTS.dependencies)],
    readyStrategy,
    readyTimeoutSec: p.ready_timeout_sec ?? PROCESS_DEFAULTS.ready_timeout_sec,
    readyParams: readyParams(readyStrategy, p.ready_params ?? {}, workingDirectory),
    shutdownStrategy: p.shutdown_strategy ?? PROCESS_DEFAULTS.shutdown_strategy,
    timeout: p.timeout ?? PROCESS_DEFAULTS.timeout,
    stopSignal: p.stop_signal ?? PROCESS_DEFAULTS.stop_signal,
    affinity: p.affinity ?? p.processor_affinity ?? null,
    restartPolicy: restartPolicy(p.restart_policy ?? {}),
    lifecycleHooks: [...(p.lifecycle_hooks ?? PROCESS_DEFAULTS.lifecycle_hooks)],
    hookTimeoutSec: p.hook_timeout_sec ?? null,
    statHandlers: [...(p.stat_handlers ?? PROCESS_DEFAULTS.stat_handlers)],
    watch: p.watch === undefined ? null : watchSpec(p.watch, workingDirectory),
    watchdog: p.watchdog === undefined ? null : watchdogSpec(p.watchdog, workingDirectory),
  };
}

/** Bare names stay as written (PATH lookup was skipped); paths become absolute. */
function commandAsWritten(path: string, baseDirectory: string): string {
  return path.includes('/') && !isAbsolute(path) ? resolve(baseDirectory, path) : path;
}

/** Environment values as strings (numbers and booleans are accepted in the manifest). */
function stringifyEnv(env: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([key, value]) => [key, String(value)]));
}

/** Strategy defaults applied; file paths made absolute against the working directory. */
function readyParams(strategy: string | null, params: Record<string, unknown>, workingDirectory: string): Record<string, unknown> {
  const out: Record<string, unknown> = strategy === 'tcp' ? { ...TCP_READY_DEFAULTS, ...params } : { ...params };
  if ((strategy === 'file' || strategy === 'pipe') && typeof out.path === 'string') out.path = resolve(workingDirectory, out.path);
  return out;
}

function restartPolicy(raw: NonNullable<RawProcess['restart_policy']>): RestartPolicy {
  const p = { ...RESTART_POLICY_DEFAULTS, ...raw };
  return {
    backoffInitialSec: p.backoff_initial_sec,
    backoffMaxSec: p.backoff_max_sec,
    backoffFactor: p.backoff_factor,
    maxRestarts: p.max_restarts,
    windowSec: p.window_sec,
    resetAfterSec: p.reset_after_sec,
  };
}

function watchSpec(raw: NonNullable<RawProcess['watch']>, workingDirectory: string): WatchSpec {
  return {
    paths: raw.paths.map((path) => resolve(workingDirectory, path)),
    ignore: [...(raw.ignore ?? WATCH_DEFAULTS.ignore)],
    debounceMs: raw.debounce_ms ?? WATCH_DEFAULTS.debounce_ms,
    restartDependents: raw.restart_dependents ?? WATCH_DEFAULTS.restart_dependents,
  };
}

function watchdogSpec(raw: NonNullable<RawProcess['watchdog']>, workingDirectory: string): WatchdogSpec {
  const spec: WatchdogSpec = {};
  if (raw.max_memory_mb !== undefined) spec.maxMemoryMb = raw.max_memory_mb;
  if (raw.max_cpu_percent_sec !== undefined) spec.maxCpuPercentSec = [raw.max_cpu_percent_sec[0], raw.max_cpu_percent_sec[1]];
  if (raw.silence_timeout_sec !== undefined) spec.silenceTimeoutSec = raw.silence_timeout_sec;
  if (raw.heartbeat_file !== undefined) spec.heartbeatFile = resolve(workingDirectory, raw.heartbeat_file);
  if (raw.heartbeat_timeout_sec !== undefined) spec.heartbeatTimeoutSec = raw.heartbeat_timeout_sec;
  if (raw.max_runtime_sec !== undefined) spec.maxRuntimeSec = raw.max_runtime_sec;
  return spec;
}
