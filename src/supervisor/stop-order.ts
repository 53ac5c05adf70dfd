// Stopping in reverse dependency order: a unit stops only after everything depending on it has stopped.

/**
 * Runs `stopOne` for each of `names`, each after `stopOne` settled for its dependents among `names`;
 * independent ones run in parallel. A failure does not hold the others back; the first is rethrown.
 */
export async function stopInReverseOrder(names: string[], dependentsOf: (name: string) => string[], stopOne: (name: string) => Promise<void>): Promise<void> {
  const included = new Set(names);
  const tasks = new Map<string, Promise<void>>();
  const visiting = new Set<string>();
  const task = (name: string): Promise<void> => {
    let pending = tasks.get(name);
    if (pending) return pending;
    if (visiting.has(name)) return Promise.resolve(); // a cycle (validation rejects those): do not wait on it
    visiting.add(name);
    const before = dependentsOf(name).filter((d) => included.has(d));
    pending = Promise.allSettled(before.map(task)).then(() => stopOne(name));
    tasks.set(name, pending);
    return pending;
  };
  const results = await Promise.allSettled(names.map(task));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
