// Operations on some processes of a running stack: restart, stop, start (the control commands).
import { PilotError } from '../errors.js';
import type { Stack } from './stack.js';
import { stopInReverseOrder } from './stop-order.js';
import type { Unit } from './unit.js';

/** Restarts `names` (and, with `withDependents`, everything depending on them) in dependency order. */
export async function restartProcesses(stack: Stack, names: string[], opts: { withDependents?: boolean } = {}): Promise<void> {
  const chosen = new Set(resolveNames(stack, names));
  if (opts.withDependents) for (const name of [...chosen]) for (const d of stack.graph.transitiveDependents(name)) chosen.add(d);
  // Each restarts once the restarts of its dependencies among `chosen` are done (and ready).
  await Promise.all(inDependencyOrder(stack, [...chosen], 'succeeded', (unit) => unit.restart(stack.gateFor(unit))).values());
}

/**
 * Runs `op` on each of `names` once it has run for those of its dependencies among them (independent
 * ones in parallel): after they `succeeded` (a failure then fails what depends on it without running
 * `op`), or once they `settled` either way. Returns each one's outcome, by name.
 */
export function inDependencyOrder(stack: Stack, names: string[], after: 'succeeded' | 'settled', op: (unit: Unit) => Promise<void>): Map<string, Promise<void>> {
  const chosen = new Set(names);
  const tasks = new Map<string, Promise<void>>();
  for (const name of stack.graph.topologicalOrder().filter((n) => chosen.has(n))) {
    const unit = stack.unit(name);
    const before = stack.graph.transitiveDependencies(name).flatMap((d) => tasks.get(d) ?? []);
    tasks.set(name, (after === 'succeeded' ? Promise.all(before) : Promise.allSettled(before)).then(() => op(unit)));
  }
  return tasks;
}

/** Stops `names`, dependents among them first; they stay stopped (no automatic restart). */
export async function stopProcesses(stack: Stack, names: string[]): Promise<void> {
  const chosen = resolveNames(stack, names);
  await stopInReverseOrder(chosen, (name) => stack.graph.dependentsOf(name), (name) => stack.unit(name).stop());
}

/**
 * Starts `names` and awaits their readiness. Dependencies that are down (stopped, exited, failed)
 * are started too; ones already on their way up are waited for.
 */
export async function startProcesses(stack: Stack, names: string[]): Promise<void> {
  const chosen = resolveNames(stack, names);
  const toStart = new Set(chosen);
  for (const name of chosen) {
    for (const dep of stack.graph.transitiveDependencies(name)) if (isDown(stack.unit(dep))) toStart.add(dep);
  }
  // Dependencies first, so a dependent's gate finds them already on their way up.
  const order = stack.graph.topologicalOrder().filter((name) => toStart.has(name));
  await Promise.all(order.map((name) => stack.unit(name).start(stack.gateFor(stack.unit(name)))));
}

// A unit that nothing is bringing up.
function isDown(unit: Unit): boolean {
  return unit.state !== 'running' && !unit.expectsRunning;
}

// Validates names against the stack (all unknown ones reported at once) and refuses when it is not up.
function resolveNames(stack: Stack, names: string[]): string[] {
  const valid = [...stack.units.keys()];
  const unknown = names.filter((n) => !stack.units.has(n));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `"${n}"`).join(', ');
    throw new PilotError('UNKNOWN_PROCESS', `unknown process${unknown.length > 1 ? 'es' : ''} ${list} (processes: ${valid.join(', ')})`, { exitCode: 2, context: { unknown, valid } });
  }
  if (stack.phase !== 'up' && stack.phase !== 'booting') {
    throw new PilotError('NOT_RUNNING', `the stack is ${stack.phase === 'idle' ? 'not started' : stack.phase}`, { exitCode: 1, context: { phase: stack.phase } });
  }
  return [...new Set(names)];
}
