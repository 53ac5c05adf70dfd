// Statistics handlers end to end: the real sampler's ticks (stats_interval_sec small) reach a handler once
// per tick, with the samples of exactly the running processes that list it — their real pids, CPU and memory.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessSample } from '../../src/stats/types.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';
import { recorded, stackPlugins } from './plugin-stack.js';

const store = globalThis as { __pilotStats?: { at: number; intervalMs: number; samples: ProcessSample[] }[] };

describe('stats handlers with the real sampler', () => {
  beforeEach(() => recorded.reset());

  test('one call per tick, with the samples of exactly the processes that list the handler', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { statHandlers: ['collect'] }), fixtureSpec('busy', 'busy-loop.js', [], { statHandlers: ['collect'] }), fixtureSpec('web', 'forever.js')], {
      pilot: { plugins },
      manifest: { statsIntervalSec: 0.1 },
    });
    await h.pilot.start();
    await waitFor(() => (store.__pilotStats ?? []).filter((b) => b.samples.length === 2).length >= 5, 'five ticks sampling api and busy');
    await h.pilot.stop();
    const batches = store.__pilotStats ?? [];
    const ticks = h.ofType('stats');
    // Once per tick, in order, with the tick's time and interval.
    assert.deepEqual(batches.map((b) => [b.at, b.intervalMs]), ticks.map((e) => [e.at, e.intervalMs]));
    assert.ok(ticks.every((e) => e.intervalMs === 100));
    const pids = new Map(h.ofType('spawn').map((e) => [e.process, e.pid]));
    for (const [i, batch] of batches.entries()) {
      // Exactly the listing processes of the tick: what the sampler measured, minus web.
      assert.deepEqual(batch.samples, ticks[i]?.samples.filter((s) => s.process !== 'web'), `tick ${i}`);
      for (const s of batch.samples) {
        assert.equal(s.pid, pids.get(s.process));
        assert.ok(s.memoryBytes > 1024 * 1024, `${s.process} uses real memory: ${s.memoryBytes}`);
        assert.ok(Number.isFinite(s.cpuPercent) && s.cpuPercent >= 0);
      }
    }
    assert.ok(ticks.some((e) => e.samples.some((s) => s.process === 'web')), 'web is sampled, just not given to the handler');
    // The busy loop is busy: most of a core over the full ticks (the first covers its whole life).
    const busy = batches.filter((b) => b.samples.length === 2).slice(1).map((b) => b.samples.find((s) => s.process === 'busy')?.cpuPercent ?? 0);
    assert.ok(Math.max(...busy) > 20, `busy-loop CPU: ${busy.join(', ')}`);
  });
});
