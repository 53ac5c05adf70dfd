// pipe: pilot creates a FIFO, passes its path in PILOT_READY_PIPE, and the process is ready when it writes
// the line `ready`. The FIFO lives at ready_params.path, or at <runtime dir>/<process>.ready.fifo.
// Children should open, write and close: once readiness is settled pilot closes its end and removes the FIFO.
import { execFile } from 'node:child_process';
import { lstat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PilotError } from '../errors.js';
import { FifoReader } from './fifo-reader.js';
import { optionalString } from './params.js';
import type { ReadyPrepareContext, ReadyStrategy } from './types.js';

const execFileAsync = promisify(execFile);
export const READY_PIPE_ENV = 'PILOT_READY_PIPE';

/** Where the FIFO goes: the given path (relative to the working directory) or the runtime directory. */
function fifoPath(ctx: ReadyPrepareContext): string {
  const given = optionalString(ctx.params, 'path', 'pipe');
  return given === undefined ? join(ctx.runtimeDir, `${ctx.process.name}.ready.fifo`) : resolve(ctx.process.workingDirectory, given);
}

/** Removes whatever a previous run left at `path`; a directory there is an error. */
async function removeStale(path: string, processName: string): Promise<void> {
  try {
    if ((await lstat(path)).isDirectory()) {
      throw new PilotError('READY_FAILED', `ready pipe path ${path} of "${processName}" is a directory; remove it or choose another ready_params.path`, {
        context: { process: processName, path },
      });
    }
    await unlink(path);
  } catch (err) {
    if (err instanceof PilotError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw prepareError(`cannot remove stale ready pipe ${path}`, processName, path, err);
  }
}

function prepareError(what: string, processName: string, path: string, cause: unknown): PilotError {
  const detail = (cause as { stderr?: string }).stderr?.trim() || (cause as Error).message;
  return new PilotError('READY_FAILED', `${what} for "${processName}": ${detail}`, { context: { process: processName, path }, cause });
}

/** Unlinks the FIFO unless something else has replaced it meanwhile (a later prepare of the same process). */
async function removeFifo(path: string, ino: number): Promise<void> {
  try {
    if ((await lstat(path)).ino === ino) await unlink(path);
  } catch {
    // already gone: nothing to clean up
  }
}

export const pipeStrategy: ReadyStrategy = {
  name: 'pipe',
  notReadyText: 'no "ready" line written',
  describe(params, process) {
    return typeof params.path === 'string' && params.path !== '' ? `pipe ${resolve(process.workingDirectory, params.path)}` : `pipe $${READY_PIPE_ENV}`;
  },
  async prepare(ctx) {
    const path = fifoPath(ctx);
    const name = ctx.process.name;
    await removeStale(path, name);
    try {
      await execFileAsync('mkfifo', ['-m', '600', '--', path]);
    } catch (err) {
      throw prepareError(`cannot create ready pipe ${path} with mkfifo`, name, path, err);
    }
    let reader: FifoReader;
    let ino: number;
    try {
      ino = (await lstat(path)).ino;
      reader = new FifoReader(path, ctx.log);
    } catch (err) {
      await unlink(path).catch(() => undefined);
      throw prepareError(`cannot open ready pipe ${path}`, name, path, err);
    }
    return {
      env: { [READY_PIPE_ENV]: path },
      detail: `pipe ${path}`,
      state: reader,
      cleanup: async () => {
        reader.close();
        await removeFifo(path, ino);
      },
    };
  },
  wait(ctx) {
    if (!(ctx.prepared instanceof FifoReader)) {
      return Promise.reject(new PilotError('INTERNAL', `pipe ready strategy for "${ctx.process.name}": wait() called without prepare()`));
    }
    return ctx.prepared.waitForReady(ctx.signal);
  },
};
