// Reading Linux's /proc: start times (to tell a pid from a reused one) and pilot's environment markers.
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/PID/stat that pilot uses, or null when the process does not exist. */
export function procStat(pid: number): { state: string; startTime: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const startTime = rest[19]; // field 22 overall; `rest` starts at field 3
  return state && startTime ? { state, startTime } : null;
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

/** Live processes carrying `PILOT_STACK=<stackId>` and a `PILOT_PROCESS=` entry (excluding `exclude`). */
export function markedProcesses(stackId: string, exclude: number[] = [process.pid]): { pid: number; process: string }[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const stackEntry = `PILOT_STACK=${stackId}`;
  const found: { pid: number; process: string }[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 0 || exclude.includes(pid)) continue;
    let vars: string[];
    try {
      vars = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    } catch {
      continue; // gone, or not ours to read
    }
    if (!vars.includes(stackEntry)) continue;
    const marker = vars.find((v) => v.startsWith('PILOT_PROCESS='));
    if (marker && isLive(pid)) found.push({ pid, process: marker.slice('PILOT_PROCESS='.length) });
  }
  return found;
}
