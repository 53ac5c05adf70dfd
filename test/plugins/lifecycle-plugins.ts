// Shared by the lifecycle race tests: the misbehaving plugins of test/fixtures/plugins/lifecycle, loaded
// once per test file, and what they noted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { loadPlugins } from '../../src/plugins/load.js';
import type { PluginSet } from '../../src/plugins/plugin-set.js';
import { fixturesDir } from '../helpers/paths.js';

export const lifecyclePluginDir = join(fixturesDir, 'plugins', 'lifecycle');
export const lifecyclePluginFile = join(lifecyclePluginDir, 'lifecycle.cjs');

let loaded: Promise<PluginSet> | null = null;

export function lifecyclePlugins(): Promise<PluginSet> {
  loaded ??= loadPlugins(lifecyclePluginDir);
  return loaded;
}

const store = globalThis as { __lifecycle?: string[]; __lifecycleFailures?: Record<string, number> };

/** What the fixture plugins noted in this process, in order; `reset` forgets it. */
export const notes = {
  get all(): string[] {
    return store.__lifecycle ?? [];
  },
  reset(): void {
    delete store.__lifecycle;
    delete store.__lifecycleFailures;
  },
};

/** The port of the last `listening PORT` line among `lines`, or null. */
export function listeningPort(lines: readonly string[]): number | null {
  const line = [...lines].reverse().find((l) => l.startsWith('listening '));
  return line === undefined ? null : Number(line.slice('listening '.length));
}

/** The rejection of `p` (which must reject), a PilotError. */
export function rejection(p: Promise<unknown>): Promise<PilotError> {
  return p.then(
    () => assert.fail('it should have failed'),
    (err: unknown) => {
      assert.ok(err instanceof PilotError, String(err));
      return err;
    },
  );
}
