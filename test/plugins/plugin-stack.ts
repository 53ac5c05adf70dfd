// Shared by the plugin tests: the fixture plugins of test/fixtures/plugins/stack, loaded once per test file.
import { join } from 'node:path';
import { loadPlugins } from '../../src/plugins/load.js';
import type { PluginSet } from '../../src/plugins/plugin-set.js';
import { fixturesDir } from '../helpers/paths.js';

export const stackPluginDir = join(fixturesDir, 'plugins', 'stack');

let loaded: Promise<PluginSet> | null = null;

/** The plugins of test/fixtures/plugins/stack (hooks, ready strategies, stat handlers, control servers). */
export function stackPlugins(): Promise<PluginSet> {
  loaded ??= loadPlugins(stackPluginDir);
  return loaded;
}

/** What the fixture plugins recorded in this process (see the fixtures); `reset` empties it all. */
export const recorded = {
  get hooks(): { bundle: string; event: string; process: string; pid: number | null; exitCode: number | null; signal: string | null; reason: string | null; restarts: number; lines: string[] }[] {
    return ((globalThis as Record<string, unknown>).__pilotHooks as never[] | undefined) ?? [];
  },
  reset(): void {
    for (const key of ['__pilotHooks', '__pilotStats', '__pilotStatsHealthy', '__pilotClosed', '__pilotServer', '__pilotControl']) delete (globalThis as Record<string, unknown>)[key];
  },
};
