// Watch mode for one process (or the manifest): file changes, debounced, turned into one call of
// `onTrigger` at a time. The supervisor loads this module only when something is to be watched.
import type { WatchSpec } from '../manifest/types.js';
import { DebouncedRunner, type Timers } from './debounced-runner.js';
import { watchFiles } from './file-watcher.js';

export interface WatchHandle {
  /** Resolves once watching has begun: how many files and directories, and how long the initial scan took. */
  readonly ready: Promise<{ entries: number; elapsedMs: number }>;
  /** The directories being watched. */
  watchedDirectories(): string[];
  close(): Promise<void>;
}

export interface WatchRequest {
  spec: Pick<WatchSpec, 'paths' | 'ignore' | 'debounceMs'>;
  workingDirectory: string;
  timers: Timers;
  /** The changed files of one debounce window, latest first; the next window's call waits for this one. */
  onTrigger(files: string[]): Promise<void>;
  onProblem(message: string): void;
}

export function startWatching(r: WatchRequest): WatchHandle {
  const started = performance.now();
  const runner = new DebouncedRunner(r.spec.debounceMs, r.timers, r.onTrigger);
  const files = watchFiles({
    paths: r.spec.paths,
    ignore: r.spec.ignore,
    workingDirectory: r.workingDirectory,
    onChange: (path, kind) => runner.notify(path, kind),
    onProblem: r.onProblem,
  });
  return {
    ready: files.ready.then((entries) => ({ entries, elapsedMs: performance.now() - started })),
    watchedDirectories: () => files.watchedDirectories(),
    close: async () => {
      runner.close();
      await files.close();
    },
  };
}
