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
import type { LineEvent } from './events.js';
import type { HookResult } from './hooks.js';
import type { StopOutcome } from './stop-child.js';
import type { UnitContext } from './unit-context.js';

export type Attempt =
  /** `held`: post_start/on_restart hooks come before `running` (decided once, by ready()). */
  | { kind: 'ready'; run: ChildRun; held: boolean }
  | { kind: 'aborted' }
  /** Nothing was spawned: it could not run, or a pre_start hook failed (which, on a restart, is retried). */
  | { kind: 'cannot-start'; reason: string; code?: 'SPAWN_FAILED' | 'HOOK_FAILED' }
  /** The child ran but was not ready: it exited first, or readiness timed out/failed (and it was stopped). */
  | { kind: 'not-ready'; run: ChildRun; reason: string; detail: string; runtimeMs: number; unkillable: string | null };

/** What an attempt needs from its unit. */
export interface AttemptHost {
  spec: ProcessSpec;
  ctx: UnitContext;
  onLine: OnOutputLine;
  /** The newest `n` lines of the current child only. */
  recentLines(n: number): string[];
  /** Subscribes to the current child's output lines; returns the unsubscribe function. */
  onChildLine(listener: (line: LineEvent) => void): () => void;
  /** Runs the pre_start hooks (`why`: set for a restart; `signal` cuts them short); null when the process has none. */
  preStart(why: string | null, signal: AbortSignal): Promise<HookResult> | null;
  /** The child is running (`restart`: it restarts the process): record it, emit `spawn`, move to `starting`. */
  spawned(run: ChildRun, restart: boolean): void;
  /** The child is ready: emit `ready`, move to `running` unless hooks come first (then true). */
  ready(run: ChildRun, elapsedMs: number, detail: string, restart: boolean): boolean;
  /** Readiness failed while the child lives: move to `stopping` and stop it. */
  stopNotReady(run: ChildRun, reason: string): Promise<StopOutcome>;
  warn(message: string): void;
}

/** Runs one attempt; `signal` aborts it (the unit is being stopped); `why` is set when it is a restart. */
export async function runAttempt(host: AttemptHost, signal: AbortSignal, why: string | null = null): Promise<Attempt> {
  const { spec, ctx } = host;
  const strategy = spec.readyStrategy === null ? null : ctx.registry.get(spec.readyStrategy);
  if (strategy === undefined) {
    return { kind: 'cannot-start', reason: `cannot start "${spec.name}": unknown ready strategy "${spec.readyStrategy}" (available: ${ctx.registry.names().join(', ')})` };
  }
  const env = buildChildEnv({ manifest: ctx.manifest, spec, stackId: ctx.stackId, color: ctx.color });
  const problem = spawnProblem(spec, env);
  if (problem) return { kind: 'cannot-start', reason: problem };
  const hooks = host.preStart(why, signal);
  if (hooks) {
    const result = await hooks;
    if (signal.aborted) return { kind: 'aborted' };
    if (!result.ok) return { kind: 'cannot-start', reason: `cannot start "${spec.name}": ${result.reason}`, code: 'HOOK_FAILED' };
  }

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
  if (prep.env) Object.assign(env, prep.env); // as buildChildEnv's `prepared`: nothing overrides them
  // an earlier child's setsid grandchildren must not hold its port (or anything) against the new one
  await ctx.leftoversGone(spec.name);
  if (signal.aborted) {
    await cleanup(prep);
    return { kind: 'aborted' };
  }
  const started = spawnChild({
    name: spec.name,
    argv: buildArgv(spec, ctx.platform),
    cwd: spec.workingDirectory,
    env,
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
  host.spawned(run, why !== null);
  if (strategy === null) {
    return { kind: 'ready', run, held: host.ready(run, 0, 'spawned', why !== null) };
  }
  return awaitRun(host, strategy, run, prep, env, signal, why !== null);
}

// Awaits readiness of a spawned child, and says why it failed when it did.
async function awaitRun(host: AttemptHost, strategy: ReadyStrategy, run: ChildRun, prep: ReadyPreparation, env: Record<string, string>, signal: AbortSignal, restart: boolean): Promise<Attempt> {
  const { spec } = host;
  const outcome = await awaitReady(
    strategy,
    { process: spec, params: spec.readyParams, pid: run.pid, prepared: prep.state, recentOutput: (n = 50) => host.recentLines(n), onOutput: host.onChildLine, env, log: host.warn },
    { timeoutMs: spec.readyTimeoutSec * 1000, signal: AbortSignal.any([signal, run.exitSignal]), ...(prep.detail === undefined ? {} : { detail: prep.detail }) },
  );
  await cleanup(prep);
  if (signal.aborted) return { kind: 'aborted' };
  if (outcome.ok && run.alive) {
    return { kind: 'ready', run, held: host.ready(run, outcome.elapsedMs, outcome.detail, restart) };
  }
  if (!run.alive) {
    const exit = await run.closed;
    const reason = `${describeExit(exit.code, exit.signal)} before it was ready`;
    return { kind: 'not-ready', run, reason, detail: `${reason} (awaiting ${outcome.detail})`, runtimeMs: exit.runtimeMs, unkillable: null };
  }
  const message = outcome.ok ? outcome.detail : outcome.message;
  const stopped = await host.stopNotReady(run, `not ready: ${message}`);
  const runtimeMs = host.ctx.clock.now() - run.startedAt;
  return { kind: 'not-ready', run, reason: `not ready: ${message}`, detail: message, runtimeMs, unkillable: stopped.outcome === 'unkillable' ? stopped.reason : null };
}

// Runs a preparation's cleanup; it must not throw, but a plugin's might.
async function cleanup(prep: ReadyPreparation): Promise<void> {
  try {
    await prep.cleanup?.();
  } catch {
    // nothing to do: the readiness is settled either way
  }
}
