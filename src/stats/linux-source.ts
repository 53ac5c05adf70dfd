// Per-process numbers on Linux, straight from /proc: a few microseconds per process, no subprocess.
// Reads are synchronous but done in small slices that yield to the event loop, so a tick over hundreds
// of processes never holds up a restart, a ready check or a control request for more than a fraction of a ms.
import { readFileSync } from 'node:fs';
import { hasEnded, listPids, MS_PER_TICK, readProcStat, type ProcStat } from './proc-stat.js';
import { inSlices, type MemberReading, type ProcessSource, type TargetReading } from './source.js';

/** Processes read between two yields to the event loop (10–30 µs each, so a slice holds it well under 1 ms). */
export const SLICE = 16;

let pageSize: number | undefined;

/**
 * Bytes per page of /proc's rss (4096 on x86; 16 or 64 KiB on some arm64 kernels). Node cannot ask sysconf,
 * but libuv's own RSS is /proc/self/stat's page count times the page size: divide, round to a power of two.
 */
export function pageBytes(): number {
  if (pageSize !== undefined) return pageSize;
  const pages = readProcStat('self')?.rssPages ?? 0;
  const bytes = process.memoryUsage.rss();
  pageSize = pages > 0 ? 2 ** Math.round(Math.log2(bytes / pages)) : 4096;
  return pageSize;
}

/** Milliseconds since boot (/proc/uptime), or null when unreadable. */
function uptimeMs(): number | null {
  try {
    const seconds = Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
    return Number.isFinite(seconds) ? seconds * 1000 : null;
  } catch {
    return null;
  }
}

function member(stat: ProcStat, withReaped: boolean): MemberReading {
  return {
    key: `${stat.pid}:${stat.startTicks}`,
    pid: stat.pid,
    ppid: stat.ppid,
    ownMs: stat.cpuTicks * MS_PER_TICK,
    reapedMs: withReaped ? stat.reapedTicks * MS_PER_TICK : 0,
    rssBytes: stat.rssPages * pageBytes(),
  };
}

function target(leader: ProcStat, members: MemberReading[], now: number, groups: boolean): TargetReading {
  return { pid: leader.pid, key: `${leader.pid}:${leader.startTicks}`, comm: leader.comm, ageMs: Math.max(0, now - leader.startTicks * MS_PER_TICK), members, countsReaped: groups };
}

export class LinuxProcSource implements ProcessSource {
  readonly name = '/proc';

  async read(pids: readonly number[], groups: boolean): Promise<Map<number, TargetReading>> {
    const now = uptimeMs();
    const out = new Map<number, TargetReading>();
    if (now === null) return out;
    if (!groups) {
      await inSlices(pids, SLICE, (pid) => {
        const stat = readProcStat(pid);
        if (stat && !hasEnded(stat)) out.set(pid, target(stat, [member(stat, false)], now, false));
      });
      return out;
    }
    return this.readGroups(pids, now);
  }

  // One pass over /proc per tick, whatever the number of groups: every process is read once and filed by group.
  private async readGroups(pids: readonly number[], now: number): Promise<Map<number, TargetReading>> {
    const wanted = new Set(pids);
    const leaders = new Map<number, ProcStat>();
    const byGroup = new Map<number, ProcStat[]>();
    await inSlices(listPids(), SLICE, (pid) => {
      const stat = readProcStat(pid);
      if (!stat) return; // gone since the listing
      if (wanted.has(stat.pid)) leaders.set(stat.pid, stat);
      if (!wanted.has(stat.pgid)) return;
      const list = byGroup.get(stat.pgid);
      if (list) list.push(stat);
      else byGroup.set(stat.pgid, [stat]);
    });
    const out = new Map<number, TargetReading>();
    for (const pid of pids) {
      const leader = leaders.get(pid);
      if (!leader || hasEnded(leader)) continue;
      // A leader that moved to another group (setsid) is measured alone.
      const rest = (byGroup.get(pid) ?? []).filter((s) => s.pid !== pid);
      out.set(pid, target(leader, [member(leader, true), ...rest.map((s) => member(s, true))], now, true));
    }
    return out;
  }
}
