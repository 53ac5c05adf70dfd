// Reading one /proc/PID/stat (Linux): the fields pilot uses for identity, state, CPU time and memory.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

/** The fields of /proc/PID/stat that pilot uses. Times are in clock ticks, memory in pages. */
export interface ProcStat {
  pid: number;
  /** The command name (field 2, at most 15 bytes): the executable's file name once it has exec'd. */
  comm: string;
  /** One letter: R running, S sleeping, Z zombie, X dead, … */
  state: string;
  ppid: number;
  pgid: number;
  /** utime + stime: CPU time the process itself used. */
  cpuTicks: number;
  /** cutime + cstime: CPU time of its children that it has waited for. */
  reapedTicks: number;
  /** Start time in ticks since boot: with the pid, tells a process from a later one that reuses the pid. */
  startTicks: number;
  rssPages: number;
}

/**
 * Clock ticks per second of /proc's times (`sysconf(_SC_CLK_TCK)`). Node cannot ask sysconf; USER_HZ is part
 * of the kernel's ABI and is 100 on every architecture Linux runs Node on.
 */
export const TICKS_PER_SECOND = 100;
export const MS_PER_TICK = 1000 / TICKS_PER_SECOND;

/** Parses the text of /proc/PID/stat; null when it is cut short or malformed (the process vanished mid-read). */
export function parseProcStat(text: string): ProcStat | null {
  // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const rest = text.slice(close + 2).split(' ');
  // `rest` starts at field 3; field N is rest[N - 3]
  const field = (n: number): number => Number(rest[n - 3]);
  const state = rest[0];
  const open = text.indexOf('(');
  const stat = {
    pid: Number(text.slice(0, text.indexOf(' '))),
    comm: open < 0 || open > close ? '' : text.slice(open + 1, close),
    state: state ?? '',
    ppid: field(4),
    pgid: field(5),
    cpuTicks: field(14) + field(15),
    reapedTicks: field(16) + field(17),
    startTicks: field(22),
    rssPages: field(24),
  };
  if (!state || !Object.values(stat).every((v) => typeof v === 'string' || Number.isFinite(v))) return null;
  return stat;
}

// One buffer for every read of /proc (grown when a file does not fit): no allocation per file.
let shared = Buffer.allocUnsafe(8192);

/**
 * The bytes of a /proc file (open, read, close: a third cheaper than readFileSync, which also stats the file
 * and allocates), or null when it cannot be read (the process is gone, or not ours to read). The result is a
 * view of a shared buffer, valid until the next read.
 */
export function readProcBytes(path: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, length);
        shared = bigger;
      }
      const room = shared.length - length;
      const n = readSync(fd, shared, length, room, null);
      length += n;
      // /proc's files give all they have to one read that has room: a short read is the end (no second call)
      if (n < room) return shared.subarray(0, length);
    }
  } catch {
    return null; // ESRCH: it ended between the open and the read
  } finally {
    closeSync(fd);
  }
}

/** A /proc file as text (latin1: /proc's text is ASCII but for command names), or null as readProcBytes. */
export function readProcText(path: string): string | null {
  return readProcBytes(path)?.toString('latin1') ?? null;
}

/** /proc/PID/stat of `pid`, or null when it does not exist (or vanished while being read). */
export function readProcStat(pid: number | string): ProcStat | null {
  const text = readProcText(`/proc/${pid}/stat`);
  return text === null ? null : parseProcStat(text);
}

/** True for the states of a process that has ended (a zombie waiting to be reaped, or dead). */
export function hasEnded(stat: ProcStat): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}

/** The pids of /proc (processes, not threads), in the order listed; none where there is no /proc. */
export function listPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue; // not a digit: self, meminfo, …
    const pid = Number(entry);
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}
