// Where a stack keeps its state: one private directory per manifest (by real path) under pilot's root.
import { chmodSync, mkdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { pathHash } from './path-hash.js';

export interface StackPaths {
  /** Stable id of the stack: the directory's name plus a hash of the root (two roots never share one). */
  stackId: string;
  /** The stack's private directory (mode 0700). */
  dir: string;
  /** Per-process log files. */
  logsDir: string;
  /** FIFOs, sockets and other runtime files. */
  runtimeDir: string;
  /** JSON record of the supervisor and its live children (for the orphan sweep). */
  stateFile: string;
}


/** pilot's root directory: $PILOT_HOME, else $XDG_RUNTIME_DIR/pilot, else ~/.pilot. */
export function pilotRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PILOT_HOME) return resolve(env.PILOT_HOME);
  if (env.XDG_RUNTIME_DIR) return join(resolve(env.XDG_RUNTIME_DIR), 'pilot');
  return join(homedir(), '.pilot');
}

/** The state paths of the stack described by `manifestFile` (identified by its real path). */
export function stackPaths(manifestFile: string, env: NodeJS.ProcessEnv = process.env): StackPaths {
  let real = resolve(manifestFile);
  try {
    real = realpathSync(real);
  } catch {
    // not there (yet): the resolved path still identifies it
  }
  const root = pilotRoot(env);
  const stem = basename(real, extname(real)).replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '') || 'stack';
  const name = `${stem}-${pathHash(real).slice(0, 10)}`;
  const dir = join(root, name);
  return {
    stackId: `${name}-${pathHash(root).slice(0, 6)}`,
    dir,
    logsDir: join(dir, 'logs'),
    runtimeDir: join(dir, 'run'),
    stateFile: join(dir, 'state.json'),
  };
}

/** Creates the stack's directories with mode 0700, tightening ones that already exist. */
export function ensureStackDirs(paths: StackPaths): void {
  for (const dir of [paths.dir, paths.logsDir, paths.runtimeDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
}
