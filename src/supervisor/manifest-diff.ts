// What a reload changes: the processes added, removed and changed (by their effective definition),
// those to restart because a dependency changed, and the top-level settings that differ.
import { DependencyGraph } from '../graph/graph.js';
import type { Manifest, ProcessSpec } from '../manifest/types.js';
import type { ChangedProcess, ChangedSetting } from './reload-result.js';

export interface ReloadPlan {
  added: string[];
  removed: string[];
  changed: ChangedProcess[];
  /** Changed, but stopped on request: they take the new definition and stay stopped. */
  keptStopped: string[];
  /** Unchanged, but depending (directly or not) on a changed process that restarts; in start order. */
  dependents: string[];
  /** Only `watch` differs. */
  rewatched: string[];
  untouched: string[];
  settings: ChangedSetting[];
}

/**
 * Top-level settings: how each is taken into account by a running stack. `env` and `base_directory`
 * act through the processes' effective definitions (compared below); the others are read where noted.
 */
const SETTINGS: readonly { key: string; of: (m: Manifest) => unknown; applied: boolean; note: string }[] = [
  { key: 'env', of: (m) => m.env, applied: true, note: 'processes whose environment changed are restarted' },
  { key: 'base_directory', of: (m) => m.baseDirectory, applied: true, note: 'processes whose paths changed are restarted' },
  { key: 'kill_timeout', of: (m) => m.killTimeout, applied: true, note: 'used from the next stop on' },
  { key: 'logs', of: (m) => m.logs, applied: false, note: 'log rotation settings apply at the next pilot up' },
  { key: 'stats_interval_sec', of: (m) => m.statsIntervalSec, applied: true, note: 'used from the next sampling tick on' },
  { key: 'stats_include_children', of: (m) => m.statsIncludeChildren, applied: true, note: 'used from the next sampling tick on' },
  { key: 'plugin_directory', of: (m) => m.pluginDirectory, applied: false, note: 'plugins are loaded only at start: pilot down, then pilot up' },
  { key: 'control_server', of: (m) => m.controlServer, applied: false, note: 'plugins are loaded only at start: pilot down, then pilot up' },
  { key: 'control_server_params', of: (m) => m.controlServerParams, applied: false, note: 'the control server is started once: pilot down, then pilot up' },
  { key: 'stat_handler_params', of: (m) => m.statHandlerParams, applied: true, note: 'passed to the handlers from the next sampling tick on' },
];

/**
 * Compares the running manifest with the one just read. `held` names the processes stopped on request:
 * they are not restarted, and what depends on them is not restarted on their account.
 */
export function diffManifests(before: Manifest, after: Manifest, held: (name: string) => boolean = () => false): ReloadPlan {
  const old = new Map(before.processes.map((p) => [p.name, p]));
  const names = after.processes.map((p) => p.name);
  const added = names.filter((n) => !old.has(n));
  const removed = before.processes.map((p) => p.name).filter((n) => !names.includes(n));
  const changed: ChangedProcess[] = [];
  const rewatched: string[] = [];
  for (const spec of after.processes) {
    const was = old.get(spec.name);
    if (!was) continue;
    const keys = changedKeys(before, was, after, spec);
    if (keys.length > 0) changed.push({ name: spec.name, keys });
    else if (stable(was.watch) !== stable(spec.watch)) rewatched.push(spec.name);
  }
  const graph = new DependencyGraph(after.processes);
  const restartedAnyway = new Set([...added, ...changed.map((c) => c.name)]);
  const keptStopped = changed.map((c) => c.name).filter(held);
  const reached = new Set(changed.filter((c) => !held(c.name)).flatMap((c) => graph.transitiveDependents(c.name)));
  const dependents = graph.topologicalOrder().filter((n) => reached.has(n) && !restartedAnyway.has(n) && !held(n));
  const touched = new Set([...restartedAnyway, ...dependents, ...rewatched]);
  return {
    added,
    removed,
    changed,
    keptStopped,
    dependents,
    rewatched,
    untouched: names.filter((n) => !touched.has(n)),
    settings: SETTINGS.filter((s) => stable(s.of(before)) !== stable(s.of(after))).map(({ key, applied, note }) => ({ key, applied, note })),
  };
}

// The manifest keys (snake_case) in which a process's effective definition differs; `watch` is applied live.
function changedKeys(before: Manifest, was: ProcessSpec, after: Manifest, now: ProcessSpec): string[] {
  const keys = new Set<string>();
  for (const key of Object.keys(now) as (keyof ProcessSpec)[]) {
    if (key === 'name' || key === 'watch' || key === 'env') continue;
    if (stable(was[key]) !== stable(now[key])) keys.add(key === 'command' ? 'path' : snake(key));
  }
  if (stable(was.env) !== stable(now.env)) keys.add('env');
  else if (stable({ ...before.env, ...was.env }) !== stable({ ...after.env, ...now.env })) keys.add('env (global)');
  return [...keys];
}

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** JSON with object keys sorted, so that key order never counts as a change. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  ) ?? 'undefined';
}
