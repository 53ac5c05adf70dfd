// file: ready once a path (relative to the process's working directory) exists. A stale file is removed before spawn.
import { lstat, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PilotError } from '../errors.js';
import type { ProcessSpec } from '../manifest/types.js';
import { requiredString } from './params.js';
import type { ReadyStrategy } from './types.js';
import { waitForPath } from './watch-path.js';

/** The awaited path, absolute. */
function targetPath(params: Record<string, unknown>, process: ProcessSpec): string {
  return resolve(process.workingDirectory, requiredString(params, 'path', 'file'));
}

/** Removes a file left by an earlier run, so only this run's file counts; a directory in the way is an error. */
async function removeStale(path: string, processName: string): Promise<void> {
  const context = { process: processName, path };
  try {
    if ((await lstat(path)).isDirectory()) {
      throw new PilotError('READY_FAILED', `ready file ${path} of "${processName}" is a directory; remove it or choose another ready_params.path`, { context });
    }
    await unlink(path);
  } catch (err) {
    if (err instanceof PilotError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new PilotError('READY_FAILED', `cannot remove stale ready file ${path} of "${processName}": ${(err as Error).message}`, { context, cause: err });
  }
}

export const fileStrategy: ReadyStrategy = {
  name: 'file',
  notReadyText: 'not created',
  describe(params, process) {
    return typeof params.path === 'string' ? `file ${resolve(process.workingDirectory, params.path)}` : 'file (no path)';
  },
  async prepare(ctx) {
    await removeStale(targetPath(ctx.params, ctx.process), ctx.process.name);
  },
  wait(ctx) {
    return waitForPath(targetPath(ctx.params, ctx.process), ctx.signal);
  },
};
