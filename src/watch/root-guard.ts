// Keeps track of one watched root itself: chokidar notices neither a root deleted and re-created (it
// keeps watching the old directory) nor one replaced at once (`rm -rf src && mkdir src`, a checkout).
// While the root exists, its parent directory is watched for entries of that name (one inotify watch);
// while it does not, the nearest existing ancestor is (see await-path.ts).
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { whenExists } from './await-path.js';

export interface RootEvents {
  /** The root is gone. */
  gone(): void;
  /** The root exists again (or for the first time). */
  appeared(): void;
  /** The root is another file or directory than before (same name, created anew). */
  replaced(): void;
}

/** Starts guarding `root`; returns the function that stops it. */
export function guardRoot(root: string, on: RootEvents): () => void {
  const name = basename(root);
  let inode = inodeOf(root);
  let parent: FSWatcher | null = null;
  let stopWaiting: (() => void) | null = null;
  let stopped = false;

  const check = (): void => {
    if (stopped) return;
    const now = inodeOf(root);
    if (now === inode) return;
    const before = inode;
    inode = now;
    if (now === null) {
      follow();
      on.gone();
    } else if (before === null) {
      follow();
      on.appeared();
    } else {
      on.replaced();
    }
  };
  // Watches the parent while the root exists, else waits for the root to appear.
  const follow = (): void => {
    parent?.close();
    parent = null;
    stopWaiting?.();
    stopWaiting = null;
    if (stopped) return;
    if (inode === null) {
      stopWaiting = whenExists(root, check);
      return;
    }
    try {
      parent = watch(dirname(root), { persistent: false }, (_event, entry) => {
        if (entry === null || entry === name) check();
      });
      parent.on('error', () => {
        parent?.close();
        parent = null;
        check(); // the parent went: the root went with it
      });
    } catch {
      parent = null; // an unwatchable parent: changes of the root itself are still seen by chokidar
    }
    check(); // it may have changed between the look and the watch
  };
  follow();
  return () => {
    stopped = true;
    parent?.close();
    stopWaiting?.();
  };
}

// What tells a re-created root from the old one: the inode number alone does not (Linux reuses a freed
// one at once), its birth time does (0 where the file system does not record it).
function inodeOf(path: string): string | null {
  try {
    const stats = statSync(path);
    return `${stats.ino}:${stats.birthtimeMs}`;
  } catch {
    return null;
  }
}
