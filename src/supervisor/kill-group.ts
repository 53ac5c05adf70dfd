// Signalling a whole process group, where "already gone" is not an error.

/** `process.kill` semantics: a negative pid addresses the process group. Injectable for tests. */
export type KillFn = (pid: number, signal: NodeJS.Signals) => void;

export const realKill: KillFn = (pid, signal) => {
  process.kill(pid, signal);
};

/** Sends `signal` to every process in group `pgid`; true when the group existed, false on ESRCH. */
export function killGroup(kill: KillFn, pgid: number, signal: NodeJS.Signals): boolean {
  try {
    kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}
