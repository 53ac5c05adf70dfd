// Rivals claiming one name (exclusive-name.ts) take turns judging and replacing what is there. Without
// turns, one rival's careful removal of a stale file can move aside the fresh one another has just
// linked, for a moment in which a third links its own: two winners. On Linux the turn is an abstract
// Unix socket, which the kernel frees when its holder dies (a lock file would outlive a crashed holder).
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** Ends the turn. Idempotent. */
export type Release = () => void;

// A rival's turn is a probe of the name at most (3 s for a supervisor that accepts and does not answer).
const WAIT_MS = 30_000;
const RETRY_MS = 5;

/**
 * Waits for the turn to judge and replace `path`; null where turns are not available (not Linux, or
 * abstract sockets refused), which leaves the callers' inode checks as the only guard.
 */
export async function lockName(path: string): Promise<Release | null> {
  if (process.platform !== 'linux') return null;
  const name = turnName(path);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const server = createServer((socket) => socket.destroy());
    const code = await listen(server, name);
    if (code === null) {
      server.unref();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        server.close();
      };
    }
    if (code !== 'EADDRINUSE') return null;
    if (Date.now() > deadline) throw new Error(`another pilot has been claiming ${path} for over ${WAIT_MS / 1000} s (is one stopped or hung?)`);
    await delay(RETRY_MS);
  }
}

/** The abstract socket whose holder has the turn at `path` (a hash: abstract names are limited to 107 bytes). */
export function turnName(path: string): string {
  return `\0pilot-name-lock-${process.getuid?.() ?? 0}-${createHash('sha256').update(path).digest('hex').slice(0, 40)}`;
}

// null once listening, else the error's code.
function listen(server: Server, name: string): Promise<string | null> {
  return new Promise((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'ERROR'));
    server.listen(name, () => resolve(null));
  });
}
