// One sample of a process from /proc: resident memory, CPU time, and its open file descriptors by kind.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcSample {
  /** Seconds since the soak began. */
  at: number;
  rssKb: number;
  cpuSec: number;
  fds: number;
}

const TICKS = 100; // USER_HZ on Linux

/** RSS (VmRSS, kB), user+system CPU seconds and the number of open fds of `pid`. */
export function sampleProcess(pid: number, at: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSec = (Number(f[11]) + Number(f[12])) / TICKS;
  return { at, rssKb, cpuSec, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/** The open fds of `pid` as `fd → target` (pipe:[…], socket:[…], anon_inode:[…], or a path). */
export function openFds(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed while we looked
    }
  }
  return out;
}

/** fds by kind: pipe, socket, anon_inode, or file (rotated log files keep their kind). */
export function fdKinds(fds: Map<number, string>): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const target of fds.values()) {
    const kind = /^(pipe|socket|anon_inode):/.exec(target)?.[1] ?? 'file';
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}
