// The control socket in front of a real Pilot: a manifest loaded from YAML, real processes, real events.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectControl } from '../../src/control/client.js';
import { startControlServer } from '../../src/control/server.js';
import { pilotTarget } from '../../src/control/target.js';
import { loadManifest } from '../../src/manifest/load.js';
import type { PilotEvent } from '../../src/supervisor/events.js';
import { Pilot } from '../../src/supervisor/pilot.js';
import { freePort } from '../helpers/free-port.js';
import { fixtureBin } from '../helpers/paths.js';
import { killAll, pidsWithEnv } from '../helpers/procs.js';
import { waitFor } from '../helpers/wait-for.js';
import { RawSocket } from './raw-socket.js';
import { makeHome } from './setup.js';

// db listens after `delayMs`; web depends on it. Booted, served, and torn down with nothing left running.
async function bootStack(t: TestContext, delayMs: number): Promise<{ pilot: Pilot; socketPath: string; events: PilotEvent[] }> {
  const home = makeHome(t);
  const port = await freePort();
  const q = JSON.stringify;
  const file = join(home.home, 'pilot.yaml');
  writeFileSync(
    file,
    [
      'kill_timeout: 2',
      'processes:',
      `  - name: db`,
      `    path: ${q(process.execPath)}`,
      `    args: [${q(fixtureBin('tcp-after.js'))}, "${port}", "${delayMs}"]`,
      '    ready_strategy: tcp',
      `    ready_params: { port: ${port} }`,
      `  - name: web`,
      `    path: ${q(process.execPath)}`,
      `    args: [${q(fixtureBin('forever.js'))}]`,
      '    dependencies: [db]',
      '',
    ].join('\n'),
  );
  const { manifest, diagnostics } = await loadManifest(file);
  assert.ok(manifest, JSON.stringify(diagnostics));
  const paths = home.paths();
  const pilot = new Pilot(manifest, { stateDir: paths });
  const events: PilotEvent[] = [];
  pilot.on((e) => events.push(e));
  const server = await startControlServer(pilotTarget(pilot), paths);
  t.after(async () => {
    await server.close();
    await Promise.race([pilot.kill(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    const left = pidsWithEnv('PILOT_STACK', paths.stackId);
    killAll(left);
    assert.deepEqual(left, [], 'processes survived the test');
  });
  await pilot.start();
  return { pilot, socketPath: server.socketPath, events };
}

const summary = (events: PilotEvent[]): string[] => events.flatMap((e) => (e.type === 'spawn' || e.type === 'ready' ? [`${e.type}:${e.process}`] : []));

describe('control of a real stack', () => {
  test('status, restart with dependents streamed to a subscriber, tail, unknown names, down', async (t) => {
    const { pilot, socketPath } = await bootStack(t, 50);
    const client = await connectControl(socketPath);
    t.after(() => client.close());

    const before = await client.call('status');
    assert.deepEqual(before.map((s) => [s.name, s.state]), [['db', 'running'], ['web', 'running']]);

    // web is ready once spawned: wait for the first one to have spoken before restarting it
    await waitFor(async () => (await client.call('tail', { names: ['web'] })).length === 1, 'the first web to say armed');
    const streamed: PilotEvent[] = [];
    await client.subscribe({ logs: true }, (e) => streamed.push(e));
    const after = await client.call('restart', { names: ['db'], withDependents: true });
    assert.deepEqual(after.map((s) => [s.name, s.state, s.restarts]), [['db', 'running', 1], ['web', 'running', 1]]);
    for (const [i, s] of after.entries()) assert.notEqual(s.pid, before[i]?.pid);
    assert.deepEqual(summary(streamed), ['spawn:db', 'ready:db', 'spawn:web', 'ready:web']);
    const webSpawn = streamed.findIndex((e) => e.type === 'spawn' && e.process === 'web');
    await waitFor(() => streamed.slice(webSpawn).some((e) => e.type === 'line' && e.process === 'web' && e.line === 'armed'), 'the restarted web to say armed');
    assert.ok(streamed.some((e) => e.type === 'state' && e.process === 'db' && e.to === 'stopping'));

    const tail = await client.call('tail', { names: ['web'] });
    assert.deepEqual(tail.map((l) => [l.process, l.stream, l.line]), [['web', 'stdout', 'armed'], ['web', 'stdout', 'armed']]);

    await assert.rejects(client.call('stop', { names: ['db', 'cache'] }), (err: Error & { code?: string }) => err.code === 'UNKNOWN_PROCESS' && /"cache" \(processes: db, web\)/.test(err.message));

    assert.deepEqual(await client.call('stop', { names: ['web'] }).then((s) => s.map((p) => p.state)), ['running', 'stopped']);
    assert.deepEqual(await client.call('start', { names: ['web'] }).then((s) => s.map((p) => p.state)), ['running', 'running']);

    assert.deepEqual(await client.call('down'), { stopping: true });
    assert.deepEqual(await pilot.done, { exitCode: 0, reason: 'pilot down' });
    await waitFor(() => streamed.some((e) => e.type === 'stack' && e.phase === 'stopped'), 'the subscriber to see the stack stop');
  });

  test('a client gone in the middle of a restart: the restart completes and the server keeps serving', async (t) => {
    const { socketPath, events } = await bootStack(t, 300);
    const raw = await RawSocket.connect(socketPath);
    const mark = events.length;
    raw.request(1, 'restart', { names: ['db'] });
    await waitFor(() => events.slice(mark).some((e) => e.type === 'spawn' && e.process === 'db'), 'the new db to spawn');
    raw.destroy();
    await waitFor(() => events.slice(mark).some((e) => e.type === 'ready' && e.process === 'db'), 'the restarted db to be ready');
    const client = await connectControl(socketPath);
    t.after(() => client.close());
    const status = await client.call('status');
    assert.deepEqual(status.map((s) => [s.name, s.state, s.restarts]), [['db', 'running', 1], ['web', 'running', 0]]);
  });
});
