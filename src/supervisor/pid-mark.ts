// Which processes can have started since a moment, told by the pid allocator alone (Linux), so that a search
// for an ended child's descendants reads only the processes younger than the child instead of every process
// on the host. A start time would say the same, but reading /proc/PID/stat costs as much as reading the
// environment it would spare (see docs/RELIABILITY.md).
//
// Linux hands out pids in a ring: each new pid (a process or a thread) is the next free one after the last,
// wrapping at pid_max. So while the ring has not come round since the moment, whatever started since holds a
// pid in (last pid then, last pid now]. Coming round takes at least the ring's length in new pids, less the pids
// it can skip because they are in use; in use then were at most the tasks then (each one pid) and the process
// groups and sessions they are in (at most two more per task). Every new pid is a fork counted in /proc/stat's
// `processes`: when fewer forks than that happened since, the ring cannot have come round.
import { readProcText } from '../stats/proc-stat.js';

/** Where the pid allocator stood at a moment. */
export interface PidMark {
  /** The last pid handed out in this pid namespace (/proc/loadavg's last field). */
  lastPid: number;
  /** Forks since boot (/proc/stat's `processes`; every namespace, so never fewer than this one's). */
  forks: number;
  /** Tasks (threads) existing then (/proc/loadavg's fourth field, after the slash). */
  tasks: number;
  /** The ring's length: the smallest pid_max seen so far (it can be changed at run time). */
  pidMax: number;
}

// The lowest pid handed out once the ring has wrapped (the kernel's RESERVED_PIDS).
const RESERVED_PIDS = 300;

let smallestPidMax: number | null = null;

// pid_max, read when `fresh` (a sysctl read costs ~70 µs: once per walk, not once per spawn) or never read yet.
function ringLength(fresh: boolean): number | null {
  if (fresh || smallestPidMax === null) {
    const value = Number(readProcText('/proc/sys/kernel/pid_max'));
    if (Number.isInteger(value) && value > 0) smallestPidMax = Math.min(value, smallestPidMax ?? value);
  }
  return smallestPidMax;
}

/** Where the allocator stands now (`fresh`: read pid_max again), or null when /proc does not say. */
export function pidMark(fresh = false): PidMark | null {
  const loadavg = readProcText('/proc/loadavg')?.trim().split(' ');
  const forks = /^processes (\d+)$/m.exec(readProcText('/proc/stat') ?? '')?.[1];
  const lastPid = Number(loadavg?.[4]);
  const tasks = Number(loadavg?.[3]?.split('/')[1]);
  const pidMax = ringLength(fresh);
  if (forks === undefined || pidMax === null || !Number.isInteger(lastPid) || !Number.isInteger(tasks)) return null;
  return { lastPid, forks: Number(forks), tasks, pidMax };
}

/** A test of "can `pid` have started after `then`", given `now`; null when the ring may have come round since. */
export function startedSince(then: PidMark, now: PidMark): ((pid: number) => boolean) | null {
  const forks = now.forks - then.forks;
  const ring = Math.min(then.pidMax, now.pidMax) - RESERVED_PIDS;
  // half the bound, as a margin: past it the walk reads every process, as it would without this test
  if (forks < 0 || forks >= (ring - 3 * Math.max(then.tasks, now.tasks)) / 2) return null;
  const { lastPid: from } = then;
  const { lastPid: to } = now;
  // no pid handed out here since (the forks were in other pid namespaces), or none at all
  if (from === to) return () => false;
  // (from, to] on the ring
  return from < to ? (pid) => pid > from && pid <= to : (pid) => pid > from || pid <= to;
}
