// What the foreground prints for each supervisor event. The mapped type makes the compiler
// demand a formatter for every event kind, so a new event cannot be forgotten here.
import type { EventOf, PilotEvent, PilotEventType } from '../../supervisor/events.js';
import { describeExit } from '../../supervisor/exit-reason.js';
import { displayPath } from '../display-path.js';
import { reloadSummary } from '../format/reload-summary.js';

type Formatters = { [K in PilotEventType]: (event: EventOf<K>) => string | null };

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const shown = (path: string): string => displayPath(path, process.cwd());

const formatters: Formatters = {
  // output lines are printed by the prefixer, not here
  line: () => null,
  // resource samples are for ps, top and statistics handlers, not the foreground log
  stats: () => null,
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
  // a plugin's own messages name it; its failures also name the file and what was running
  plugin: (e) => (e.level === 'info' ? `[${e.plugin}] ${e.message}` : `${e.level}: plugin "${e.plugin}" (${e.file}), ${e.source}: ${e.message}`),
  // the exit, backoff and state events that follow say what became of it
  watchdog: (e) => `watchdog: ${e.reason}; stopping it (pid ${e.pid})`,
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
  watching: (e) => `watching ${e.paths.map(shown).join(', ')} (${e.entries} files and directories, ${Math.round(e.elapsedMs)} ms)`,
  watch: (e) => {
    const files = `${e.files.map(shown).join(', ')}${e.more > 0 ? ` and ${e.more} more` : ''}`;
    if (e.restart.length === 0) return `${files} changed; not restarted (stopped)`;
    return `${files} changed; restarting ${e.restart.join(', ')}`;
  },
  reload: (e) => reloadSummary(e.result),
  sweep: (e) => {
    const list = e.killed.map((k) => `${k.process} (pid ${k.pid})`).join(', ');
    if (e.when === 'start') return `killed ${e.killed.length} process(es) left running by a previous pilot: ${list}`;
    if (e.when === 'exit') return `killed ${e.killed.length} process(es) its ended child left outside its process group: ${list}`;
    return `killed ${e.killed.length} process(es) that escaped their process group: ${list}`;
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
