// Questions the launcher asks a stack's supervisor over its control socket.
import { connectControl, type ControlClient } from '../../control/client.js';
import { controlSocketPath } from '../../control/socket-path.js';
import type { StackPaths } from '../../control/state-dir.js';
import { PilotError } from '../../errors.js';

const QUERY_TIMEOUT_MS = 2000;

// A client of the stack's supervisor, or null when nobody listens on its socket.
async function connect(paths: StackPaths): Promise<ControlClient | null> {
  try {
    return await connectControl(controlSocketPath(paths.dir), { timeoutMs: QUERY_TIMEOUT_MS });
  } catch (err) {
    if (err instanceof PilotError && err.code === 'NOT_RUNNING') return null;
    throw err;
  }
}

/** The pid of the supervisor running the stack, or null when nobody answers on its socket. */
export async function runningSupervisor(paths: StackPaths): Promise<number | null> {
  const client = await connect(paths);
  if (!client) return null;
  try {
    return (await client.call('ping', {}, { timeoutMs: QUERY_TIMEOUT_MS })).pid;
  } finally {
    client.close();
  }
}

/** `name (state)` of every process that is not running yet; [] when the supervisor cannot tell. */
export async function processesNotReady(paths: StackPaths): Promise<string[]> {
  const client = await connect(paths).catch(() => null);
  if (!client) return [];
  try {
    const status = await client.call('status', {}, { timeoutMs: QUERY_TIMEOUT_MS });
    return status.filter((p) => p.state !== 'running').map((p) => `${p.name} (${p.state})`);
  } catch {
    return [];
  } finally {
    client.close();
  }
}
