// Shared by the ready tests: a ProcessSpec and a ReadyContext (minus signal and deadline) with test values.
import type { ProcessSpec } from '../../src/manifest/types.js';
import type { ReadyContext } from '../../src/ready/types.js';

/** A normalized process spec as the manifest loader would produce it. */
export function processSpec(overrides: Partial<ProcessSpec> = {}): ProcessSpec {
  return {
    name: 'svc',
    path: 'svc',
    command: '/usr/bin/false',
    args: [],
    env: {},
    workingDirectory: '/',
    dependencies: [],
    readyStrategy: null,
    readyTimeoutSec: 5,
    readyParams: {},
    shutdownStrategy: 'restart',
    timeout: 5,
    stopSignal: 'SIGTERM',
    affinity: null,
    restartPolicy: { backoffInitialSec: 0.1, backoffMaxSec: 30, backoffFactor: 2, maxRestarts: 10, windowSec: 60, resetAfterSec: 30 },
    lifecycleHooks: [],
    hookTimeoutSec: null,
    statHandlers: [],
    watch: null,
    watchdog: null,
    ...overrides,
  };
}

/** The context awaitReady takes; `logs` collects what the strategy logged. */
export function readyContext(
  params: Record<string, unknown>,
  extra: { process?: ProcessSpec; prepared?: unknown; pid?: number } = {},
): Omit<ReadyContext, 'signal' | 'deadline'> & { logs: string[] } {
  const logs: string[] = [];
  return {
    process: extra.process ?? processSpec({ readyParams: params }),
    params,
    pid: extra.pid ?? 0,
    prepared: extra.prepared,
    recentOutput: () => [],
    log: (message) => logs.push(message),
    logs,
  };
}

/** Counts of the active resources of the given kinds (timers, immediates, sockets) in this process. */
export function activeCount(kind: string): number {
  return process.getActiveResourcesInfo().filter((k) => k === kind).length;
}
