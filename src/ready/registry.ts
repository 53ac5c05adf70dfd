// The one registry of ready strategies: built-ins and plugins register the same way.
import { PilotError } from '../errors.js';
import { fileStrategy } from './file.js';
import { pipeStrategy } from './pipe.js';
import { tcpStrategy } from './tcp.js';
import type { ReadyStrategy } from './types.js';

/** Where built-in strategies come from, in messages about duplicates. */
export const BUILT_IN_SOURCE = 'built-in';

export class ReadyRegistry {
  private readonly entries = new Map<string, { strategy: ReadyStrategy; source: string }>();

  /** Adds a strategy; `source` (a plugin file, or `built-in`) names it when two claim the same name. */
  register(strategy: ReadyStrategy, source = BUILT_IN_SOURCE): void {
    const name: unknown = strategy.name;
    if (typeof name !== 'string' || name === '') {
      throw new PilotError('MANIFEST_INVALID', `a ready strategy from ${source} has no name`, { context: { source }, exitCode: 2 });
    }
    if (typeof strategy.wait !== 'function' && typeof strategy.check !== 'function') {
      throw new PilotError('MANIFEST_INVALID', `ready strategy "${name}" from ${source} has neither wait() nor check()`, {
        context: { name, source },
        exitCode: 2,
      });
    }
    const existing = this.entries.get(name);
    if (existing) {
      throw new PilotError('MANIFEST_INVALID', `ready strategy "${name}" is defined twice: by ${existing.source} and by ${source}`, {
        context: { name, sources: [existing.source, source] },
        exitCode: 2,
      });
    }
    this.entries.set(name, { strategy, source });
  }

  /** The strategy registered under `name`, if any. */
  get(name: string): ReadyStrategy | undefined {
    return this.entries.get(name)?.strategy;
  }

  /** Where the strategy `name` came from (`built-in` or a plugin file), if registered. */
  sourceOf(name: string): string | undefined {
    return this.entries.get(name)?.source;
  }

  /** Registered names, sorted (for "available strategies: …" messages). */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }
}

/** A registry holding the built-in strategies: tcp, file and pipe. */
export function createDefaultRegistry(): ReadyRegistry {
  const registry = new ReadyRegistry();
  for (const strategy of [tcpStrategy, fileStrategy, pipeStrategy]) registry.register(strategy);
  return registry;
}
