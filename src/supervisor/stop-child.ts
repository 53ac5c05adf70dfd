// Stopping a child with escalation: stop signal to its group, grace period, SIGKILL, then give up loudly.
import { within, type Clock } from './clock.js';
import { killGroup, type KillFn } from './kill-group.js';

export interface StopChildOptions {
  pgid: number;
  /** The process's `stop_signal`. */
  signal: NodeJS.Signals;
  /** Grace between the stop signal and SIGKILL, ms (`timeout`). */
  timeoutMs: number;
  /** Wait after SIGKILL before reporting the process unkillable, ms (`kill_timeout`). */
  killTimeoutMs: number;
  /** Settles when the group leader has exited. */
  exited: Promise<unknown>;
  kill: KillFn;
  clock: Clock;
}

export type StopOutcome =
  | { outcome: 'exited' }
  | { outcome: 'killed' }
  | { outcome: 'unkillable'; reason: string };

/** Stops the group: `signal`, wait `timeoutMs`, SIGKILL, wait `killTimeoutMs`; never hangs. */
export async function stopChild(o: StopChildOptions): Promise<StopOutcome> {
  const done = o.exited.then(() => true as const);
  killGroup(o.kill, o.pgid, o.signal);
  if (await within(o.clock, done, o.timeoutMs)) return { outcome: 'exited' };
  killGroup(o.kill, o.pgid, 'SIGKILL');
  if (await within(o.clock, done, o.killTimeoutMs)) return { outcome: 'killed' };
  return { outcome: 'unkillable', reason: `could not be killed: still alive ${formatSeconds(o.killTimeoutMs)} s after SIGKILL` };
}

/** Seconds for messages: `5`, `0.5`. */
export function formatSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}
