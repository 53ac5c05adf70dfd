// What this host offers for spawning: setpriv (parent-death signal) and taskset (CPU affinity).
import { readFileSync } from 'node:fs';
import { findExecutable } from '../manifest/resolve-executable.js';

export interface Platform {
  os: NodeJS.Platform;
  /** Absolute path of a `setpriv` that supports `--pdeathsig`, or null. */
  setpriv: string | null;
  /** Absolute path of `taskset`, or null. */
  taskset: string | null;
}

/** First executable called `name` on `PATH`, or null. */
export function whichSync(name: string, path = process.env.PATH ?? ''): string | null {
  const found = findExecutable(name, '/', path);
  return found.ok ? found.path : null;
}

// util-linux before 2.33 has setpriv without --pdeathsig; using it would make every spawn fail.
// The option's name is in the binary's string table: reading it costs ~0.1 ms, running `setpriv --help` ~10 ms.
function supportsPdeathsig(setpriv: string): boolean {
  try {
    return readFileSync(setpriv).includes('pdeathsig');
  } catch {
    return false;
  }
}

let cached: Platform | undefined;

/** The host's platform, looked up once per process. */
export function detectPlatform(): Platform {
  if (cached) return cached;
  const os = process.platform;
  if (os !== 'linux') return (cached = { os, setpriv: null, taskset: null });
  const setpriv = whichSync('setpriv');
  cached = { os, setpriv: setpriv && supportsPdeathsig(setpriv) ? setpriv : null, taskset: whichSync('taskset') };
  return cached;
}
