// What the foreground prints for each supervisor event. The mapped type makes the compiler
// demand a formatter for every event kind, so a new event cannot be forgotten here.
import type { EventOf, PilotEvent, PilotEventType } from '../../supervisor/events.js';
import { describeExit } from '../../supervisor/exit-reason.js';

type Formatters = { [K in PilotEventType]: (event: EventOf<K>) => string | null };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

const formatters: Formatters = {
  // output lines are printed by the prefixer, not here
  line: () => null,
  spawn: (e) => (e.attempt > 1 ? `restarted (pid ${e.pid}, start #${e.attempt})` : `started (pid ${e.pid})`),
  ready: (e) => `ready in ${Math.round(e.elapsedMs)} ms (${e.detail})`,
  exit: (e) => (e.requested ? `stopped (${describeExit(e.code, e.signal)})` : `${describeExit(e.code, e.signal)} after ${seconds(e.runtimeMs)}`),
  backoff: (e) => `restarting in ${seconds(e.delayMs)} (restart #${e.restarts})`,
  state: (e) => {
    // stopping is said once for the stack, and each process's end by its exit event
    if (e.to === 'failed') return `failed: ${e.reason ?? 'unknown reason'}`;
    return null;
  },
  warning: (e) => `warning: ${e.message}`,
  stack: (e) => {
    switch (e.phase) {
      case 'booting':
        return null;
      case 'up':
        return 'all processes ready';
      case 'boot-failed':
        return 'boot failed; stopping what was started';
      case 'stopping':
        return `stopping the stack${e.reason ? ` (${e.reason})` : ''}`;
      case 'stopped':
        return 'stopped';
    }
  },
  sweep: (e) => {
    const list = e.killed.map((k) => `${k.process} (pid ${k.pid})`).join(', ');
    return e.when === 'start'
      ? `killed ${e.killed.length} process(es) left running by a previous pilot: ${list}`
      : `killed ${e.killed.length} process(es) that escaped their process group: ${list}`;
  },
};

/** The process the event is about, or null for stack-wide events. */
export function eventProcess(event: PilotEvent): string | null {
  return 'process' in event ? event.process : null;
}

/** One line for the event, or null when the foreground shows nothing for it. */
export function eventText(event: PilotEvent): string | null {
  const format = formatters[event.type] as (e: PilotEvent) => string | null;
  return format(event);
}
