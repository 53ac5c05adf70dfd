// Waiting for another process (a supervisor told to go `down`) to exit, with a deadline.
import { readFileSync } from 'node:fs';

const POLL_MS = 20;

/** True while `pid` exists (EPERM: it exists but belongs to someone else) and is not a zombie. */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

// A zombie has exited but is not reaped yet (e.g. our own child): it counts as gone. Linux only.
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) === 'Z';
  } catch {
    return false;
  }
}

/** Resolves true once `pid` has exited, false if it is still there after `timeoutMs`. */
export function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    // A signal cannot tell us when an unrelated process ends, so poll its existence.
    const check = (): void => {
      if (!exists(pid)) return resolve(true);
      if (Date.now() >= deadline) return resolve(false);
      setTimeout(check, Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
    };
    check();
  });
}
