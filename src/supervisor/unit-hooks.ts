// A unit's lifecycle hooks: in series with each other (a process's hooks never overlap), on_shutdown
// exactly once per child, and no async step at all for a process without hooks.
import type { ProcessSpec } from '../manifest/types.js';
import type { HookEvent } from '../plugins/api.js';
import { describeExit } from './exit-reason.js';
import type { HookCall, HookDispatcher, HookResult } from './hooks.js';
import type { ChildExit, ChildRun } from './spawn-child.js';

/** What the hooks need to know about their unit. */
export interface HookedUnit {
  /** The current definition (a manifest reload may replace it). */
  readonly spec: ProcessSpec;
  readonly restarts: number;
  recentLines(n: number): string[];
}

type Fields = Pick<HookCall, 'pid' | 'exitCode' | 'signal' | 'reason'>;

export class UnitHooks {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly shutdowns = new WeakMap<ChildRun, Promise<void>>();

  constructor(private readonly dispatcher: HookDispatcher, private readonly unit: HookedUnit) {}

  private get spec(): ProcessSpec {
    return this.unit.spec;
  }

  has(event: HookEvent): boolean {
    return this.spec.lifecycleHooks.length > 0 && this.dispatcher.has(this.spec, event);
  }

  /** Runs the hooks of `event` after any still running for this process (`abort` cuts them short); null when there are none. */
  run(event: HookEvent, fields: Fields, abort?: AbortSignal): Promise<HookResult> | null {
    if (!this.has(event)) return null;
    const call: HookCall = { event, spec: this.spec, ...fields, restarts: this.unit.restarts, recentOutput: (n) => this.unit.recentLines(n), ...(abort ? { abort } : {}) };
    const result = this.chain.then(() => this.dispatcher.run(call));
    this.chain = result;
    return result;
  }

  /**
   * pre_start before a spawn; a restart (`why` set) tells them how the previous child ended; `abort`: the
   * start is abandoned. Null without hooks.
   */
  preStart(why: string | null, exitCode: number | null, signal: NodeJS.Signals | null, abort: AbortSignal): Promise<HookResult> | null {
    return this.run('pre_start', why === null ? { pid: null, exitCode: null, signal: null, reason: null } : { pid: null, exitCode, signal, reason: why }, abort);
  }

  /** True when hooks must run between readiness and `running`: post_start, or on_restart after a restart. */
  holdsRunning(restart: boolean): boolean {
    return this.has('post_start') || (restart && this.has('on_restart'));
  }

  /** post_start, then (after a restart, `why` set) on_restart, for the ready child `pid`; `abort`: the start is abandoned. */
  async afterReady(pid: number, why: string | null, abort: AbortSignal): Promise<void> {
    const fields = { pid, exitCode: null, signal: null, reason: why };
    await this.run('post_start', fields, abort);
    if (why !== null) await this.run('on_restart', fields, abort);
  }

  /** Starts `on_shutdown` for a child that ended (once per child); `stopReason` is set when pilot stopped it. */
  childEnded(run: ChildRun, exit: ChildExit, stopReason: string | null): void {
    const reason = stopReason === null ? describeExit(exit.code, exit.signal) : `stopped: ${stopReason}`;
    const running = this.run('on_shutdown', { pid: run.pid, exitCode: exit.code, signal: exit.signal, reason });
    if (running) this.shutdowns.set(run, running.then(() => undefined));
  }

  /** Resolves once `on_shutdown` of `run` is over (at once when it has none, or it has not ended). */
  shutdownOf(run: ChildRun): Promise<void> | null {
    return this.shutdowns.get(run) ?? null;
  }
}
