// Splitting `watch.paths` (absolute, possibly globs) into the directories or files to watch and, for
// globs, the matcher that decides which of the files under them count.
import { existsSync } from 'node:fs';
import picomatch from 'picomatch';

export interface WatchRoot {
  /** The file or directory handed to the watcher: the path itself, or a glob's static prefix. */
  root: string;
  /** For a glob: whether an absolute path matches it; null when the path is not a glob. */
  matches: ((path: string) => boolean) | null;
}

/** One root per path; globs that share a prefix share a root (then a file counts when any glob matches). */
export function watchRoots(paths: readonly string[]): WatchRoot[] {
  const byRoot = new Map<string, ((path: string) => boolean)[] | null>();
  for (const path of paths) {
    const scan = picomatch.scan(path);
    // A path that exists as written is that path, even with glob characters in it (`pages/[id]`).
    if (!scan.isGlob || existsSync(path)) {
      byRoot.set(path, null); // the whole path counts, whatever globs share it
      continue;
    }
    const root = scan.base === '' ? '/' : scan.base;
    const list = byRoot.get(root);
    if (list === null) continue;
    const matcher = picomatch(path, { dot: false });
    if (list) list.push(matcher);
    else byRoot.set(root, [matcher]);
  }
  return [...byRoot].map(([root, matchers]) => ({ root, matches: matchers === null ? null : (p: string) => matchers.some((m) => m(p)) }));
}
