// Reading /proc: process state, CPU time, memory, command lines, and finding a run's children by command line.
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100; // getconf CLK_TCK on Linux (x86-64 and arm64)
const MS_PER_TICK = 1000 / CLK_TCK;

/** Fields of /proc/PID/stat after the command name; null if the process is gone. */
function statFields(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

export function readStat(pid) {
  const f = statFields(pid);
  return f && { pid, state: f[0], ppid: Number(f[1]), starttime: Number(f[19]) };
}

/** CPU time of `pid` in ms: its own (utime + stime) and its waited-for children's (cutime + cstime). */
export function cpuMs(pid) {
  const f = statFields(pid);
  return f && { own: (Number(f[11]) + Number(f[12])) * MS_PER_TICK, children: (Number(f[13]) + Number(f[14])) * MS_PER_TICK };
}

export function readCmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
  } catch {
    return null;
  }
}

export function listPids() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) out.push(Number(name));
  }
  return out;
}

/** Exists and is neither a zombie nor dead. */
export function isAlive(pid) {
  const st = pid ? readStat(pid) : null;
  return Boolean(st) && st.state !== 'Z' && st.state !== 'X';
}

/** VmRSS in KiB, null if gone. */
export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Total VmRSS of `pids` in KiB; the gone count as 0. */
export function rssKbOf(pids) {
  return pids.reduce((sum, pid) => sum + (rssKb(pid) ?? 0), 0);
}

/** Every descendant of the given pids. */
export function descendantsOf(roots) {
  const kids = new Map();
  for (const pid of listPids()) {
    const st = readStat(pid);
    if (!st) continue;
    if (!kids.has(st.ppid)) kids.set(st.ppid, []);
    kids.get(st.ppid).push(pid);
  }
  const out = [];
  const stack = [...roots];
  const seen = new Set(stack);
  while (stack.length > 0) {
    for (const kid of kids.get(stack.pop()) ?? []) {
      if (seen.has(kid)) continue;
      seen.add(kid);
      out.push(kid);
      stack.push(kid);
    }
  }
  return out;
}

/** Every live pid (but this one) whose command line contains `marker`; uncached, for cleanup. */
export function pidsMatching(marker) {
  return listPids().filter((pid) => pid !== process.pid && (readCmdline(pid) ?? '').includes(marker) && isAlive(pid));
}

export function killPid(pid, signal = 'SIGKILL') {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

const CACHE_AGE_S = 60;

/**
 * Finds the live processes whose command line contains `marker` (a binary inside the run directory), cheaply
 * enough to call every millisecond. Processes seen not to match are cached only once older than 60 s: a fresh
 * fork shows its parent's command line until it execs, and under load that can take over a second. Matched
 * processes are only checked for presence unless `verify`, which re-reads their state to drop zombies.
 */
export class ProcScanner {
  constructor(marker) {
    this.marker = marker;
    this.non = new Set();
    this.matched = new Set();
    this.excluded = new Set();
  }

  /** Never report `pid` again (a child the harness killed). */
  exclude(pid) {
    this.excluded.add(pid);
    this.matched.delete(pid);
  }

  scan({ verify = false } = {}) {
    let uptime = null;
    const alive = [];
    const present = new Set();
    for (const pid of listPids()) {
      present.add(pid);
      if (this.non.has(pid) || this.excluded.has(pid)) continue;
      if (this.matched.has(pid) && !verify) {
        alive.push(pid);
        continue;
      }
      const st = readStat(pid);
      if (!st || st.state === 'Z' || st.state === 'X') continue;
      if (this.matched.has(pid)) {
        alive.push(pid);
        continue;
      }
      const cmd = readCmdline(pid);
      if (cmd === null) continue;
      if (cmd.includes(this.marker)) {
        this.matched.add(pid);
        alive.push(pid);
        continue;
      }
      uptime ??= Number.parseFloat(readFileSync('/proc/uptime', 'latin1'));
      if (uptime - st.starttime / CLK_TCK > CACHE_AGE_S) this.non.add(pid);
    }
    for (const pid of this.matched) if (!present.has(pid)) this.matched.delete(pid);
    return alive;
  }
}
