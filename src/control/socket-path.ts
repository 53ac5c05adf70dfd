// Where a stack's control socket lives: in its state directory, unless that path is too long for a
// Unix socket, then under a private per-user directory in the OS temp dir. Node would silently cut it.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PilotError } from '../errors.js';
import { pathHash } from './path-hash.js';

/** Longest usable socket path in bytes: sun_path holds 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;
const SOCKET_NAME = 'control.sock';

const uid = (): number | string => process.getuid?.() ?? 'user';

/** The control socket of the stack whose state directory is `stackDir`; server and client both ask here. */
export function controlSocketPath(stackDir: string): string {
  const preferred = join(stackDir, SOCKET_NAME);
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH_BYTES) return preferred;
  const hash = pathHash(stackDir);
  const fallback = join(tmpdir(), `pilot-${uid()}`, `${hash}.sock`);
  if (Buffer.byteLength(fallback) > MAX_SOCKET_PATH_BYTES) {
    throw new PilotError('USAGE', `no usable control socket path: ${preferred} and ${fallback} are longer than ${MAX_SOCKET_PATH_BYTES} bytes (set PILOT_HOME or TMPDIR to a shorter directory)`, {
      exitCode: 2,
      context: { preferred, fallback },
    });
  }
  return fallback;
}

/**
 * Makes sure the socket's directory exists with mode 0700 and belongs to this user (the shared
 * temp dir of the fallback could hold a directory planted by someone else).
 */
export function ensureSocketDir(socketPath: string): void {
  const dir = dirname(socketPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const me = process.getuid?.();
  if (!st.isDirectory() || (me !== undefined && st.uid !== me)) {
    throw new PilotError('INTERNAL', `refusing to put the control socket in ${dir}: it is not a directory owned by this user`, { context: { dir } });
  }
  chmodSync(dir, 0o700);
}
