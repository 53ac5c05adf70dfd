// Regression tests: a control server whose start() hangs or finishes late, and a stop() that hangs. pilot
// used to await the start and set the server only afterwards, so a stop during the start never stopped it
// (it went on listening after "stopped"), and the cleanup after a failed start could take 10 s more,
// unreported. Here on the host itself, with short bounds and a real listening socket.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stackPaths } from '../../src/control/state-dir.js';
import type { PilotControl } from '../../src/plugins/api.js';
import { ControlServerHost, type ControlServerBounds } from '../../src/plugins/control-host.js';
import { stackInfo } from '../../src/plugins/process-view.js';
import { PluginReporter } from '../../src/plugins/reporter.js';
import type { EventOf } from '../../src/supervisor/events.js';
import { makeManifest } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';
import { accepts } from '../helpers/tcp-probe.js';
import { lifecyclePluginFile, lifecyclePlugins, listeningPort, notes } from './lifecycle-plugins.js';

const BOUNDS: ControlServerBounds = { startMs: 300, stopMs: 200, startWaitMs: 200 };

async function host(server: string, params: Record<string, unknown> = {}, bounds = BOUNDS) {
  const plugins = await lifecyclePlugins();
  const manifest = makeManifest('/tmp/pilot-control-host-test', [], { controlServer: server, controlServerParams: params });
  const reports: EventOf<'plugin'>[] = [];
  const reporter = new PluginReporter((e) => reports.push(e));
  const control = (): PilotControl => ({}) as PilotControl; // the fixtures never call it
  const h = new ControlServerHost(manifest, plugins, reporter, stackInfo(manifest, stackPaths(manifest.file)), control, bounds);
  return { host: h, reports: () => reports.map((r) => `${r.level}: ${r.message}`), files: () => [...new Set(reports.map((r) => r.file))] };
}

const elapsed = (since: number): number => performance.now() - since;

describe('control server host: starts and stops that race', () => {
  beforeEach(() => notes.reset());

  test('a start() that hangs: reported at its timeout; the cleanup stop() is bounded too, and its timeout reported', async () => {
    const { host: h, reports, files } = await host('hangs');
    const started = performance.now();
    await h.start();
    const took = elapsed(started);
    assert.ok(took >= 300 && took < 300 + 200 + 1000, `start() took ${took} ms (start bound 300 ms, stop bound 200 ms)`);
    assert.deepEqual(notes.all, ['start', 'stop']);
    assert.deepEqual(reports(), ['error: timed out after 0.3s in start(); the stack runs without it', 'warning: timed out after 0.2s in stop() after its failed start']);
    assert.deepEqual(files(), [lifecyclePluginFile], 'the plugin is named');
    await h.stop();
    assert.deepEqual(notes.all, ['start', 'stop'], 'not stopped twice');
  });

  test('a stop while start() hangs: start() returns at once, its signal fires, stop() is called after the bounded wait', async () => {
    const { host: h, reports } = await host('never-starts');
    const starting = h.start();
    await waitFor(() => notes.all.includes('start'), 'start() to be called');
    const stopped = performance.now();
    await h.stop();
    assert.ok(elapsed(stopped) < 200 + 1000, `stop() took ${elapsed(stopped)} ms (wait bound 200 ms)`);
    await starting; // resolved once the stop took over (it would hang for the start's 300 ms bound otherwise)
    assert.deepEqual(notes.all, ['start', 'start aborted', 'stop']);
    assert.deepEqual(reports(), ['warning: start() still running 0.2s after the stack began to stop (it ignores its signal): calling stop() anyway']);
  });

  test('a stop while start() is slow: stop() follows its completion, so what it opened is closed', async () => {
    const { host: h, reports } = await host('starts-late', { delay_ms: 80 });
    const starting = h.start();
    await waitFor(() => notes.all.includes('start'), 'start() to be called');
    await h.stop();
    await starting;
    const port = listeningPort(notes.all);
    assert.ok(port !== null, notes.all.join(', '));
    assert.deepEqual(notes.all, ['start', `listening ${port}`, 'stop: closing']);
    assert.equal(await accepts(port), false, 'the port is closed');
    assert.deepEqual(reports(), []);
  });

  test('a start() that completes after the stop gave up on it is stopped again when it does', async () => {
    const { host: h } = await host('starts-late', { delay_ms: 400 });
    void h.start();
    await waitFor(() => notes.all.includes('start'), 'start() to be called');
    await h.stop();
    assert.deepEqual(notes.all, ['start', 'stop: not listening']);
    await waitFor(() => notes.all.includes('stop: closing'), 'the late start to be stopped', 5000);
    const port = listeningPort(notes.all);
    assert.ok(port !== null);
    assert.equal(await accepts(port), false, 'the port is closed');
  });

  test('a kill while start() and stop() hang: stop() is called, nothing is waited for', async () => {
    // waits far longer than the bound below, so that a loaded machine's slowness is not taken for one of them
    const { host: h, reports } = await host('hangs', {}, { ...BOUNDS, stopMs: 5000, startWaitMs: 5000 });
    void h.start();
    await waitFor(() => notes.all.includes('start'), 'start() to be called');
    h.kill();
    const stopped = performance.now();
    await h.stop();
    assert.ok(elapsed(stopped) < 1000, `stop() took ${elapsed(stopped)} ms (stop and start-wait bounds 5 s)`);
    assert.deepEqual(notes.all, ['start', 'stop']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(reports(), [], 'nothing is reported about a killed server');
  });

  test('a stop before start(): the server is never created', async () => {
    const { host: h } = await host('never-starts');
    await h.stop();
    await h.start();
    assert.deepEqual(notes.all, []);
  });
});
