// Watch mode for a running stack: a watcher per process that declares `watch` (when watching is on)
// and one on the manifest (with --watch-manifest). The watch module, and chokidar with it, is
// imported only once there is something to watch.
import { dirname } from 'node:path';
import type { WatchHandle } from '../watch/watch-process.js';
import type { Clock } from './clock.js';
import { stable } from './manifest-diff.js';
import type { Stack } from './stack.js';
import { restartProcesses } from './stack-ops.js';

type WatchModule = typeof import('../watch/watch-process.js');

/** Editors save a manifest in several steps: one reload for all of them. */
const MANIFEST_DEBOUNCE_MS = 300;
const LISTED_FILES = 10;

export interface StackWatchOptions {
  /** Act on the processes' `watch` settings. */
  processes: boolean;
  /** Reload when the manifest's file changes. */
  manifest: boolean;
  clock: Clock;
}

export class StackWatch {
  /** Per process: what it watches (to notice a reload changing it) and its watcher, once loaded. */
  private readonly watchers = new Map<string, { key: string; handle: Promise<WatchHandle | null> }>();
  private manifestWatcher: Promise<WatchHandle | null> | null = null;
  private module: Promise<WatchModule | null> | null = null;
  private active = false;

  constructor(private readonly stack: Stack, private readonly o: StackWatchOptions) {}

  /** The stack is up: begin watching. */
  start(): void {
    this.active = true;
    if (this.o.manifest) this.manifestWatcher = this.watchManifest();
    this.sync();
  }

  /** Makes the watchers follow the processes' current `watch` settings (after a reload). */
  sync(): void {
    if (!this.active || !this.o.processes) return;
    const wanted = new Map<string, string>();
    for (const unit of this.stack.units.values()) {
      if (unit.spec.watch) wanted.set(unit.name, stable([unit.spec.watch, unit.spec.workingDirectory]));
    }
    for (const [name, watcher] of this.watchers) {
      if (wanted.get(name) === watcher.key) continue;
      this.watchers.delete(name);
      void watcher.handle.then((h) => h?.close());
    }
    for (const [name, key] of wanted) if (!this.watchers.has(name)) this.watchers.set(name, { key, handle: this.watchProcess(name, key) });
  }

  /** Stops every watcher (the stack is stopping). */
  async close(): Promise<void> {
    this.active = false;
    const handles = [...this.watchers.values()].map((w) => w.handle);
    if (this.manifestWatcher) handles.push(this.manifestWatcher);
    this.watchers.clear();
    this.manifestWatcher = null;
    await Promise.all(handles.map((h) => h.then((handle) => handle?.close())));
  }

  private async watchProcess(name: string, key: string): Promise<WatchHandle | null> {
    const watch = await this.load();
    const unit = this.stack.units.get(name);
    const spec = unit?.spec.watch;
    if (!watch || !unit || !spec || this.watchers.get(name)?.key !== key) return null;
    const handle = watch.startWatching({
      spec,
      workingDirectory: unit.spec.workingDirectory,
      timers: this.o.clock,
      onTrigger: (files) => this.changed(name, files),
      onProblem: (message) => this.stack.warn(name, `watch: ${message}`),
    });
    void handle.ready.then(({ entries, elapsedMs }) => {
      if (this.watchers.get(name)?.key !== key) return;
      this.stack.bus.emit({ type: 'watching', at: this.o.clock.wall(), process: name, paths: spec.paths, entries, elapsedMs });
    });
    return handle;
  }

  // Files of `name` changed: restart it (and, with restart_dependents, what depends on it).
  private async changed(name: string, files: string[]): Promise<void> {
    await this.stack.reloadSettled();
    const stack = this.stack;
    const unit = stack.units.get(name);
    if (stack.phase !== 'up' || !unit?.spec.watch) return; // stopping, or the reload removed it
    const chosen = new Set(unit.stoppedOnRequest ? [] : [name, ...(unit.spec.watch.restartDependents ? stack.graph.transitiveDependents(name) : [])]);
    // processes stopped with `pilot stop` stay stopped
    const restart = stack.graph.topologicalOrder().filter((n) => chosen.has(n) && !stack.unit(n).stoppedOnRequest);
    stack.bus.emit({ type: 'watch', at: this.o.clock.wall(), process: name, files: files.slice(0, LISTED_FILES), more: Math.max(0, files.length - LISTED_FILES), restart });
    if (restart.length === 0) return;
    try {
      await restartProcesses(stack, restart);
    } catch {
      // the state events say why it did not come back
    }
  }

  private async watchManifest(): Promise<WatchHandle | null> {
    const watch = await this.load();
    if (!watch || !this.active) return null;
    const file = this.stack.manifest.file;
    return watch.startWatching({
      spec: { paths: [file], ignore: [], debounceMs: MANIFEST_DEBOUNCE_MS },
      workingDirectory: dirname(file),
      timers: this.o.clock,
      onTrigger: async () => {
        if (this.stack.phase !== 'up') return;
        try {
          await this.stack.reload(); // its event reports what changed, or the diagnostics
        } catch (err) {
          if (this.stack.phase === 'up') this.stack.warn(null, `reload: ${(err as Error).message}`);
        }
      },
      onProblem: (message) => this.stack.warn(null, `watching the manifest: ${message}`),
    });
  }

  private load(): Promise<WatchModule | null> {
    this.module ??= import('../watch/watch-process.js').catch((err: unknown) => {
      this.stack.warn(null, `watch mode is unavailable: cannot load the file watcher (${(err as Error).message})`);
      return null;
    });
    return this.module;
  }
}
