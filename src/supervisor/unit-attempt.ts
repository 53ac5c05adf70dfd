// One attempt to bring a unit up: prepare readiness, spawn, await ready (or see why not).
import type { ProcessSpec } from '../manifest/types.js';
import { awaitReady } from '../ready/await-ready.js';
import type { ReadyPreparation, ReadyStrategy } from '../ready/types.js';
import { buildArgv } from './child-argv.js';
import { buildChildEnv } from './child-env.js';
import type { OnOutputLine } from './child-output.js';
import { describeExit } from './exit-reason.js';
import { spawnProblem } from './preflight.js';
import { spawnChild, type ChildRun } from './spawn-child.js';
import type { StopOutcome } from './stop-child.js';
import type { UnitContext } from './unit-context.js';

export type Attempt =
  | { kind: 'ready'; run: ChildRun }
  | { kind: 'aborted' }
  /** Nothing ran, or could run: never worth a restart loop. */
  | { kind: 'cannot-start'; reason: string }
  /** The child ran but was not ready: it exited first, or readiness timed out/failed (and it was stopped). */
  | { kind: 'not-ready'; reason: string; detail: string; runtimeMs: number; unkillable: string | null };

/** What an attempt needs from its unit. */
export interface AttemptHost {
  spec: ProcessSpec;
  ctx: UnitContext;
  onLine: OnOutputLine;
  recentLines(n: number): string[];
  /** The child is running: record it, emit `spawn`, move to `starting`. */
  spawned(run: ChildRun): void;
  /** The child is ready: move to `running`, emit `ready`. */
  ready(run: ChildRun, elapsedMs: number, detail: string): void;
  /** Readiness failed while the child lives: move to `stopping` and stop it. */
  stopNotReady(run: ChildRun, reason: string): Promise<StopOutcome>;
  warn(message: string): void;
}

/** Runs one attempt; `signal` aborts it (the unit is being stopped). */
export async function runAttempt(host: AttemptHost, signal: AbortSignal): Promise<Attempt> {
  const { spec, ctx } = host;
  const strategy = spec.readyStrategy === null ? null : ctx.registry.get(spec.readyStrategy);
  if (strategy === undefined) {
    return { kind: 'cannot-start', reason: `cannot start "${spec.name}": unknown ready strategy "${spec.readyStrategy}" (available: ${ctx.registry.names().join(', ')})` };
  }
  const env = buildChildEnv({ manifest: ctx.manifest, spec, stackId: ctx.stackId, color: ctx.color });
  const problem = spawnProblem(spec, env);
  if (problem) return { kind: 'cannot-start', reason: problem };

  let prep: ReadyPreparation = {};
  if (strategy?.prepare) {
    try {
      prep = (await strategy.prepare({ process: spec, params: spec.readyParams, runtimeDir: ctx.runtimeDir, log: host.warn })) ?? {};
    } catch (err) {
      return { kind: 'cannot-start', reason: `cannot start "${spec.name}": ready strategy ${strategy.name} could not prepare: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if (signal.aborted) {
    await cleanup(prep);
    return { kind: 'aborted' };
  }
  const started = spawnChild({
    name: spec.name,
    argv: buildArgv(spec, ctx.platform),
    cwd: spec.workingDirectory,
    env: prep.env ? Object.assign(env, prep.env) : env, // as buildChildEnv's `prepared`: nothing overrides them
    onLine: host.onLine,
    spawn: ctx.spawn,
    kill: ctx.kill,
    clock: ctx.clock,
  });
  if (!started.ok) {
    await cleanup(prep);
    return { kind: 'cannot-start', reason: await started.reason };
  }
  const run = started.run;
  host.spawned(run);
  if (strategy === null) {
    host.ready(run, 0, 'spawned');
    return { kind: 'ready', run };
  }
  return awaitRun(host, strategy, run, prep, signal);
}

// Awaits readiness of a spawned child, and says why it failed when it did.
async function awaitRun(host: AttemptHost, strategy: ReadyStrategy, run: ChildRun, prep: ReadyPreparation, signal: AbortSignal): Promise<Attempt> {
  const { spec } = host;
  const outcome = await awaitReady(
    strategy,
    { process: spec, params: spec.readyParams, pid: run.pid, prepared: prep.state, recentOutput: () => host.recentLines(50), log: host.warn },
    { timeoutMs: spec.readyTimeoutSec * 1000, signal: AbortSignal.any([signal, run.exitSignal]), ...(prep.detail === undefined ? {} : { detail: prep.detail }) },
  );
  await cleanup(prep);
  if (signal.aborted) return { kind: 'aborted' };
  if (outcome.ok && run.alive) {
    host.ready(run, outcome.elapsedMs, outcome.detail);
    return { kind: 'ready', run };
  }
  if (!run.alive) {
    const exit = await run.closed;
    const reason = `${describeExit(exit.code, exit.signal)} before it was ready`;
    return { kind: 'not-ready', reason, detail: `${reason} (awaiting ${outcome.detail})`, runtimeMs: exit.runtimeMs, unkillable: null };
  }
  const message = outcome.ok ? outcome.detail : outcome.message;
  const stopped = await host.stopNotReady(run, `not ready: ${message}`);
  const runtimeMs = host.ctx.clock.now() - run.startedAt;
  return { kind: 'not-ready', reason: `not ready: ${message}`, detail: message, runtimeMs, unkillable: stopped.outcome === 'unkillable' ? stopped.reason : null };
}

// Runs a preparation's cleanup; it must not throw, but a plugin's might.
async function cleanup(prep: ReadyPreparation): Promise<void> {
  try {
    await prep.cleanup?.();
  } catch {
    // nothing to do: the readiness is settled either way
  }
}
