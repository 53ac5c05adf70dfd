// Regression tests, on real stacks: a stop while the control server is still starting left the supervisor
// alive after "stopped" — the boot went on to start the sampler (whose timer kept Node alive) and the server
// was never stopped (a slow one went on listening) — and a stats handler's hanging close() added 10 s to
// every stop. Now nothing starts once the stack stops, what a start brings up is stopped, and each wait on
// a plugin during a stop is bounded (docs/plugins.md, "How long pilot waits for a plugin").
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PilotEvent } from '../../src/supervisor/events.js';
import { VirtualClock } from '../helpers/supervisor-clock.js';
import { makeHarness, type Harness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';
import { accepts } from '../helpers/tcp-probe.js';
import { lifecyclePluginFile, lifecyclePlugins, listeningPort, notes, rejection } from './lifecycle-plugins.js';

// Events after the stack said "stopped" (there must be none).
function afterStopped(h: Harness): PilotEvent[] {
  const at = h.events.findIndex((e) => e.type === 'stack' && e.phase === 'stopped');
  assert.ok(at >= 0, 'the stack stopped');
  return h.events.slice(at + 1);
}

describe('stack services: a stop during their start, and bounded stops', () => {
  beforeEach(() => notes.reset());

  test('a stop while the control server start() hangs: the boot is cut short, nothing else starts, and stop() is called', async (t) => {
    const plugins = await lifecyclePlugins();
    const clock = new VirtualClock();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins, clock }, manifest: { controlServer: 'never-starts', statsIntervalSec: 1 } });
    const booting = rejection(h.pilot.start());
    await waitFor(() => notes.all.includes('start'), 'the control server to be starting');
    const stopped = performance.now();
    await h.pilot.stop('pilot down');
    const took = performance.now() - stopped;
    assert.ok(took < 3000 + 2000, `the stop took ${took} ms (3 s at most for the start in flight)`);
    assert.match((await booting).message, /^boot interrupted: pilot down/);
    assert.deepEqual(notes.all, ['start', 'start aborted', 'stop']);
    assert.equal(h.ofType('spawn').length, 0, 'no process started');
    assert.deepEqual(h.ofType('stack').map((e) => e.phase), ['stopping', 'stopped'], 'the boot went no further');
    assert.equal(clock.pending, 0, 'no timer left on the clock: the sampler never started');
    assert.deepEqual(h.ofType('plugin').map((e) => [e.file, e.message]), [[lifecyclePluginFile, 'start() still running 3.0s after the stack began to stop (it ignores its signal): calling stop() anyway']]);
    assert.deepEqual(afterStopped(h), []);
  });

  test('a stop while the control server start() is slow: stop() follows once it listens, and the port is closed', async (t) => {
    const plugins = await lifecyclePlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins }, manifest: { controlServer: 'starts-late', controlServerParams: { delay_ms: 500 } } });
    const booting = rejection(h.pilot.start());
    await waitFor(() => notes.all.includes('start'), 'the control server to be starting');
    await h.pilot.stop();
    await booting;
    const port = listeningPort(notes.all);
    assert.ok(port !== null, notes.all.join(', '));
    assert.deepEqual(notes.all, ['start', `listening ${port}`, 'stop: closing']);
    assert.equal(await accepts(port), false, 'nothing listens once the stack stopped');
    assert.equal(h.ofType('spawn').length, 0);
    assert.deepEqual(h.ofType('plugin'), []);
    assert.deepEqual(afterStopped(h), []);
  });

  test('a statistics handler whose close() hangs delays the stop by 2 s, reported', async (t) => {
    const plugins = await lifecyclePlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { statHandlers: ['close-hangs'] })], { pilot: { plugins } });
    await h.pilot.start();
    const stopped = performance.now();
    await h.pilot.stop();
    const took = performance.now() - stopped;
    assert.ok(took >= 2000 && took < 2000 + 2000, `the stop took ${took} ms`);
    assert.deepEqual(notes.all, ['close']);
    assert.deepEqual(h.ofType('plugin').map((e) => [e.source, e.message]), [['close() of stat handler "close-hangs"', 'timed out after 2.0s']]);
  });

  test('a statistics call still running at the stop is cut short after 2 s (not at its own 60 s timeout), then close() runs', async (t) => {
    const plugins = await lifecyclePlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { statHandlers: ['handle-hangs'] })], { pilot: { plugins }, manifest: { statsIntervalSec: 0.1 } });
    await h.pilot.start();
    await waitFor(() => notes.all.includes('handle'), 'a statistics call to be running');
    const stopped = performance.now();
    await h.pilot.stop();
    const took = performance.now() - stopped;
    assert.ok(took >= 2000 && took < 2000 + 2000, `the stop took ${took} ms`);
    assert.deepEqual(notes.all, ['handle', 'close'], 'one call (later ticks were skipped), then close()');
    const reports = h.ofType('plugin').filter((e) => !e.message.startsWith('still busy with the previous tick'));
    assert.deepEqual(reports.map((e) => [e.source, e.message]), [['stat handler "handle-hangs"', 'still running 2.0s after the stack began to stop: cut short']]);
  });
});
