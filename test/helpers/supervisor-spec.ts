// Building normalized manifests in tests, with the documented defaults (src/manifest/defaults.ts).
import { join } from 'node:path';
import { LOGS_DEFAULTS, MANIFEST_DEFAULTS, PROCESS_DEFAULTS, RESTART_POLICY_DEFAULTS } from '../../src/manifest/defaults.js';
import type { Manifest, ProcessSpec, RestartPolicy } from '../../src/manifest/types.js';
import { fixtureBin, repoRoot } from './paths.js';

export const defaultRestartPolicy: RestartPolicy = {
  backoffInitialSec: RESTART_POLICY_DEFAULTS.backoff_initial_sec,
  backoffMaxSec: RESTART_POLICY_DEFAULTS.backoff_max_sec,
  backoffFactor: RESTART_POLICY_DEFAULTS.backoff_factor,
  maxRestarts: RESTART_POLICY_DEFAULTS.max_restarts,
  windowSec: RESTART_POLICY_DEFAULTS.window_sec,
  resetAfterSec: RESTART_POLICY_DEFAULTS.reset_after_sec,
};

type SpecOverrides = Partial<Omit<ProcessSpec, 'restartPolicy'>> & { restartPolicy?: Partial<RestartPolicy> };

/** A process running `node test/fixtures/bin/<fixture> ...args`, with every default applied. */
export function fixtureSpec(name: string, fixture: string, args: (string | number)[] = [], overrides: SpecOverrides = {}): ProcessSpec {
  const { restartPolicy, ...rest } = overrides;
  return {
    name,
    path: process.execPath,
    command: process.execPath,
    args: [fixtureBin(fixture), ...args.map(String)],
    env: {},
    workingDirectory: repoRoot,
    dependencies: [...PROCESS_DEFAULTS.dependencies],
    readyStrategy: null,
    readyTimeoutSec: PROCESS_DEFAULTS.ready_timeout_sec,
    readyParams: {},
    shutdownStrategy: PROCESS_DEFAULTS.shutdown_strategy,
    timeout: PROCESS_DEFAULTS.timeout,
    stopSignal: PROCESS_DEFAULTS.stop_signal,
    affinity: null,
    restartPolicy: { ...defaultRestartPolicy, ...restartPolicy },
    lifecycleHooks: [],
    hookTimeoutSec: null,
    statHandlers: [],
    watch: null,
    watchdog: null,
    ...rest,
  };
}

/** A manifest whose file lives in `dir` (it need not exist: the stack is identified by its path). */
export function makeManifest(dir: string, processes: ProcessSpec[], overrides: Partial<Manifest> = {}): Manifest {
  return {
    file: join(dir, 'pilot.yaml'),
    baseDirectory: dir,
    killTimeout: MANIFEST_DEFAULTS.kill_timeout,
    controlServer: null,
    controlServerParams: {},
    statHandlerParams: {},
    pluginDirectory: null,
    env: {},
    logs: { maxSizeBytes: LOGS_DEFAULTS.max_size_mb * 1024 * 1024, maxFiles: LOGS_DEFAULTS.max_files },
    statsIntervalSec: MANIFEST_DEFAULTS.stats_interval_sec,
    statsIncludeChildren: MANIFEST_DEFAULTS.stats_include_children,
    processes,
    ...overrides,
  };
}
