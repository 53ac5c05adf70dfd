// Reloading a running stack's manifest: read and validate it again; if valid, stop the processes that
// left it and those to restart (dependents first), put the new manifest in force, then start the new
// and the restarted ones in dependency order. Everything else is left alone.
import { PilotError } from '../errors.js';
import type { LoadOptions, Manifest } from '../manifest/types.js';
import { affinityProblem } from './child-argv.js';
import type { Clock } from './clock.js';
import { loadForReload } from './load-for-reload.js';
import { diffManifests, type ReloadPlan } from './manifest-diff.js';
import type { ReloadApplied, ReloadResult } from './reload-result.js';
import type { Platform } from './platform.js';
import type { Stack } from './stack.js';
import { inDependencyOrder } from './stack-ops.js';
import { stopInReverseOrder } from './stop-order.js';

const noop = (): void => {};

export class Reloader {
  private running: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;

  constructor(private readonly stack: Stack, private readonly loadOptions: LoadOptions, private readonly clock: Clock, private readonly platform: Platform) {}

  /** One reload at a time: one asked for during another runs after it (reading the file then); more join that one. */
  reload(): Promise<ReloadResult> {
    if (this.queued) return this.queued;
    if (!this.running) return this.begin();
    const next = this.running.then(noop, noop).then(() => {
      this.queued = null;
      return this.begin();
    });
    this.queued = next;
    return next;
  }

  /** Settles once no reload runs or waits. */
  async settled(): Promise<void> {
    for (let pending = this.queued ?? this.running; pending; pending = this.queued ?? this.running) await pending.then(noop, noop);
  }

  private begin(): Promise<ReloadResult> {
    const run: Promise<ReloadResult> = this.apply().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async apply(): Promise<ReloadResult> {
    const stack = this.stack;
    await this.bootOver();
    if (stack.phase !== 'up') throw notUp(stack.phase);
    const file = stack.manifest.file;
    const loaded = await loadForReload(file, this.loadOptions);
    if (!loaded.manifest) return this.report({ valid: false, file, diagnostics: loaded.diagnostics });
    if (stack.phase !== 'up') throw notUp(stack.phase);
    const next = loaded.manifest;
    const plan = diffManifests(stack.manifest, next, (name) => stack.units.get(name)?.stoppedOnRequest ?? false);
    const restart = [...plan.changed.map((c) => c.name).filter((name) => !plan.keptStopped.includes(name)), ...plan.dependents];
    this.warnAbout(next, new Set([...plan.added, ...restart]));

    // Dependents first, in the graph they were started with. Removed ones go before anything starts:
    // a renamed process must free its port before its successor binds it.
    const oldGraph = stack.graph;
    const why = (name: string): string => (plan.removed.includes(name) ? 'removed from the manifest' : plan.dependents.includes(name) ? 'reload: a dependency changed' : 'reload: its definition changed');
    try {
      await stopInReverseOrder([...plan.removed, ...restart], (name) => oldGraph.dependentsOf(name), (name) => stack.unit(name).stop(why(name)));
    } catch (err) {
      stack.warn(null, `reload: while stopping: ${(err as Error).message}`);
    }
    stack.replaceManifest(next); // refuses (NOT_RUNNING) if the stack began to stop meanwhile

    const failed: ReloadApplied['failed'] = [];
    const starts = inDependencyOrder(stack, [...plan.added, ...restart], 'settled', (unit) => unit.start(stack.gateFor(unit)));
    await Promise.all([...starts].map(([name, done]) => done.catch((err: Error) => void failed.push({ name, reason: err.message }))));
    const order = stack.graph.topologicalOrder();
    return this.report(applied(file, loaded.diagnostics, plan, { restarted: order.filter((n) => restart.includes(n)), failed }));
  }

  // A reload asked for while the stack boots waits for the boot to be over.
  private bootOver(): Promise<void> {
    if (this.stack.phase !== 'booting') return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.stack.bus.on((e) => {
        if (e.type === 'stack' && e.phase !== 'booting') {
          off();
          resolve();
        }
      });
    });
  }

  // What `pilot up` would have warned about, for the processes this reload starts.
  private warnAbout(next: Manifest, names: Set<string>): void {
    const processes = next.processes.filter((p) => names.has(p.name));
    for (const spec of processes) {
      const problem = affinityProblem(spec, this.platform);
      if (problem) this.stack.warn(spec.name, problem);
    }
  }

  private report(result: ReloadResult): ReloadResult {
    this.stack.bus.emit({ type: 'reload', at: this.clock.wall(), result });
    return result;
  }
}

function applied(file: string, diagnostics: ReloadApplied['diagnostics'], plan: ReloadPlan, done: { restarted: string[]; failed: ReloadApplied['failed'] }): ReloadApplied {
  return {
    valid: true,
    file,
    diagnostics,
    added: plan.added,
    removed: plan.removed,
    changed: plan.changed,
    dependents: plan.dependents,
    restarted: done.restarted,
    kept_stopped: plan.keptStopped,
    rewatched: plan.rewatched,
    untouched: plan.untouched,
    failed: done.failed,
    settings: plan.settings,
  };
}

function notUp(phase: string): PilotError {
  const what = phase === 'idle' ? 'not started' : phase;
  return new PilotError('NOT_RUNNING', `cannot reload: the stack is ${what}`, { exitCode: 1, context: { phase } });
}
