// What `pilot restart|stop|start` reports: one line per process the operation touched, from the
// stack's status before and after it.
import { safeName } from '../../logs/prefix.js';
import type { ProcessStatus } from '../../supervisor/status.js';
import type { Paint } from '../colors.js';
import { formatElapsed } from './duration.js';

export type ProcessVerb = 'restart' | 'stop' | 'start';

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** True when `after` is another child than `before` (a new spawn happened in between). */
function respawned(before: ProcessStatus | undefined, after: ProcessStatus): boolean {
  if (after.pid === null) return false;
  return before === undefined || before.pid !== after.pid || before.started_at !== after.started_at;
}

/** True when the process came up during the operation: a new child, or one that was still starting (a joined restart). */
function cameUp(before: ProcessStatus | undefined, after: ProcessStatus): boolean {
  return respawned(before, after) || (after.state === 'running' && before?.ready_at !== after.ready_at);
}

/** `, ready in 231 ms` when the process is running, else its state and reason. */
function outcome(s: ProcessStatus, p: Paint): string {
  if (s.state === 'running') {
    const started = ms(s.started_at);
    const ready = ms(s.ready_at);
    return started !== null && ready !== null ? `, ready in ${formatElapsed(ready - started)}` : ', ready';
  }
  return `, now ${p.yellow(s.state)}${s.reason ? ` (${s.reason})` : ''}`;
}

function line(verb: ProcessVerb, before: ProcessStatus | undefined, after: ProcessStatus, p: Paint): string {
  const name = p.bold(safeName(after.name));
  if (verb === 'stop') {
    if (before?.pid == null) return `${name} was already ${before?.state ?? after.state}`;
    return after.pid === null ? `${p.green('stopped')} ${name}` : `${name} is still ${p.yellow(after.state)} (pid ${after.pid})`;
  }
  if (!cameUp(before, after)) {
    if (after.pid !== null) return `${name} already ${after.state} (pid ${after.pid})`;
    return `${name} is ${p.yellow(after.state)}${after.reason ? ` (${after.reason})` : ''}`;
  }
  const word = verb === 'restart' ? 'restarted' : 'started';
  const pids = verb === 'restart' && before?.pid != null && before.pid !== after.pid ? `pid ${before.pid} → ${after.pid}` : `pid ${after.pid}`;
  return `${p.green(word)} ${name} (${pids})${outcome(after, p)}`;
}

/**
 * One line per affected process, in the stack's order: every named one, and any other that got a
 * new child (dependents restarted with them, dependencies started for them).
 */
export function describeOperation(verb: ProcessVerb, names: readonly string[], before: readonly ProcessStatus[], after: readonly ProcessStatus[], paint: Paint): string[] {
  const named = new Set(names);
  const old = new Map(before.map((s) => [s.name, s]));
  return after.filter((s) => named.has(s.name) || (verb !== 'stop' && cameUp(old.get(s.name), s))).map((s) => line(verb, old.get(s.name), s, paint));
}
