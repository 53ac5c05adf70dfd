// Control servers: started after the stack is claimed and before any process, given the CLI's operations,
// stopped once every process has stopped; one that fails is reported and the stack runs without it.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import type { PilotControl } from '../../src/plugins/api.js';
import type { PilotEvent } from '../../src/supervisor/events.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';
import { recorded, stackPluginDir, stackPlugins } from './plugin-stack.js';

const store = globalThis as { __pilotServer?: string[]; __pilotControl?: PilotControl };
const serversFile = join(stackPluginDir, 'servers.cjs');

describe('control servers', () => {
  beforeEach(() => recorded.reset());

  test('start before any process, stop after every process, with control_server_params', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins }, manifest: { controlServer: 'probe', controlServerParams: { port: 0 } } });
    let spawnedAtStart: number | null = null;
    h.pilot.on((e) => {
      if (e.type === 'spawn' && spawnedAtStart === null) spawnedAtStart = store.__pilotServer?.length ?? 0;
    });
    await h.pilot.start();
    assert.equal(spawnedAtStart, 1, 'the server had started when the first process spawned');
    await h.pilot.stop();
    assert.deepEqual(store.__pilotServer, ['start {"port":0}', 'stop stopped']);
  });

  test('the server drives the stack with the CLI\'s operations: status, restart, stop, start, tail, subscribe', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('db', 'forever.js', [], { readyStrategy: 'line', readyParams: { text: 'armed' } }), fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] })], {
      pilot: { plugins },
      manifest: { controlServer: 'probe' },
    });
    await h.pilot.start();
    const control = store.__pilotControl;
    assert.ok(control);
    assert.equal(control.stack.stackId, h.stackId);
    assert.deepEqual(control.status().map((s) => [s.name, s.state]), [['db', 'running'], ['api', 'running']]);

    const seen: PilotEvent[] = [];
    const off = control.subscribe((e) => seen.push(e), { logs: true, events: false, names: ['db'] });
    const history = control.tail(['db']);
    assert.deepEqual(history.map((l) => [l.process, l.line]), [['db', 'armed']]);
    const after = await control.restart(['db']);
    assert.deepEqual(after.map((s) => [s.name, s.state, s.restarts]), [['db', 'running', 1], ['api', 'running', 0]]);
    await waitFor(() => seen.length >= 1, 'the restarted db\'s line');
    off();
    assert.deepEqual(seen.map((e) => (e.type === 'line' ? `${e.process}: ${e.line}` : e.type)), ['db: armed'], 'only db\'s lines, only lines');

    assert.deepEqual((await control.stop(['api'])).map((s) => s.state), ['running', 'stopped']);
    assert.deepEqual((await control.start(['api'])).map((s) => s.state), ['running', 'running']);
    await assert.rejects(control.restart(['nope']), (err: unknown) => err instanceof PilotError && err.code === 'UNKNOWN_PROCESS' && /processes: db, api/.test(err.message));
    assert.throws(() => control.subscribe(() => {}, { names: ['nope'] }), /unknown process "nope"/);
    await control.shutdown();
    assert.equal((await h.pilot.done).exitCode, 0);
  });

  test('a server that throws in start() is reported with plugin, file and server; the stack runs without it', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins }, manifest: { controlServer: 'broken' } });
    await h.pilot.start();
    assert.equal(h.pilot.status()[0]?.state, 'running');
    const [event] = h.ofType('plugin');
    assert.deepEqual([event?.plugin, event?.file, event?.source, event?.level, event?.message], ['servers', serversFile, 'control server "broken"', 'error', 'failed: port already in use in start(); the stack runs without it']);
    assert.deepEqual(store.__pilotServer, ['stop after failed start'], 'what it opened is released');
    await h.pilot.stop();
    assert.deepEqual(store.__pilotServer, ['stop after failed start'], 'not stopped twice');
  });

  test('a factory that returns no server is reported the same way', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins }, manifest: { controlServer: 'bad-factory' } });
    await h.pilot.start();
    assert.deepEqual(h.ofType('plugin').map((e) => e.message), ['its factory must return an object with start() and stop(); the stack runs without it']);
  });

  test('a name no plugin offers refuses the stack before anything starts (exit 2)', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['nope'], statHandlers: ['nada'] })], { pilot: { plugins }, manifest: { controlServer: 'none-such' } });
    const err = await h.pilot.start().then(() => assert.fail('should refuse'), (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'PLUGIN_INVALID');
    assert.equal(err.exitCode, 2);
    assert.match(err.message, /^unknown plugin names: lifecycle hook bundle "nope" of "api", stat handler "nada" of "api", control server "none-such" \(the plugins in .* do not offer them\)$/);
    assert.equal(h.ofType('spawn').length, 0);
  });
});
