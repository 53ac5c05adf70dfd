// Waiting for a path that does not exist (yet, or any more) to appear: one fs.watch on its nearest
// existing ancestor, moved down as the missing directories are created.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

// When the ancestor cannot be watched (a watch limit, an unreadable directory): look again this often.
const POLL_MS = 1000;

/** Calls `onAppear` once `path` exists; returns the function that stops waiting. */
export function whenExists(path: string, onAppear: () => void): () => void {
  let watcher: FSWatcher | null = null;
  let watching: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let done = false;
  const stop = (): void => {
    done = true;
    watcher?.close();
    watcher = null;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const check = (): void => {
    if (done) return;
    if (existsSync(path)) {
      stop();
      onAppear();
      return;
    }
    const ancestor = nearestExisting(dirname(path));
    if (ancestor === watching) return;
    watcher?.close();
    watching = ancestor;
    try {
      watcher = watch(ancestor, { persistent: false }, check);
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
        watching = null;
        poll();
      });
    } catch {
      watcher = null;
      watching = null;
      poll();
      return;
    }
    check(); // it may have appeared between the look and the watch
  };
  const poll = (): void => {
    if (done || timer) return;
    timer = setTimeout(() => {
      timer = null;
      check();
    }, POLL_MS);
    timer.unref();
  };
  check();
  return stop;
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}
