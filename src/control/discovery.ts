// Which stack a control command means: --file, else a default manifest in the working directory,
// else the only running stack. Node built-ins only: `pilot ps` must start fast.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PilotError } from '../errors.js';
import { findDefaultManifest } from '../manifest/default-manifest.js';
import { connectControl } from './client.js';
import type { PingResult } from './protocol.js';
import { controlSocketPath } from './socket-path.js';
import { pilotRoot, stackPaths, type StackPaths } from './state-dir.js';

/** The manifest names looked for in the working directory, in order (as `pilot up` does). */
/** How long a running supervisor gets to answer discovery's ping. */
export const DISCOVERY_TIMEOUT_MS = 1000;

export interface StackLocation {
  manifest: string;
  paths: StackPaths;
  socketPath: string;
}

export interface RunningStack extends StackLocation {
  ping: PingResult;
}

export interface FindStackOptions {
  /** --file, relative to `cwd`. */
  file?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** The stack a command is about; NOT_RUNNING (exit 3) when it must be found running and none is, USAGE (exit 2) when several are. */
export async function findStack(options: FindStackOptions): Promise<StackLocation> {
  const named = options.file !== undefined ? resolve(options.cwd, options.file) : findDefaultManifest(options.cwd);
  if (named !== null) return locate(named, options.env);
  const running = await listRunningStacks(options.env, options.timeoutMs);
  const only = running[0];
  if (running.length === 1 && only) return only;
  if (running.length === 0) throw new PilotError('NOT_RUNNING', 'no running stack (start one with pilot up)', { exitCode: 3 });
  const list = running.map((s) => `${s.manifest} (pid ${s.ping.pid})`).join(', ');
  throw new PilotError('USAGE', `${running.length} stacks are running: ${list}; choose one with --file`, {
    exitCode: 2,
    context: { manifests: running.map((s) => s.manifest) },
  });
}

/** Every stack under pilot's root whose supervisor answers `ping`, probed in parallel, by manifest path. */
export async function listRunningStacks(env: NodeJS.ProcessEnv = process.env, timeoutMs = DISCOVERY_TIMEOUT_MS): Promise<RunningStack[]> {
  const root = pilotRoot(env);
  let dirs: string[];
  try {
    dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, d.name));
  } catch {
    return []; // no root yet: nothing was ever started
  }
  const found = await Promise.all(dirs.map((dir) => probe(dir, env, timeoutMs)));
  return found.filter((s): s is RunningStack => s !== null).sort((a, b) => a.manifest.localeCompare(b.manifest));
}

function locate(manifest: string, env: NodeJS.ProcessEnv): StackLocation {
  const paths = stackPaths(manifest, env);
  return { manifest, paths, socketPath: controlSocketPath(paths.dir) };
}

// The supervisor behind a stack directory, or null when nobody answers there.
async function probe(dir: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunningStack | null> {
  let socketPath: string;
  try {
    socketPath = controlSocketPath(dir);
  } catch {
    return null; // no usable socket path: no supervisor could have listened there
  }
  const client = await connectControl(socketPath, { timeoutMs }).catch(() => null);
  if (!client) return null;
  try {
    const ping = await client.call('ping', {}, { timeoutMs });
    return { manifest: ping.manifest, paths: stackPaths(ping.manifest, env), socketPath, ping };
  } catch {
    return null;
  } finally {
    client.close();
  }
}

