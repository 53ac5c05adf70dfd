// Checks before a spawn, so a missing executable or directory is a clear failure, not a wrapper's exit code.
import { accessSync, constants, statSync } from 'node:fs';
import type { ProcessSpec } from '../manifest/types.js';
import { whichSync } from './platform.js';

/** Why `spec` cannot be started, in the form `cannot start "api": …`, or null when it can. */
export function spawnProblem(spec: Pick<ProcessSpec, 'name' | 'command' | 'workingDirectory'>, env: Record<string, string | undefined>): string | null {
  const prefix = `cannot start "${spec.name}"`;
  try {
    if (!statSync(spec.workingDirectory).isDirectory()) return `${prefix}: working directory ${spec.workingDirectory} is not a directory (ENOTDIR)`;
  } catch (err) {
    return `${prefix}: working directory ${spec.workingDirectory} ${describeFsError(err, 'directory')}`;
  }
  if (!spec.command.includes('/')) {
    return whichSync(spec.command, env.PATH ?? '') ? null : `${prefix}: ${spec.command} not found on PATH (ENOENT)`;
  }
  try {
    if (statSync(spec.command).isDirectory()) return `${prefix}: ${spec.command} is a directory (EISDIR)`;
    accessSync(spec.command, constants.X_OK);
    return null;
  } catch (err) {
    return `${prefix}: ${spec.command} ${describeFsError(err, 'executable')}`;
  }
}

/** `not found (ENOENT)`, `is not executable (EACCES)`, … for an fs error. */
export function describeFsError(err: unknown, what: 'executable' | 'directory'): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
  if (code === 'ENOENT') return 'not found (ENOENT)';
  if (code === 'EACCES') return what === 'executable' ? 'is not executable (EACCES)' : 'is not accessible (EACCES)';
  if (code === 'ENOTDIR') return 'is not a directory (ENOTDIR)';
  return `cannot be used (${code})`;
}
