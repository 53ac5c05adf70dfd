// The http ready strategy on real stacks (a fixture server that turns healthy on a signal, IPv6, TLS) and
// its request against real sockets: statuses, methods, bodies, timeouts, every address of a name tried.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { PilotError } from '../../src/errors.js';
import { firstPartyPlugins } from '../../test/helpers/first-party.js';
import { freePort } from '../../test/helpers/free-port.js';
import { makeHarness } from '../../test/helpers/supervisor-harness.js';
import { fixtureSpec } from '../../test/helpers/supervisor-spec.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { attempt } from './lib/probe.js';
import { readSettings } from './lib/settings.js';
import { parseStatus } from './lib/status.js';

const plugins = () => firstPartyPlugins('http-ready');

/** A process running test/fixtures/bin/http-health.js on `port`, ready by `params`. */
function server(name: string, port: number, args: string[], params: Record<string, unknown>, readyTimeoutSec = 10) {
  return fixtureSpec(name, 'http-health.js', [port, ...args], { readyStrategy: 'http', readyTimeoutSec, readyParams: { interval_sec: 0.02, ...params } });
}

/** A server in this process answering `respond`; closed after the test. */
async function localServer(t: { after: (fn: () => unknown) => void }, host: string, respond: (req: IncomingMessage, body: string) => [number, string]): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const srv: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? '-'} ${body}`);
      const [status, text] = respond(req, body);
      res.writeHead(status).end(text);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, host, resolve));
  t.after(() => new Promise((resolve) => srv.close(resolve)));
  const address = srv.address();
  return { port: typeof address === 'object' && address ? address.port : 0, requests };
}

/** The settings of `params`, which must be valid. */
function settings(params: Record<string, unknown>) {
  const read = readSettings(params);
  assert.deepEqual(read.problems, []);
  return read.settings;
}

const never = new AbortController().signal;

describe('http ready strategy on a real stack', () => {
  test('a process is ready once its endpoint answers 2xx, not while it answers 503; its dependents wait for it', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [server('api', port, [], { url: `http://127.0.0.1:${port}/health` }), fixtureSpec('worker', 'forever.js', [], { dependencies: ['api'] })], { pilot: { plugins: await plugins() } });
    const started = h.pilot.start();
    await waitFor(() => h.lines('api').filter((l) => l.startsWith('request GET /health')).length >= 2, 'two health requests answered 503');
    assert.deepEqual(h.pilot.status().map((s) => [s.name, s.state]), [['api', 'starting'], ['worker', 'pending']]);
    const pid = h.pilot.status()[0]?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGUSR1');
    await started;
    const ready = h.ofType('ready').find((e) => e.process === 'api');
    assert.equal(ready?.detail, `http GET http://127.0.0.1:${port}/health`);
    const workerSpawn = h.events.findIndex((e) => e.type === 'spawn' && e.process === 'worker');
    assert.ok(h.events.indexOf(ready) < workerSpawn, 'worker spawned after api was ready');
  });

  test('IPv6: a literal [::1] URL, and an https URL of localhost with a self-signed certificate and insecure: true', async (t) => {
    const [v6, tls] = [await freePort('::1'), await freePort()];
    const h = makeHarness(t, [server('v6', v6, ['--host', '::1', '--healthy'], { url: `http://[::1]:${v6}/health` }), server('tls', tls, ['--tls', '--healthy'], { url: `https://localhost:${tls}/health`, insecure: true })], {
      pilot: { plugins: await plugins() },
    });
    await h.pilot.start();
    assert.deepEqual(h.ofType('ready').map((e) => e.detail).sort(), [`http GET http://[::1]:${v6}/health`, `http GET https://localhost:${tls}/health`]);
  });

  test('not ready in time: the failure says why — nothing listening, a 503 with its body, no answer within the attempt timeout', async (t) => {
    const [closed, starting, hanging] = [await freePort(), await freePort(), await freePort()];
    const cases: [string, ReturnType<typeof fixtureSpec>, RegExp][] = [
      ['closed', fixtureSpec('closed', 'forever.js', [], { readyStrategy: 'http', readyTimeoutSec: 0.4, readyParams: { url: `http://127.0.0.1:${closed}/` } }), new RegExp(`http GET http://127\\.0\\.0\\.1:${closed}/ not ready after 0\\.4s \\(last error: ECONNREFUSED: nothing listens on 127\\.0\\.0\\.1:${closed}\\)`)],
      ['starting', server('starting', starting, [], { url: `http://127.0.0.1:${starting}/health` }, 0.6), /not ready after 0\.6s \(last error: answered 503 Service Unavailable \(expected 2xx\): \{"status":"starting"\}\)/],
      ['hanging', server('hanging', hanging, ['--hang'], { url: `http://127.0.0.1:${hanging}/health`, attempt_timeout_sec: 0.15 }, 1), /not ready after 1\.0s \(last error: no answer within 0\.(1[0-5]|0\d)s\)/], // the last attempt is cut at the deadline
    ];
    const all = await plugins();
    await Promise.all(
      cases.map(async ([name, spec, expected]) => {
        const h = makeHarness(t, [spec], { pilot: { plugins: all } });
        const err = await h.pilot.start().then(() => assert.fail(`${name} should not be ready`), (e: unknown) => e);
        assert.ok(err instanceof PilotError && err.code === 'BOOT_FAILED', String(err));
        assert.match(err.message, expected);
        if (name === 'hanging') assert.ok(h.lines('hanging').filter((l) => l.startsWith('request')).length >= 2, 'a hanging request is given up and asked again');
      }),
    );
  });
});

