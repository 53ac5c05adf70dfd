// Finding the file a process's `path` names: on PATH for bare names, else from the base directory.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, resolve } from 'node:path';

export type ExecutableLookup =
  | { ok: true; path: string }
  | { ok: false; problem: string; hint: string };

/** Resolves `path` as pilot will run it; says why when it cannot be run. */
export function findExecutable(path: string, baseDirectory: string, searchPath: string): ExecutableLookup {
  if (!path.includes('/')) {
    for (const dir of searchPath.split(delimiter)) {
      if (dir === '') continue;
      const candidate = resolve(dir, path);
      if (isExecutableFile(candidate)) return { ok: true, path: candidate };
    }
    return { ok: false, problem: 'was not found on PATH', hint: `install it, or give its absolute path or a path relative to the base directory (like ./bin/${path})` };
  }
  const absolute = isAbsolute(path) ? path : resolve(baseDirectory, path);
  let isFile: boolean;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    return { ok: false, problem: `does not exist (${absolute})`, hint: `relative paths resolve against the base directory ${baseDirectory}` };
  }
  if (!isFile) return { ok: false, problem: `is not a file (${absolute})`, hint: 'point "path" at the program to run' };
  if (!isExecutableFile(absolute)) return { ok: false, problem: `is not executable (${absolute})`, hint: `make it executable: chmod +x ${absolute}` };
  return { ok: true, path: absolute };
}

/** Exists, is a regular file (after symlinks) and may be executed by this user. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The PATH a process will see: its own env, else the manifest's env, else pilot's. */
export function searchPathFor(processEnv: unknown, globalEnv: unknown): string {
  for (const env of [processEnv, globalEnv]) {
    const value = env !== null && typeof env === 'object' ? (env as Record<string, unknown>).PATH : undefined;
    if (typeof value === 'string') return value;
  }
  return process.env.PATH ?? '';
}
