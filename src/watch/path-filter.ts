// Which paths under the watched roots are watched at all, and which changes count: the default
// ignores, the process's `ignore` globs, and the globs of `paths`.
import { resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_IGNORED_NAMES, isDotName } from './default-ignores.js';
import type { WatchRoot } from './watch-roots.js';

export interface PathFilter {
  /** Not watched (a directory is not even read). `isFile` when known: files outside a root's globs are not watched either. */
  ignored(path: string, isFile?: boolean): boolean;
  /** A change to this file counts (it is watched and matches its root's globs). */
  counts(path: string): boolean;
}

type Match = (path: string) => boolean;

/**
 * `ignore` globs without a `/` (`*.log`, `tmp`) match the name of any file or directory under a root;
 * globs with one (`dist/**`, `./cache/*.json`) match paths relative to `workingDirectory`.
 */
export function pathFilter(roots: readonly WatchRoot[], ignore: readonly string[], workingDirectory: string): PathFilter {
  const nameGlobs = [...DEFAULT_IGNORED_NAMES, ...ignore.filter((g) => !g.includes('/'))];
  const byName = picomatch(nameGlobs, { dot: true });
  const pathGlobs = ignore.filter((g) => g.includes('/')).map((g) => resolve(workingDirectory, g));
  const byPath: Match = pathGlobs.length > 0 ? picomatch(pathGlobs, { dot: true }) : () => false;
  // Longest first, so a path is judged by the innermost root holding it.
  const sorted = [...roots].sort((a, b) => b.root.length - a.root.length);
  const rootOf = (path: string): WatchRoot | undefined => sorted.find((r) => path === r.root || path.startsWith(r.root.endsWith(sep) ? r.root : r.root + sep));

  const ignoredBelow = (root: WatchRoot, path: string): boolean => {
    if (path === root.root) return false; // named in `paths`: watched even if it is a dotfile
    const names = path.slice(root.root.length).split(sep).filter((n) => n !== '');
    return names.some((name) => isDotName(name) || byName(name)) || byPath(path);
  };

  return {
    ignored(path, isFile) {
      const root = rootOf(path);
      if (!root) return false; // an ancestor the watcher looks at on its way to a root
      if (ignoredBelow(root, path)) return true;
      return isFile === true && root.matches !== null && !root.matches(path);
    },
    counts(path) {
      const root = rootOf(path);
      if (!root || ignoredBelow(root, path)) return false;
      return root.matches === null || root.matches(path);
    },
  };
}
