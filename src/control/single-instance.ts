// One supervisor per stack: a socket that answers means the stack is up; one that nobody answers is stale.
// The socket is bound under a name of its own, then linked to the stack's name, which succeeds for one
// supervisor only (exclusive-name.ts): of two starting at once, the other finds the first one answering.
import { lstatSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PilotError } from '../errors.js';
import { takeName } from '../supervisor/exclusive-name.js';
import { connectControl } from './client.js';

/** How long a live supervisor gets to answer the probe's ping. */
export const PROBE_TIMEOUT_MS = 3000;

/**
 * Where this process binds its socket before it takes `socketPath`: beside it (a link cannot cross file
 * systems), and no longer (a socket path has a length limit) — `.` and the pid in base 36 is at most 7
 * bytes, where the stack's socket names (`control.sock`, `HASH.sock`) have 12 or more.
 */
export function bindPathFor(socketPath: string): string {
  return join(dirname(socketPath), `.${process.pid.toString(36)}`);
}

/**
 * Gives the socket listening at `bound` the name `socketPath`: replaces a stale socket (or any
 * non-directory file) there, and throws ALREADY_RUNNING when a supervisor accepts connections on it.
 * `bound` is gone afterwards, whatever the outcome.
 */
export async function takeSocketPath(bound: string, socketPath: string, manifest: string): Promise<void> {
  try {
    await takeName(bound, socketPath, async (path) => {
      await refuseLive(path, manifest);
      refuseDirectory(path);
      return { stale: null };
    });
  } catch (err) {
    if (err instanceof PilotError) throw err;
    throw new PilotError('INTERNAL', `cannot create the control socket ${socketPath}: ${(err as Error).message}`, { context: { socketPath }, cause: err });
  } finally {
    rmSync(bound, { force: true });
  }
}

// Throws ALREADY_RUNNING when something accepts connections at `socketPath`; resolves when nobody does.
async function refuseLive(socketPath: string, manifest: string): Promise<void> {
  let client;
  try {
    client = await connectControl(socketPath, { timeoutMs: PROBE_TIMEOUT_MS, manifest });
  } catch (err) {
    if (err instanceof PilotError && err.code === 'NOT_RUNNING') return;
    throw err;
  }
  try {
    const { pid } = await client.call('ping', {}, { timeoutMs: PROBE_TIMEOUT_MS });
    throw new PilotError('ALREADY_RUNNING', `stack ${manifest} is already up (supervisor pid ${pid})`, { exitCode: 1, context: { pid, socketPath } });
  } catch (err) {
    if (err instanceof PilotError && err.code === 'ALREADY_RUNNING') throw err;
    // It accepted the connection, so something listens there: never take the socket from it.
    throw new PilotError('ALREADY_RUNNING', `stack ${manifest} is already up (its control socket ${socketPath} accepts connections but did not answer: ${(err as Error).message})`, {
      exitCode: 1,
      context: { socketPath },
    });
  } finally {
    client.close();
  }
}

// A directory where the socket belongs is not ours to delete.
function refuseDirectory(socketPath: string): void {
  let isDirectory = false;
  try {
    isDirectory = lstatSync(socketPath).isDirectory();
  } catch {
    // gone meanwhile
  }
  if (isDirectory) throw new PilotError('INTERNAL', `cannot create the control socket: ${socketPath} is a directory`, { context: { socketPath } });
}
