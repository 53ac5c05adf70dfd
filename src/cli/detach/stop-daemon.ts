// Ending a background supervisor whose boot the launcher gave up on, leaving nothing of its stack behind.
import type { ChildProcess } from 'node:child_process';
import type { StackPaths } from '../../control/state-dir.js';
import { realKill } from '../../supervisor/kill-group.js';
import { readStateFile } from '../../supervisor/state-file.js';
import { sweepLeftovers } from '../../supervisor/sweep.js';

/** Resolves true once `child` has exited (at once if it already has), false after `timeoutMs`. */
export function waitChildExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * SIGTERM: the supervisor stops its stack in reverse order and exits. If it has not after `graceMs`,
 * SIGKILL it and kill what it recorded or marked as its stack's (as the next `pilot up` would).
 */
export async function stopDaemon(child: ChildProcess, paths: StackPaths, graceMs: number, killWaitMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitChildExit(child, graceMs)) return;
  child.kill('SIGKILL');
  await waitChildExit(child, killWaitMs);
  await sweepLeftovers(readStateFile(paths.stateFile), paths.stackId, realKill, killWaitMs);
}
