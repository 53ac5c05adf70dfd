// Statistics handlers get one call per tick with the samples of every process that lists them; failures
// are reported once, then counted, and their recovery is said. Synthetic `stats` events on a real bus.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stackPaths } from '../../src/control/state-dir.js';
import { PluginReporter } from '../../src/plugins/reporter.js';
import { stackInfo } from '../../src/plugins/process-view.js';
import { StatsDelivery } from '../../src/plugins/stats-delivery.js';
import { EventBus } from '../../src/supervisor/event-bus.js';
import type { EventOf, PilotEvent } from '../../src/supervisor/events.js';
import type { ProcessSample } from '../../src/stats/types.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';
import { recorded, stackPlugins } from './plugin-stack.js';

const store = globalThis as { __pilotStats?: { at: number; intervalMs: number; samples: ProcessSample[] }[]; __pilotStatsHealthy?: boolean; __pilotClosed?: string[] };

const sample = (process: string, pid: number): ProcessSample => ({ process, pid, cpuPercent: 12.5, memoryBytes: 1 << 20, processCount: 1 });

/** A StatsDelivery on a real bus over a manifest whose processes list `handlers`. */
async function setup(handlers: Record<string, string[]>) {
  const plugins = await stackPlugins();
  const manifestOf = (h: Record<string, string[]>) => makeManifest('/tmp/pilot-stats-test', Object.entries(h).map(([name, list]) => fixtureSpec(name, 'forever.js', [], { statHandlers: list })));
  let manifest = manifestOf(handlers);
  const bus = new EventBus();
  const events: PilotEvent[] = [];
  bus.on((e) => events.push(e));
  const delivery = new StatsDelivery(() => manifest, plugins, new PluginReporter((e) => bus.emit(e)), stackInfo(manifest, stackPaths(manifest.file)), bus);
  await delivery.start();
  // As the sampler does, ticks come on timers: a turn of the event loop passes after each.
  const tick = async (at: number, samples: ProcessSample[], intervalMs = 1000): Promise<void> => {
    bus.emit({ type: 'stats', at, intervalMs, samples });
    await new Promise((resolve) => setImmediate(resolve));
  };
  const reports = (): EventOf<'plugin'>[] => events.filter((e): e is EventOf<'plugin'> => e.type === 'plugin');
  // As a reload does: the manifest in force changes under the running delivery.
  const reload = (next: Record<string, string[]>): void => {
    manifest = manifestOf(next);
  };
  return { delivery, tick, reports, reload };
}

describe('stats handler delivery', () => {
  beforeEach(() => recorded.reset());

  test('one call per handler per tick, with the samples of exactly the processes that list it', async () => {
    const { delivery, tick } = await setup({ api: ['collect'], db: ['collect', 'closing'], web: [] });
    await tick(1000, [sample('api', 11), sample('db', 12), sample('web', 13)]);
    await tick(2000, [sample('db', 12)]);
    await tick(3000, []);
    await delivery.stop();
    const batches = store.__pilotStats ?? [];
    assert.deepEqual(batches.map((b) => [b.at, b.intervalMs, b.samples.map((s) => s.process)]), [
      [1000, 1000, ['api', 'db']],
      [2000, 1000, ['db']],
      [3000, 1000, []],
    ]);
    assert.deepEqual(batches[0]?.samples[0], sample('api', 11));
    assert.equal(Object.isFrozen(batches[0]?.samples), true, 'handlers cannot change what others see');
  });

  test('a reload that changes who lists a handler changes the samples it gets from the next tick on', async () => {
    const { delivery, tick, reload } = await setup({ api: ['collect'], db: [] });
    await tick(1000, [sample('api', 11), sample('db', 12)]);
    reload({ api: [], db: ['collect'], cache: ['collect'] });
    await tick(2000, [sample('api', 11), sample('db', 12), sample('cache', 14)]);
    await delivery.stop();
    const batches = store.__pilotStats ?? [];
    assert.deepEqual(batches.map((b) => b.samples.map((s) => s.process)), [['api'], ['db', 'cache']]);
  });

  test('after stop: no more calls, and close() of each handler that has one', async () => {
    const { delivery, tick } = await setup({ db: ['collect', 'closing'] });
    await delivery.stop();
    await tick(1000, [sample('db', 12)]);
    assert.deepEqual(store.__pilotStats ?? [], []);
    assert.equal(store.__pilotClosed?.length, 1);
  });

  test('a handler that throws every tick is reported once, then counted every 60 s, and its recovery is said', async () => {
    const { delivery, tick, reports } = await setup({ api: ['flaky'] });
    const settle = (n: number): Promise<unknown> => waitFor(() => reports().length === n, `${n} report(s)`);
    await tick(0, [sample('api', 1)]);
    await settle(1);
    for (let at = 1000; at < 60_000; at += 1000) await tick(at, [sample('api', 1)]);
    await tick(60_000, [sample('api', 1)]);
    await settle(2);
    store.__pilotStatsHealthy = true;
    await tick(61_000, [sample('api', 1)]);
    await settle(3);
    await delivery.stop();
    assert.deepEqual(reports().map((r) => [r.plugin, r.source, r.level, r.message]), [
      ['stat-handlers', 'stat handler "flaky"', 'warning', 'failed: disk on fire (further failures are counted and reported every 60 s)'],
      ['stat-handlers', 'stat handler "flaky"', 'warning', 'failed 60 more times in the last 60 s (last: failed: disk on fire)'],
      ['stat-handlers', 'stat handler "flaky"', 'info', 'works again after 61 failed calls'],
    ]);
    assert.match(reports()[0]?.stack ?? '', /stats\.js/);
  });

  test('a handler that hangs is cut off at its timeoutSec; a tick that comes meanwhile is skipped and counted', async () => {
    const { delivery, tick, reports } = await setup({ api: ['slow', 'collect'] });
    await tick(1000, [sample('api', 1)]);
    await tick(1001, [sample('api', 1)]);
    await waitFor(() => reports().length === 2, 'the skip and the timeout');
    await delivery.stop();
    assert.deepEqual(reports().map((r) => r.message).sort(), [
      'still busy with the previous tick: a tick was skipped (further failures are counted and reported every 60 s)',
      'timed out after 0.1s (further failures are counted and reported every 60 s)',
    ]);
    assert.equal(store.__pilotStats?.length, 2, 'the other handler got both ticks');
  });
});
