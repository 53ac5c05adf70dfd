// One supervisor per stack: stale sockets are cleared, a live one refuses a second server; modes; close.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { connectControl } from '../../src/control/client.js';
import { startControlServer } from '../../src/control/server.js';
import { controlSocketPath } from '../../src/control/socket-path.js';
import { PilotError } from '../../src/errors.js';
import { FakeTarget } from './fake-target.js';
import { leaveStaleSocket, makeHome, serveFake } from './setup.js';

const mode = (path: string): number => statSync(path).mode & 0o777;

async function refusal(p: Promise<unknown>): Promise<PilotError> {
  const err = await p.then(() => assert.fail('expected a rejection'), (e: unknown) => e);
  assert.ok(err instanceof PilotError, String(err));
  return err;
}

describe('single instance', () => {
  test('a socket left by a supervisor killed with SIGKILL is removed and the new server listens', async (t) => {
    const home = makeHome(t);
    const paths = home.paths();
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const socketPath = controlSocketPath(paths.dir);
    await leaveStaleSocket(socketPath);
    assert.ok(statSync(socketPath).isSocket(), 'the killed server left its socket behind');
    const { server } = await serveFake(t, home);
    const client = await connectControl(socketPath);
    t.after(() => client.close());
    assert.equal((await client.call('ping')).pid, process.pid);
    assert.equal(server.socketPath, socketPath);
  });

  test('a plain file where the socket belongs is replaced', async (t) => {
    const home = makeHome(t);
    const paths = home.paths();
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    writeFileSync(controlSocketPath(paths.dir), 'junk');
    const { server } = await serveFake(t, home);
    assert.ok(statSync(server.socketPath).isSocket());
  });

  test('a live server: ALREADY_RUNNING naming the stack and the pid; the first keeps serving', async (t) => {
    const home = makeHome(t);
    const { server, paths, target } = await serveFake(t, home);
    const err = await refusal(startControlServer(new FakeTarget(target.manifestFile), paths));
    assert.equal(err.code, 'ALREADY_RUNNING');
    assert.equal(err.exitCode, 1);
    assert.equal(err.message, `stack ${target.manifestFile} is already up (supervisor pid ${process.pid})`);
    const client = await connectControl(server.socketPath);
    t.after(() => client.close());
    assert.equal((await client.call('ping')).pid, process.pid);
  });

  test('something that accepts but never answers ping is not taken over either', async (t) => {
    const home = makeHome(t);
    const paths = home.paths();
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    const socketPath = controlSocketPath(paths.dir);
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(socketPath, resolve));
    t.after(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
    const err = await refusal(startControlServer(new FakeTarget(join(home.home, 'pilot.yaml')), paths));
    assert.equal(err.code, 'ALREADY_RUNNING');
    assert.match(err.message, /accepts connections but did not answer/);
  });

  test('socket 0600 in a 0700 directory; close ends clients and removes the socket', async (t) => {
    const home = makeHome(t);
    const { server, paths } = await serveFake(t, home);
    assert.equal(mode(server.socketPath), 0o600);
    assert.equal(mode(paths.dir), 0o700);
    const client = await connectControl(server.socketPath);
    const unsubscribe = await client.subscribe({}, () => {});
    assert.equal(typeof unsubscribe, 'function');
    await server.close();
    await client.closed;
    assert.equal(existsSync(server.socketPath), false);
    const err = await refusal(connectControl(server.socketPath));
    assert.equal(err.code, 'NOT_RUNNING');
    await server.close(); // idempotent
  });
});
