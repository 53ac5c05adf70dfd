// The client never hangs: missing stacks fail at once, silent supervisors time out, waitForExit has a deadline.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { connectControl } from '../../src/control/client.js';
import { waitForExit } from '../../src/control/wait-exit.js';
import { PilotError } from '../../src/errors.js';
import { tmpDir } from '../helpers/tmp.js';
import { leaveStaleSocket } from './setup.js';

async function rejection(p: Promise<unknown>): Promise<PilotError> {
  const err = await p.then(() => assert.fail('expected a rejection'), (e: unknown) => e);
  assert.ok(err instanceof PilotError, String(err));
  return err;
}

// A raw server on a fresh socket that reads requests and never answers.
async function silentServer(t: import('node:test').TestContext): Promise<{ path: string; requests: string[] }> {
  const tmp = tmpDir('pilot-silent-');
  const path = join(tmp.path, 's.sock');
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => requests.push(d));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
    tmp.remove();
  });
  return { path, requests };
}

describe('control client', () => {
  test('no socket: NOT_RUNNING (exit 3) naming the manifest, in well under a second', async (t) => {
    const tmp = tmpDir();
    t.after(() => tmp.remove());
    const started = performance.now();
    const err = await rejection(connectControl(join(tmp.path, 'nope', 'control.sock'), { manifest: '/srv/app/pilot.yaml' }));
    assert.ok(performance.now() - started < 1000);
    assert.equal(err.code, 'NOT_RUNNING');
    assert.equal(err.exitCode, 3);
    assert.equal(err.message, 'no running stack for /srv/app/pilot.yaml');
  });

  test('a stale socket nobody listens on: NOT_RUNNING at once', async (t) => {
    const tmp = tmpDir();
    t.after(() => tmp.remove());
    const path = join(tmp.path, 'control.sock');
    await leaveStaleSocket(path);
    const started = performance.now();
    const err = await rejection(connectControl(path));
    assert.ok(performance.now() - started < 1000);
    assert.equal(err.code, 'NOT_RUNNING');
  });

  test('a supervisor that never replies: the call times out with a clear error, per-call bound respected', async (t) => {
    const { path, requests } = await silentServer(t);
    const client = await connectControl(path, { timeoutMs: 5000 });
    t.after(() => client.close());
    const started = performance.now();
    const err = await rejection(client.call('status', {}, { timeoutMs: 150 }));
    const took = performance.now() - started;
    // (the timer counts from the event loop's cached time, which may be a little before `started`, more on a loaded machine)
    assert.ok(took >= 100 && took < 2000, `took ${took} ms`);
    assert.equal(err.message, `the supervisor did not answer "status" within 150 ms (control socket ${path})`);
    assert.equal(err.code, 'TIMEOUT');
    assert.equal(err.context.timeout, true);
    assert.deepEqual(JSON.parse(requests.join('').trim()), { v: 1, id: 1, method: 'status', params: {} });
  });

  test('calls waiting when the connection drops fail instead of hanging', async (t) => {
    const { path } = await silentServer(t);
    const client = await connectControl(path);
    const pending = client.call('restart', { names: ['web'] });
    client.close();
    const err = await rejection(pending);
    assert.match(err.message, /closed by the client/);
    const after = await rejection(client.call('ping'));
    assert.equal(after.code, 'NOT_RUNNING');
  });

  test('waitForExit: true once the process is gone, false at the deadline while it lives', async (t) => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    t.after(() => child.kill('SIGKILL'));
    const pid = child.pid ?? assert.fail('no pid');
    const started = performance.now();
    assert.equal(await waitForExit(pid, 100), false);
    assert.ok(performance.now() - started >= 95);
    child.kill('SIGKILL');
    assert.equal(await waitForExit(pid, 5000), true);
  });
});
