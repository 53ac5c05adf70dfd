import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { awaitReady } from '../../src/ready/await-ready.js';
import { tcpStrategy } from '../../src/ready/tcp.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';
import { activeCount, readyContext } from './context.js';

/** Listens on `port` of `host`; resolves once listening. Every connection is counted, then closed. */
function listen(port: number, host: string, onConnection = (): void => {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      onConnection();
      socket.destroy();
    });
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('tcp ready strategy', () => {
  test('ready once a server starts listening after the first attempts were refused', async (t) => {
    const port = await freePort();
    const pending = awaitReady(tcpStrategy, readyContext({ port }), { timeoutMs: 5000 });
    // The first attempt starts synchronously and is refused within a loop turn or two; only then listen.
    await turn();
    await turn();
    let connections = 0;
    const server = await listen(port, '127.0.0.1', () => (connections += 1));
    t.after(() => server.close());
    const outcome = await pending;
    assert.deepEqual({ ...outcome, elapsedMs: 0 }, { ok: true, elapsedMs: 0, detail: `tcp 127.0.0.1:${port}` });
    assert.ok(outcome.elapsedMs < 1000, `ready ${outcome.elapsedMs}ms after start (retries back off to 50 ms at most)`);
    await waitFor(() => connections >= 1, 'the probe connection to reach the server');
  });

  test('a closed port times out with the last error in the message', async () => {
    const port = await freePort();
    const outcome = await awaitReady(tcpStrategy, readyContext({ port, host: '127.0.0.1' }), { timeoutMs: 300 });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'timeout');
    assert.equal(outcome.message, `tcp 127.0.0.1:${port} not accepting connections after 0.3s (last error: ECONNREFUSED)`);
    assert.ok(outcome.elapsedMs >= 300 && outcome.elapsedMs < 1300, `elapsed ${outcome.elapsedMs}ms`);
  });

  test('IPv6 literals work and are bracketed in messages', async (t) => {
    const server = await listen(0, '::1').catch((err: Error) => err);
    if (server instanceof Error) {
      t.skip(`no IPv6 loopback here (${server.message})`);
      return;
    }
    t.after(() => server.close());
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    const outcome = await awaitReady(tcpStrategy, readyContext({ port: address.port, host: '::1' }), { timeoutMs: 5000 });
    assert.deepEqual({ ...outcome, elapsedMs: 0 }, { ok: true, elapsedMs: 0, detail: `tcp [::1]:${address.port}` });
  });

  test('a parent abort stops retrying at once and leaves no socket open', async () => {
    const port = await freePort();
    const sockets = activeCount('TCPSocketWrap');
    const timers = activeCount('Timeout');
    const parent = new AbortController();
    const pending = awaitReady(tcpStrategy, readyContext({ port }), { timeoutMs: 60_000, signal: parent.signal });
    await turn();
    parent.abort(new Error('stack stopping'));
    const outcome = await pending;
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'aborted');
    assert.ok(outcome.elapsedMs < 500, `aborted after ${outcome.elapsedMs}ms`);
    assert.equal(activeCount('Timeout'), timers, 'no attempt or retry timer left');
    await waitFor(() => activeCount('TCPSocketWrap') <= sockets, 'every probe socket to close', 2000);
  });

  test('an invalid port is an error naming the parameter', async () => {
    const outcome = await awaitReady(tcpStrategy, readyContext({ port: 70000 }), { timeoutMs: 1000 });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'error');
    assert.equal(outcome.message, 'tcp 127.0.0.1:70000: tcp ready_params.port must be an integer from 1 to 65535, got 70000');
  });
});