describe('http ready: one request', () => {
  test('method, headers and a JSON body are sent; status lists, ranges and classes decide', async (t) => {
    const { port, requests } = await localServer(t, '127.0.0.1', (req) => [req.method === 'POST' ? 204 : 302, '']);
    const base = { url: `http://127.0.0.1:${port}/ping`, method: 'post', headers: { 'X-Token': 'abc' }, body: { hello: 'world' } };
    assert.deepEqual(await attempt(settings(base), never, 1000), { ready: true });
    assert.deepEqual(requests, ['POST /ping application/json {"hello":"world"}']);
    assert.deepEqual(await attempt(settings({ ...base, status: 200 }), never, 1000), { ready: false, reason: 'answered 204 No Content (expected 200)' });
    assert.deepEqual(await attempt(settings({ ...base, method: 'GET', body: undefined, status: ['2xx', '300-303'] }), never, 1000), { ready: true });
    assert.deepEqual(await attempt(settings({ ...base, method: 'GET', body: 'raw', headers: { 'content-type': 'text/plain' }, status: '200, 204' }), never, 1000), { ready: false, reason: 'answered 302 Found (expected 200, 204)' });
    assert.equal(requests.at(-1), 'GET /ping text/plain raw');
  });

  test('a name resolving to both families works whichever one the server listens on (every address is tried)', async (t) => {
    const both = (order: string[]): LookupFunction => (_host, options, callback) => {
      const all = order.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof all) => void)(null, all);
      else callback(null, all[0]?.address ?? '', all[0]?.family ?? 4);
    };
    const v4 = await localServer(t, '127.0.0.1', () => [200, 'ok']);
    const v6 = await localServer(t, '::1', () => [200, 'ok']);
    assert.deepEqual(await attempt(settings({ url: `http://dual.test:${v4.port}/` }), never, 2000, { lookup: both(['::1', '127.0.0.1']) }), { ready: true });
    assert.deepEqual(await attempt(settings({ url: `http://dual.test:${v6.port}/` }), never, 2000, { lookup: both(['127.0.0.1', '::1']) }), { ready: true });
    const closed = await freePort();
    const refused = await attempt(settings({ url: `http://dual.test:${closed}/` }), never, 2000, { lookup: both(['::1', '127.0.0.1']) });
    assert.deepEqual(refused, { ready: false, reason: `ECONNREFUSED: nothing listens on [::1]:${closed} or 127.0.0.1:${closed}` });
    assert.deepEqual(await attempt(settings({ url: `http://localhost:${v4.port}/` }), never, 2000), { ready: true }, 'localhost through the system resolver');
  });

  test('https: a self-signed certificate is refused with a hint unless insecure: true', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [fixtureSpec('tls', 'http-health.js', [port, '--tls', '--healthy'])]);
    await h.pilot.start();
    await waitFor(() => h.lines('tls').some((l) => l.startsWith('listening')), 'the https fixture listening');
    const refused = await attempt(settings({ url: `https://127.0.0.1:${port}/health` }), never, 2000);
    assert.equal(refused.ready, false);
    assert.match(refused.ready ? '' : refused.reason, /^DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate \(trust the certificate, or set insecure: true to accept it unverified\)$/);
    assert.deepEqual(await attempt(settings({ url: `https://[::1]:${port}/health`, insecure: true }), never, 2000), { ready: false, reason: `ECONNREFUSED: nothing listens on [::1]:${port}` });
    assert.deepEqual(await attempt(settings({ url: `https://127.0.0.1:${port}/health`, insecure: true }), never, 2000), { ready: true });
  });

  test('aborting the wait ends the request in flight at once', async (t) => {
    const hang = createServer(() => {});
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    t.after(() => {
      hang.closeAllConnections();
      hang.close();
    });
    const address = hang.address();
    const abort = new AbortController();
    const pending = attempt(settings({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` }), abort.signal, 60_000);
    setTimeout(() => abort.abort(new Error('deadline')), 20);
    const t0 = performance.now();
    const result = await pending;
    assert.equal(result.ready, false);
    assert.ok(performance.now() - t0 < 1000, 'settled soon after the abort');
  });
});

describe('http ready: parameters', () => {
  test('statuses: a number, a class, a range, a comma list or a list; anything else says what is allowed', () => {
    const matches = (value: unknown, codes: number[]) => {
      const parsed = parseStatus(value);
      assert.ok(parsed.ok, JSON.stringify(value));
      return codes.filter((c) => parsed.spec.matches(c));
    };
    assert.deepEqual(matches(200, [199, 200, 201]), [200]);
    assert.deepEqual(matches('2XX', [199, 200, 299, 300]), [200, 299]);
    assert.deepEqual(matches('200-204', [199, 200, 204, 205]), [200, 204]);
    assert.deepEqual(matches(['3xx', 401], [301, 401, 404]), [301, 401]);
    assert.deepEqual(matches('200, 204', [200, 201, 204]), [200, 204]);
    assert.equal(parseStatus([200, '3xx']).ok && (parseStatus([200, '3xx']) as { spec: { text: string } }).spec.text, '200, 3xx');
    assert.deepEqual(parseStatus('600'), { ok: false, message: 'has "600", which is not a status 100-599, a class like "2xx" or a range like "200-299"' });
    assert.deepEqual(parseStatus('299-200'), { ok: false, message: 'has the range "299-200", which ends before it starts' });
    assert.equal(parseStatus(true).ok, false);
    assert.equal(parseStatus([]).ok, false);
  });

  test('every problem is named by its key, with a hint where one helps', () => {
    const problems = readSettings({ url: 'localhost:8080', methd: 'GET', method: 'GE T', headers: { 'Bad Name': 'x', Ok: 'a\r\nb' }, status: 'ok', attempt_timeout_sec: 0, interval_sec: 'fast', insecure: 'yes', body: 3 }).problems;
    assert.deepEqual(problems.map((p) => [p.key ?? null, p.message]), [
      ['methd', 'is not a parameter of the http strategy'],
      ['url', 'must use http:// or https://, got "localhost"'],
      ['method', 'must be an HTTP method such as GET or POST, got "GE T"'],
      ['headers.Bad Name', 'is not a valid header name'],
      ['headers.Ok', 'must not contain line breaks'],
      ['body', 'must be a string, an object or a list (sent as JSON), got number'],
      ['status', 'has "ok", which is not a status 100-599, a class like "2xx" or a range like "200-299"'],
      ['attempt_timeout_sec', 'must be a number > 0, got 0'],
      ['interval_sec', 'must be a number > 0, got "fast"'],
      ['insecure', 'must be true or false, got "yes"'],
    ]);
    assert.match(problems[0]?.hint ?? '', /did you mean "method"\?/);
    assert.deepEqual(readSettings({}).problems, [{ message: 'url is required', hint: 'ready_params: { url: "http://127.0.0.1:8080/health" }' }]);
    assert.deepEqual(readSettings({ url: 'not a url' }).problems.map((p) => p.hint), ['IPv6 hosts go in brackets: http://[::1]:8080/health']);
    assert.deepEqual(readSettings({ url: 'http://x/', insecure: true }).problems.map((p) => p.message), ['only applies to https:// URLs']);
  });
});
