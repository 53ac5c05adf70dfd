// The orphan sweep: kill what an earlier supervisor of this stack left behind, and anything still marked.
import { killGroup, type KillFn } from './kill-group.js';
import { isLive, isSameProcess, markedProcesses } from './proc-fs.js';
import type { StackState } from './state-file.js';

export interface Swept {
  process: string;
  pid: number;
}

/** Kills the recorded groups whose leader is still the recorded process, then every marked process. */
export async function sweepLeftovers(previous: StackState | null, stackId: string, kill: KillFn, waitMs: number): Promise<Swept[]> {
  const killed: Swept[] = [];
  for (const child of previous?.children ?? []) {
    // A pid without a matching start time is someone else's now: leave it alone.
    if (!isSameProcess(child.pid, child.startTime)) continue;
    if (killGroup(kill, child.pgid, 'SIGKILL')) killed.push({ process: child.process, pid: child.pid });
  }
  for (const found of await sweepMarked(stackId, kill, waitMs)) {
    if (!killed.some((k) => k.pid === found.pid)) killed.push(found);
  }
  await waitGone(killed.map((k) => k.pid), waitMs);
  return killed;
}

/**
 * Kills every live process carrying this stack's markers (PILOT_STACK and PILOT_PROCESS in its
 * environment): this finds grandchildren that left their group with setsid.
 */
export async function sweepMarked(stackId: string, kill: KillFn, waitMs: number): Promise<Swept[]> {
  const killed = killEach(await markedProcesses(stackId), kill);
  await waitGone(killed.map((k) => k.pid), waitMs);
  return killed;
}

/** SIGKILLs each found process not in `skip`; returns those the signal reached. */
export function killEach(found: readonly Swept[], kill: KillFn, skip: readonly Swept[] = []): Swept[] {
  const killed: Swept[] = [];
  for (const one of found) {
    if (skip.some((k) => k.pid === one.pid)) continue;
    try {
      kill(one.pid, 'SIGKILL');
      killed.push(one);
    } catch {
      // gone already, or not ours
    }
  }
  return killed;
}

/** Whether the recorded supervisor is alive (the same process, where start times are known). */
export function supervisorAlive(state: StackState): boolean {
  if (state.supervisor.startTime !== null) return isSameProcess(state.supervisor.pid, state.supervisor.startTime);
  try {
    process.kill(state.supervisor.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGKILL is asynchronous for the victim: waits (bounded) until the pids are really gone, so ports are free. */
export async function waitGone(pids: number[], waitMs: number): Promise<void> {
  const deadline = performance.now() + waitMs;
  while (pids.some(isLive) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
