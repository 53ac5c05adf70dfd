// One supervisor per stack: a socket that answers means the stack is up; one that nobody answers is stale.
import { lstatSync, unlinkSync } from 'node:fs';
import { PilotError } from '../errors.js';
import { connectControl } from './client.js';

/** How long a live supervisor gets to answer the probe's ping. */
export const PROBE_TIMEOUT_MS = 3000;

/**
 * Makes `socketPath` free for a new server: removes a stale socket (or any non-directory file)
 * there, and throws ALREADY_RUNNING when a supervisor accepts connections on it.
 */
export async function clearStaleSocket(socketPath: string, manifest: string): Promise<void> {
  let client;
  try {
    client = await connectControl(socketPath, { timeoutMs: PROBE_TIMEOUT_MS, manifest });
  } catch (err) {
    if (err instanceof PilotError && err.code === 'NOT_RUNNING') return removeStale(socketPath);
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

// Nobody listens: remove what is there, unless it is a directory (not ours to delete).
function removeStale(socketPath: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = lstatSync(socketPath).isDirectory();
  } catch {
    return; // nothing there
  }
  if (isDirectory) throw new PilotError('INTERNAL', `cannot create the control socket: ${socketPath} is a directory`, { context: { socketPath } });
  try {
    unlinkSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new PilotError('INTERNAL', `cannot remove the stale control socket ${socketPath}: ${(err as Error).message}`, { context: { socketPath }, cause: err });
  }
}
