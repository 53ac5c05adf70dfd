// Watching files with chokidar (the only module that imports it): one chokidar watcher per root, what is
// ignored, roots missing at start, deleted, re-created or replaced, and watcher errors as plain messages.
import { existsSync, readFileSync } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import type { ChangeKind } from './change-batch.js';
import { pathFilter, type PathFilter } from './path-filter.js';
import { guardRoot } from './root-guard.js';
import { watchRoots } from './watch-roots.js';

export interface FileWatcherOptions {
  /** Absolute files, directories or globs. */
  paths: readonly string[];
  /** The process's `ignore` globs, as written. */
  ignore: readonly string[];
  /** Where relative `ignore` globs start. */
  workingDirectory: string;
  /** A change that counts (after the ignores and the globs). */
  onChange(path: string, kind: ChangeKind): void;
  /** Something the user should know; watching goes on. */
  onProblem(message: string): void;
}

export interface FileWatcher {
  /** Resolves once the initial scan is done, with the number of files and directories watched. */
  readonly ready: Promise<number>;
  /** The directories being watched (their contents are watched too). */
  watchedDirectories(): string[];
  close(): Promise<void>;
}

interface RootWatch {
  ready: Promise<number>;
  directories(): string[];
  close(): Promise<void>;
}

/** Starts watching; never throws (problems go to `onProblem`, once per kind). */
export function watchFiles(o: FileWatcherOptions): FileWatcher {
  const rootList = watchRoots(o.paths);
  const filter = pathFilter(rootList, o.ignore, o.workingDirectory);
  const reported = new Set<string>();
  const problem = (message: string): void => {
    if (reported.has(message)) return;
    reported.add(message);
    o.onProblem(message);
  };
  const roots = rootList.map(({ root }) => watchRoot(root, filter, o, problem));
  return {
    ready: Promise.all(roots.map((r) => r.ready)).then((counts) => counts.reduce((a, b) => a + b, 0)),
    watchedDirectories: () => roots.flatMap((r) => r.directories()),
    close: async () => {
      await Promise.all(roots.map((r) => r.close()));
    },
  };
}

function watchRoot(root: string, filter: PathFilter, o: FileWatcherOptions, problem: (message: string) => void): RootWatch {
  let current: FSWatcher | null = null;
  let closed = false;
  // `initial`: the files there at start are not changes; after a (re-)creation every file found is new.
  const open = (initial: boolean): Promise<number> => {
    const watcher = watch(root, {
      ignoreInitial: initial,
      // The supervisor lives on its children and its socket; a watcher must never keep it alive.
      persistent: false,
      atomic: true,
      ignored: (path, stats) => filter.ignored(path, stats?.isFile()),
    });
    current = watcher;
    watcher.on('all', (event, path) => {
      if (closed || watcher !== current) return;
      if (path === root && event !== 'change') return; // the root coming and going: the guard reports it
      if ((event === 'add' || event === 'change' || event === 'unlink') && filter.counts(path)) o.onChange(path, event);
    });
    watcher.on('error', (err) => problem(describeWatchError(err as NodeJS.ErrnoException)));
    return new Promise((resolve) => watcher.once('ready', () => resolve(countWatched(watcher))));
  };
  const drop = (): void => {
    void current?.close();
    current = null;
  };
  const stopGuard = guardRoot(root, {
    gone: () => {
      drop();
      problem(`${root} was removed; watching for it to come back`);
      o.onChange(root, 'unlink');
    },
    // Reported once watched again: whatever is written from then on is seen.
    appeared: () => {
      void open(false).then(() => o.onChange(root, 'add'));
    },
    replaced: () => {
      drop();
      void open(false).then(() => o.onChange(root, 'change'));
    },
  });
  let ready: Promise<number>;
  if (existsSync(root)) ready = open(true);
  else {
    problem(`${root} does not exist (yet); watching for it to appear`);
    ready = Promise.resolve(0);
  }
  return {
    ready,
    directories: () => (current ? Object.keys(current.getWatched()) : []),
    close: async () => {
      closed = true;
      stopGuard();
      await current?.close();
    },
  };
}

function countWatched(watcher: FSWatcher): number {
  return Object.values(watcher.getWatched()).reduce((sum, names) => sum + names.length, 0);
}

// One line a user can act on: the limit that was hit and how to raise it.
function describeWatchError(err: NodeJS.ErrnoException): string {
  const where = typeof err.path === 'string' ? ` (${err.path})` : '';
  if (err.code === 'ENOSPC') {
    return `the system's limit of inotify watches is reached, at ${inotifyLimit()}: raise it (sysctl fs.inotify.max_user_watches=524288) or watch fewer files (narrower paths, more ignore globs)`;
  }
  if (err.code === 'EMFILE') return 'too many open files: raise the limit (ulimit -n) or watch fewer files';
  if (err.code === 'EACCES' || err.code === 'EPERM') return `cannot watch${where}: permission denied`;
  return `watching failed${where}: ${err.message}`;
}

function inotifyLimit(): string {
  try {
    return `fs.inotify.max_user_watches = ${readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim()}`;
  } catch {
    return 'the inotify limit';
  }
}
