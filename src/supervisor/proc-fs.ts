// Reading Linux's /proc: start times (to tell a pid from a reused one) and pilot's environment markers.
import { listPids, readProcBytes, readProcStat } from '../stats/proc-stat.js';
import { inSlices } from '../stats/source.js';
import { pidMark, startedSince, type PidMark } from './pid-mark.js';

/** Fields of /proc/PID/stat that pilot uses, or null when the process does not exist. */
export function procStat(pid: number): { state: string; startTime: string } | null {
  const stat = readProcStat(pid);
  return stat ? { state: stat.state, startTime: String(stat.startTicks) } : null;
}

/** Start time of `pid` in clock ticks since boot (field 22 of /proc/PID/stat), or null. */
export function startTimeOf(pid: number): string | null {
  return procStat(pid)?.startTime ?? null;
}

/** True when `pid` exists and is not a zombie. */
export function isLive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** True when `pid` is alive and is still the process that started at `startTime`. */
export function isSameProcess(pid: number, startTime: string | null): boolean {
  return startTime !== null && isLive(pid) && startTimeOf(pid) === startTime;
}

/** A live process carrying the stack's markers, and the process of the manifest it descends from. */
export interface MarkedProcess {
  pid: number;
  process: string;
}

export interface MarkedQuery {
  /** Only processes marked as descending from these (default: any). */
  names?: ReadonlySet<string>;
  /** Only processes that can have started after this mark (default: any). */
  since?: PidMark | null;
  /** Left out: pilot itself, which may carry an enclosing stack's markers. */
  exclude?: number;
}

/** Environments read between two yields to the event loop (~10 µs each: a slice holds it about 0.3 ms). */
const SLICE = 32;

/**
 * Live processes carrying `PILOT_STACK=<stackId>` and a `PILOT_PROCESS=` entry, read in slices with a turn of
 * the event loop between them (a walk must not hold up restarts and ready checks). With `since`, only the pids
 * handed out after it are read, unless the allocator may have come round (then every process is).
 */
export async function markedProcesses(stackId: string, query: MarkedQuery = {}): Promise<MarkedProcess[]> {
  const { names, exclude = process.pid } = query;
  const now = query.since ? pidMark(true) : null;
  const young = query.since && now ? startedSince(query.since, now) : null;
  const stackEntry = Buffer.from(`PILOT_STACK=${stackId}`);
  const found: MarkedProcess[] = [];
  const pids = listPids().filter((pid) => pid !== exclude && (young === null || young(pid)));
  await inSlices(pids, SLICE, (pid) => {
    const marked = markedAs(pid, stackEntry);
    if (marked !== null && (names === undefined || names.has(marked))) found.push({ pid, process: marked });
  });
  return found;
}

const PROCESS_KEY = Buffer.from('PILOT_PROCESS=');

// The PILOT_PROCESS marker of live `pid` when its environment holds `stackEntry`, else null. The bytes are
// searched where they were read: no decoding, no splitting (most environments are not ours).
function markedAs(pid: number, stackEntry: Buffer): string | null {
  const env = readProcBytes(`/proc/${pid}/environ`);
  if (env === null || entryEnd(env, stackEntry, true) < 0) return null; // gone, not ours to read, or unmarked
  const start = entryEnd(env, PROCESS_KEY, false);
  if (start < 0) return null;
  const end = env.indexOf(0, start);
  const name = env.toString('utf8', start, end < 0 ? env.length : end);
  return isLive(pid) ? name : null;
}

// Where `entry` ends when an entry of the environment (NUL-separated) starts with it (`whole`: is it), else -1.
function entryEnd(env: Buffer, entry: Buffer, whole: boolean): number {
  for (let i = env.indexOf(entry); i >= 0; i = env.indexOf(entry, i + 1)) {
    const end = i + entry.length;
    if ((i === 0 || env[i - 1] === 0) && (!whole || end === env.length || env[end] === 0)) return end;
  }
  return -1;
}
