// The dependency graph of a stack: start order, cycles, dependents. Works on plain
// {name, dependencies} nodes so the manifest checks and the supervisor can share it.
// An edge a → b means "a depends on b". Dependencies naming no node are ignored here
// (the manifest check reports them); for a repeated name the first node wins.
import { PilotError } from '../errors.js';

export interface GraphNode {
  readonly name: string;
  readonly dependencies: readonly string[];
}

/** Cycles reported at most; a manifest with more has bigger problems than the list shows. */
const MAX_CYCLES = 100;

export class DependencyGraph {
  /** Names in manifest order. */
  readonly names: readonly string[];
  private readonly index = new Map<string, number>();
  private readonly deps = new Map<string, string[]>();
  private readonly dependents = new Map<string, string[]>();
  private order: string[] | undefined;

  constructor(nodes: readonly GraphNode[]) {
    const names: string[] = [];
    for (const node of nodes) {
      if (this.index.has(node.name)) continue;
      this.index.set(node.name, names.length);
      names.push(node.name);
    }
    this.names = names;
    for (const name of names) this.dependents.set(name, []);
    for (const node of nodes) {
      if (this.deps.has(node.name)) continue;
      const known = [...new Set(node.dependencies)].filter((dep) => this.index.has(dep));
      this.deps.set(node.name, known);
      for (const dep of known) this.dependents.get(dep)?.push(node.name);
    }
    for (const list of this.dependents.values()) list.sort((a, b) => this.rank(a) - this.rank(b));
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  /** Direct dependencies of `name` that are nodes of the graph, in declared order. */
  dependenciesOf(name: string): string[] {
    return [...this.require(name, this.deps)];
  }

  /** Processes that depend directly on `name`, in manifest order. */
  dependentsOf(name: string): string[] {
    return [...this.require(name, this.dependents)];
  }

  /** Everything that depends on `name`, directly or not, in start order (dependencies first). */
  transitiveDependents(name: string): string[] {
    return this.closure(name, this.dependents);
  }

  /** Everything `name` needs, directly or not, in start order. */
  transitiveDependencies(name: string): string[] {
    return this.closure(name, this.deps);
  }

  /** Start order: each node after its dependencies; ties broken by manifest order (Kahn). Throws on a cycle. */
  topologicalOrder(): string[] {
    if (this.order) return [...this.order];
    const remaining = new Map(this.names.map((name) => [name, this.deps.get(name)?.length ?? 0]));
    const ready = this.names.filter((name) => remaining.get(name) === 0);
    const order: string[] = [];
    while (ready.length > 0) {
      const next = ready.shift() as string;
      order.push(next);
      for (const dependent of this.dependents.get(next) ?? []) {
        const left = (remaining.get(dependent) ?? 0) - 1;
        remaining.set(dependent, left);
        if (left === 0) this.insertByRank(ready, dependent);
      }
    }
    if (order.length < this.names.length) {
      const cycles = this.findCycles().map((cycle) => [...cycle, cycle[0]].join(' → '));
      throw new PilotError('MANIFEST_INVALID', `dependency cycle: ${cycles.join('; ')}`, { context: { cycles } });
    }
    this.order = order;
    return [...order];
  }

  /** Groups that can start together: level 0 has no dependencies, level n needs only levels < n. Throws on a cycle. */
  levels(): string[][] {
    const level = new Map<string, number>();
    const levels: string[][] = [];
    for (const name of this.topologicalOrder()) {
      const own = Math.max(-1, ...(this.deps.get(name) ?? []).map((dep) => level.get(dep) ?? 0)) + 1;
      level.set(name, own);
      (levels[own] ??= []).push(name);
    }
    return levels;
  }

  /**
   * Every elementary cycle (Johnson's algorithm), each as the names along it starting at the
   * one earliest in the manifest: ['a', 'b', 'c'] means a → b → c → a. A self-dependency is ['a'].
   */
  findCycles(): string[][] {
    const cycles: string[][] = [];
    for (let s = 0; s < this.names.length && cycles.length < MAX_CYCLES; s++) {
      const start = this.names[s] as string;
      const blocked = new Set<string>();
      const blockedBy = new Map<string, Set<string>>();
      const stack: string[] = [];
      const inScope = (name: string): boolean => this.rank(name) >= s;
      const unblock = (name: string): void => {
        blocked.delete(name);
        const waiting = blockedBy.get(name);
        blockedBy.delete(name);
        for (const other of waiting ?? []) if (blocked.has(other)) unblock(other);
      };
      const circuit = (v: string): boolean => {
        let found = false;
        stack.push(v);
        blocked.add(v);
        for (const w of this.deps.get(v) ?? []) {
          if (!inScope(w) || cycles.length >= MAX_CYCLES) continue;
          if (w === start) {
            cycles.push([...stack]);
            found = true;
          } else if (!blocked.has(w) && circuit(w)) {
            found = true;
          }
        }
        if (found) unblock(v);
        else {
          for (const w of this.deps.get(v) ?? []) {
            if (!inScope(w)) continue;
            const waiting = blockedBy.get(w) ?? new Set<string>();
            blockedBy.set(w, waiting.add(v));
          }
        }
        stack.pop();
        return found;
      };
      circuit(start);
    }
    return cycles;
  }

  private closure(name: string, edges: Map<string, string[]>): string[] {
    const seen = new Set<string>();
    const queue = [...this.require(name, edges)];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next) || next === name) continue;
      seen.add(next);
      queue.push(...(edges.get(next) ?? []));
    }
    let ordered: string[];
    try {
      ordered = this.topologicalOrder();
    } catch {
      ordered = [...this.names];
    }
    return ordered.filter((n) => seen.has(n));
  }

  private require(name: string, edges: Map<string, string[]>): string[] {
    const list = edges.get(name);
    if (!list) throw new PilotError('UNKNOWN_PROCESS', `unknown process "${name}"`, { context: { name, known: this.names } });
    return list;
  }

  private rank(name: string): number {
    return this.index.get(name) ?? Number.MAX_SAFE_INTEGER;
  }

  private insertByRank(list: string[], name: string): void {
    const at = list.findIndex((other) => this.rank(other) > this.rank(name));
    if (at === -1) list.push(name);
    else list.splice(at, 0, name);
  }
}
