// Counting what a stack left alive, independently of pilot's own bookkeeping: every live process of this
// machine whose environment carries the stack's marker (PILOT_STACK=<id>) or the test case's own marker
// (inherited from the supervisor by every descendant that did not clear its environment), or that
// descends from one of the given roots (the supervisor).
import { readdirSync, readFileSync } from 'node:fs';

export interface Survivor {
  pid: number;
  ppid: number;
  /** Process group and session: shows whether it left its group (setsid). */
  pgid: number;
  sid: number;
  cmd: string;
  why: string;
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  state: string;
}

function readStat(pid: number): ProcInfo | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: f[0] ?? '?', ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]) };
  } catch {
    return null;
  }
}

function readText(path: string, encoding: BufferEncoding): string {
  try {
    return readFileSync(path, encoding);
  } catch {
    return '';
  }
}

/** Live (non-zombie) processes that are the stack's, with why each counts. */
export function census(marks: { stackId: string; caseMark: string; roots?: number[] }): Survivor[] {
  const procs = new Map<number, ProcInfo>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue;
    const info = readStat(pid);
    if (info && info.state !== 'Z' && info.state !== 'X') procs.set(pid, info);
  }
  const roots = new Set(marks.roots ?? []);
  const stackEntry = `PILOT_STACK=${marks.stackId}`;
  const caseEntry = `PILOT_RELIABILITY_CASE=${marks.caseMark}`;
  const found: Survivor[] = [];
  for (const info of procs.values()) {
    const env = readText(`/proc/${info.pid}/environ`, 'latin1').split('\0');
    let why = env.includes(stackEntry) ? 'PILOT_STACK' : env.includes(caseEntry) ? 'case marker' : '';
    if (!why) {
      for (let p: ProcInfo | undefined = info, hops = 0; p && hops < 64; p = procs.get(p.ppid), hops++) {
        if (roots.has(p.pid)) {
          why = p === info ? 'supervisor' : `descends from ${p.pid}`;
          break;
        }
      }
    }
    if (!why) continue;
    const cmd = readText(`/proc/${info.pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 160);
    // (re-checked: it may have died while we looked)
    if (readStat(info.pid)) found.push({ pid: info.pid, ppid: info.ppid, pgid: info.pgid, sid: info.sid, cmd, why });
  }
  return found;
}

/** One line per survivor, for assertion messages. */
export function describeSurvivors(list: readonly Survivor[]): string {
  return list.map((s) => `  pid ${s.pid} (ppid ${s.ppid}, pgid ${s.pgid}, sid ${s.sid}; ${s.why}): ${s.cmd}`).join('\n');
}
