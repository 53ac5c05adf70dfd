// Requests over a real socket: round trips, every malformed request answered on a connection that
// stays usable, oversized lines, and clients that vanish mid-request.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectControl } from '../../src/control/client.js';
import { MAX_REQUEST_BYTES } from '../../src/control/protocol.js';
import { PilotError } from '../../src/errors.js';
import { packageVersion } from '../../src/version.js';
import { waitFor } from '../helpers/wait-for.js';
import { RawSocket } from './raw-socket.js';
import { makeHome, serveFake } from './setup.js';

describe('control requests', () => {
  test('round trips: ping, status, tail merged by time, operations', async (t) => {
    const home = makeHome(t);
    const { server, target, paths } = await serveFake(t, home);
    target.lines.set('db', [{ at: 10, stream: 'stdout', line: 'db one' }, { at: 30, stream: 'stderr', line: 'db two' }]);
    target.lines.set('web', [{ at: 20, stream: 'stdout', line: 'web one' }]);
    const client = await connectControl(server.socketPath);
    t.after(() => client.close());

    const ping = await client.call('ping');
    assert.equal(ping.pid, process.pid);
    assert.equal(ping.stackId, 'fake-stack');
    assert.equal(ping.manifest, target.manifestFile);
    assert.equal(ping.version, packageVersion());
    assert.ok(Math.abs(Date.parse(ping.startedAt) - Date.now()) < 60_000);
    assert.equal(server.socketPath, `${paths.dir}/control.sock`);

    assert.deepEqual(await client.call('status'), target.status());
    assert.deepEqual(await client.call('tail', {}), [
      { process: 'db', at: 10, stream: 'stdout', line: 'db one' },
      { process: 'web', at: 20, stream: 'stdout', line: 'web one' },
      { process: 'db', at: 30, stream: 'stderr', line: 'db two' },
    ]);
    assert.deepEqual((await client.call('tail', { names: ['db'], n: 1 })).map((l) => l.line), ['db two']);

    const restart = client.call('restart', { names: ['web'], withDependents: true });
    const held = await target.nextHeld(0);
    assert.deepEqual([held.method, held.names], ['restart', ['web']]);
    held.release();
    assert.deepEqual(await restart, target.status());

    assert.deepEqual(await client.call('down'), { stopping: true });
    await waitFor(() => target.stopReasons.length === 1, 'the stack to be told to stop');
    assert.deepEqual(target.stopReasons, ['pilot down']);
  });

  test('supervisor errors pass through with their code; unknown names are all listed', async (t) => {
    const home = makeHome(t);
    const { server } = await serveFake(t, home);
    const client = await connectControl(server.socketPath);
    t.after(() => client.close());
    const err = await client.call('restart', { names: ['nope'] }).catch((e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'UNKNOWN_PROCESS');
    assert.equal(err.exitCode, 2);
    assert.match(err.message, /processes: db, web/);
    const tail = await client.call('tail', { names: ['x', 'db', 'y'] }).catch((e: unknown) => e);
    assert.ok(tail instanceof PilotError);
    assert.equal(tail.message, 'unknown processes "x", "y" (processes: db, web)');
    const bad = await client.call('restart', { names: 'web' } as never).catch((e: unknown) => e);
    assert.ok(bad instanceof PilotError);
    assert.equal(bad.code, 'INTERNAL');
    assert.equal(bad.context.code, 'BAD_PARAMS');
  });

  test('every malformed request gets an error reply and the connection stays usable', async (t) => {
    const home = makeHome(t);
    const { server } = await serveFake(t, home);
    const raw = await RawSocket.connect(server.socketPath);
    t.after(() => raw.destroy());
    const cases: [string, unknown, string][] = [
      ['garbage\n', null, 'BAD_REQUEST'],
      ['[]\n', null, 'BAD_REQUEST'],
      ['{"v":1,"method":"ping"}\n', null, 'BAD_REQUEST'],
      ['{"v":7,"id":1,"method":"ping"}\n', 1, 'UNSUPPORTED_VERSION'],
      ['{"v":1,"id":2,"method":"launch"}\n', 2, 'UNKNOWN_METHOD'],
      ['{"v":1,"id":"s","method":"stop","params":{"names":"db"}}\n', 's', 'BAD_PARAMS'],
      ['\n', null, 'BAD_REQUEST'],
    ];
    for (const [line, id, code] of cases) {
      raw.send(line);
      const reply = await raw.next();
      assert.deepEqual([reply.v, reply.id, reply.ok, (reply.error as { code: string }).code], [1, id, false, code], `reply to ${line.trim()}`);
    }
    raw.request(99, 'ping');
    const ok = await raw.reply(99);
    assert.equal(ok.ok, true);
    assert.equal((ok.result as { pid: number }).pid, process.pid);
  });

  test('a line over 1 MiB gets REQUEST_TOO_LARGE, then that connection is closed; others are not', async (t) => {
    const home = makeHome(t);
    const { server } = await serveFake(t, home);
    const other = await connectControl(server.socketPath);
    t.after(() => other.close());
    const raw = await RawSocket.connect(server.socketPath);
    t.after(() => raw.destroy());
    raw.send(`{"v":1,"id":1,"method":"ping","params":{"pad":"${'x'.repeat(MAX_REQUEST_BYTES)}"}}\n`);
    const reply = await raw.next();
    assert.deepEqual([reply.id, reply.ok, (reply.error as { code: string }).code], [null, false, 'REQUEST_TOO_LARGE']);
    await raw.closed;
    assert.equal((await other.call('ping')).pid, process.pid);
  });

  test('a client destroyed while its restart is in flight does not crash the server', async (t) => {
    const home = makeHome(t);
    const { server, target } = await serveFake(t, home);
    const raw = await RawSocket.connect(server.socketPath);
    raw.request(1, 'restart', { names: ['db'] });
    raw.request(2, 'subscribe', { logs: true });
    await raw.reply(2);
    const held = await target.nextHeld(0);
    raw.destroy();
    await raw.closed;
    held.release();
    target.emit({ type: 'line', at: 1, process: 'db', stream: 'stdout', line: 'after the client left' });
    const client = await connectControl(server.socketPath);
    t.after(() => client.close());
    assert.equal((await client.call('ping')).pid, process.pid);
    await waitFor(() => server.stats().connections === 1, 'the server to drop the vanished client');
    assert.deepEqual(server.stats(), { connections: 1, subscriptions: 0, bufferedBytes: 0 });
  });
});
