// Waits until a path exists, event-driven: fs.watch on its parent directory, with a slow stat fallback
// for events a filesystem fails to deliver, and a stat poll while the parent itself does not exist yet.
import { stat, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Fallback stat while watching (watch events can be missed, e.g. on network filesystems). */
const FALLBACK_MS = 500;
/** While the parent is missing: poll quickly at first, then settle at this interval. */
const PARENT_POLL_FIRST_MS = 5;
const PARENT_POLL_MAX_MS = 250;

/** Resolves once `target` exists. On abort rejects with the last unexpected stat error, else with the signal's reason. */
export function waitForPath(target: string, signal: AbortSignal): Promise<void> {
  const parent = dirname(target);
  const name = basename(target);
  const parentName = basename(parent);
  return new Promise<void>((resolve, reject) => {
    let watcher: FSWatcher | undefined;
    /** Inode of the directory being watched: a parent removed and recreated is a new directory to watch. */
    let watchedIno = 0;
    let timer: NodeJS.Timeout | undefined;
    let pollMs = PARENT_POLL_FIRST_MS;
    let statting = false;
    let restat = false;
    let lastError: Error | undefined;
    let done = false;

    const finish = (err?: unknown): void => {
      if (done) return;
      done = true;
      watcher?.close();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onAbort = (): void => finish(lastError ?? signal.reason);

    // Stat the target (one at a time; an event during a stat asks for another).
    const check = (): void => {
      if (done) return;
      if (statting) {
        restat = true;
        return;
      }
      statting = true;
      stat(target, (err) => {
        statting = false;
        if (done) return;
        if (!err) return finish();
        if (err.code !== 'ENOENT') lastError = err;
        if (restat) {
          restat = false;
          check();
        }
      });
    };

    // A watch on a removed directory goes quiet: if the parent is gone or replaced, poll for it and watch anew.
    const checkParent = (): void => {
      const current = watcher;
      stat(parent, (err, stats) => {
        if (!done && current && current === watcher && (err || stats.ino !== watchedIno)) startPolling();
      });
    };

    // Watch the parent; false when that is impossible (it does not exist yet, or the OS refuses a watch).
    const startWatching = (): boolean => {
      try {
        // Stat before watching: should the parent be replaced in between, checkParent sees a new inode.
        watchedIno = statSync(parent).ino;
        watcher = watch(parent, (_event, filename) => {
          if (filename === null || filename === name) check();
          if (filename === null || filename === parentName) checkParent();
        });
      } catch {
        return false;
      }
      watcher.on('error', startPolling);
      schedule(FALLBACK_MS, fallback);
      return true;
    };
    // Poll mode: retry the watch on a schedule that starts quick and settles; stat meanwhile in case the watch is refused.
    const poll = (): void => {
      if (startWatching()) {
        pollMs = PARENT_POLL_FIRST_MS;
        return check();
      }
      check();
      schedule(pollMs, poll);
      pollMs = Math.min(pollMs * 2, PARENT_POLL_MAX_MS);
    };
    const startPolling = (): void => {
      watcher?.close();
      watcher = undefined;
      pollMs = PARENT_POLL_FIRST_MS;
      schedule(pollMs, poll);
    };
    const fallback = (): void => {
      schedule(FALLBACK_MS, fallback);
      check();
      checkParent();
    };
    const schedule = (ms: number, fn: () => void): void => {
      clearTimeout(timer);
      if (!done) timer = setTimeout(fn, ms);
    };

    if (signal.aborted) return finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    poll();
  });
}
