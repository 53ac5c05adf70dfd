// The first-party plugins of plugins/, as their tests load them: each directory once per test file.
import { join } from 'node:path';
import { loadPlugins } from '../../src/plugins/load.js';
import type { PluginSet } from '../../src/plugins/plugin-set.js';
import { repoRoot } from './paths.js';

/** plugins/NAME of the repository (the source, as users point plugin_directory at it). */
export function firstPartyDir(name: string): string {
  return join(repoRoot, 'plugins', name);
}

const loaded = new Map<string, Promise<PluginSet>>();

/** The plugins of plugins/NAME, loaded once; rejects if any of them failed to load. */
export function firstPartyPlugins(name: string): Promise<PluginSet> {
  let set = loaded.get(name);
  if (!set) {
    set = loadPlugins(firstPartyDir(name)).then((s) => {
      if (!s.ok) throw new Error(`plugins/${name} did not load: ${s.problems.map((p) => p.message).join('; ')}`);
      return s;
    });
    loaded.set(name, set);
  }
  return set;
}
