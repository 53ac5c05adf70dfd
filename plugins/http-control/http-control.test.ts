// The http control server end to end: a real `pilot up` supervisor, real HTTP clients. Auth (401), every
// route and its errors as JSON with their status, SSE history then live lines with ids, heartbeats and
// resumption, the event stream, a slow reader that never holds the supervisor up, and a stop that ends
// every stream and closes every connection.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { startUp } from '../../test/helpers/cli-up.js';
import { firstPartyDir, firstPartyPlugins } from '../../test/helpers/first-party.js';
import { freePort } from '../../test/helpers/free-port.js';
import { fetchHttp, openSse, type SseEvent } from '../../test/helpers/http-client.js';
import { expandManifest } from '../../test/helpers/manifest-file.js';
import { makeHarness } from '../../test/helpers/supervisor-harness.js';
import { fixtureSpec } from '../../test/helpers/supervisor-spec.js';
import { tmpDir } from '../../test/helpers/tmp.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { readSettings } from './lib/settings.js';
import { httpErrorOf } from './lib/responses.js';

interface Address {
  url: string;
  host: string;
  port: number;
  pid: number;
  token_file: string;
}

/** `pilot up` of a stack with the http control server; resolves once every process is ready. */
async function boot(t: TestContext, processes: string, params: Record<string, unknown> = {}) {
  const dir = tmpDir('pilot-http-control-');
  t.after(dir.remove);
  const addressFile = join(dir.path, 'address.json');
  const manifest = join(dir.path, 'pilot.yaml');
  const serverParams = { address_file: addressFile, heartbeat_sec: 0.2, ...params };
  writeFileSync(manifest, expandManifest(`plugin_directory: ${JSON.stringify(firstPartyDir('http-control'))}\ncontrol_server: http\ncontrol_server_params: ${JSON.stringify(serverParams)}\nprocesses:\n${processes}`));
  const up = startUp(t, manifest);
  await up.waitForText('all processes ready');
  const address = JSON.parse(readFileSync(addressFile, 'utf8')) as Address;
  const token = readFileSync(address.token_file, 'utf8').trim();
  const call = (path: string, options: { method?: string; headers?: Record<string, string> } = {}) => fetchHttp(`${address.url}${path}`, { token, ...options });
  const pidOf = async (name: string): Promise<number> => ((await call(`/processes/${name}`)).json as { pid: number }).pid;
  return { up, dir: dir.path, manifest, addressFile, address, token, call, pidOf, sse: (path: string, headers?: Record<string, string>) => openSse(`${address.url}${path}`, token, headers) };
}

const process_ = (name: string, fixture: string, args: (string | number)[] = [], extra = '') =>
  `  - name: ${name}\n    path: $NODE\n    args: [$FIX(${fixture})${args.map((a) => `, ${JSON.stringify(String(a))}`).join('')}]\n${extra}`;

const errorOf = (json: unknown) => (json as { error: { code: string; message: string; process?: { state: string } } }).error;
const lineTexts = (events: SseEvent[]) => events.filter((e) => e.event === 'line').map((e) => (JSON.parse(e.data) as { line: string }).line);

describe('http control server end to end', () => {
  test('a bearer token is required: 401 without one, with a wrong one, or another scheme; the token and address files are 0600', async (t) => {
    const s = await boot(t, process_('api', 'forever.js'));
    const stateDir = stackPaths(s.manifest, { PILOT_HOME: s.up.home }).dir;
    assert.equal(s.address.token_file, join(stateDir, 'http-control.token'));
    assert.match(s.address.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(s.address.port, Number(s.address.url.split(':').at(-1)));
    for (const file of [s.address.token_file, s.addressFile]) assert.equal(statSync(file).mode & 0o777, 0o600, file);
    assert.ok(s.token.length >= 32);
    assert.match(s.up.output(), new RegExp(`\\[http-control\\] listening on ${s.address.url.replace(/\./g, '\\.')} \\(bearer token in .*http-control\\.token, just generated; address in .*address\\.json\\)`));

    const none = await fetchHttp(`${s.address.url}/processes`);
    assert.equal(none.status, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="pilot"');
    assert.equal(errorOf(none.json).code, 'unauthorized');
    assert.match(errorOf(none.json).message, /^a bearer token is required: send "Authorization: Bearer <token>"; the token is in .*http-control\.token$/);
    const wrong = await fetchHttp(`${s.address.url}/processes`, { token: `${s.token}x` });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers['www-authenticate'], 'Bearer realm="pilot", error="invalid_token"');
    assert.equal((await fetchHttp(`${s.address.url}/processes`, { headers: { authorization: `Basic ${s.token}` } })).status, 401);
    assert.equal((await fetchHttp(`${s.address.url}/no-such-route`)).status, 401, 'routes are not revealed without the token');
    const ok = await s.call('/processes');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('routes: status, one process, restart (a new pid), stop, start; 404, 405, 400 and 502 as JSON', async (t) => {
    const port = await freePort();
    const marker = join(tmpDir('pilot-http-flaky-').path, 'marker');
    const s = await boot(t, process_('api', 'prints-when-told.js', ['hello']) + process_('flaky', 'listens-first-run-only.js', [port, marker], `    ready_strategy: tcp\n    ready_timeout_sec: 3\n    ready_params: { port: ${port} }\n`));
    const index = await s.call('/');
    assert.deepEqual((index.json as { routes: { method: string; path: string }[] }).routes.map((r) => `${r.method} ${r.path}`), [
      'GET /',
      'GET /processes',
      'GET /processes/{name}',
      'POST /processes/{name}/restart',
      'POST /processes/{name}/stop',
      'POST /processes/{name}/start',
      'GET /processes/{name}/logs',
      'GET /logs',
      'GET /events',
      'POST /shutdown',
    ]);
    const all = (await s.call('/processes')).json as { name: string; state: string }[];
    assert.deepEqual(all.map((p) => [p.name, p.state]), [['api', 'running'], ['flaky', 'running']]);
    const before = await s.pidOf('api');

    const restarted = await s.call('/processes/api/restart', { method: 'POST' });
    assert.equal(restarted.status, 200);
    const after = restarted.json as { name: string; state: string; pid: number; restarts: number };
    assert.deepEqual([after.name, after.state, after.restarts], ['api', 'running', 1]);
    assert.notEqual(after.pid, before, 'a restart gives a new pid');
    assert.equal((await s.call('/processes/api/stop', { method: 'POST' })).status, 200);
    assert.equal(((await s.call('/processes/api')).json as { state: string }).state, 'stopped');
    const started = await s.call('/processes/api/start', { method: 'POST' });
    assert.equal((started.json as { state: string }).state, 'running');

    const failed = await s.call('/processes/flaky/restart', { method: 'POST' });
    assert.equal(failed.status, 502);
    assert.equal(errorOf(failed.json).code, 'process_failed');
    assert.match(errorOf(failed.json).message, /not ready/);
    assert.ok(['failed', 'backoff', 'starting'].includes(errorOf(failed.json).process?.state ?? ''), JSON.stringify(failed.json));

    const cases: [string, string, number, string, RegExp][] = [
      ['GET', '/processes/nope', 404, 'not_found', /^unknown process "nope" \(processes: api, flaky\)$/],
      ['POST', '/processes/nope/restart', 404, 'not_found', /^unknown process "nope"/],
      ['GET', '/nope', 404, 'not_found', /^no route \/nope \(GET \/ lists the routes\)$/],
      ['POST', '/processes', 405, 'method_not_allowed', /^POST is not allowed on \/processes \(allowed: GET\)$/],
      ['DELETE', '/processes/api/restart', 405, 'method_not_allowed', /allowed: POST/],
      ['GET', '/processes/api/logs?n=abc', 400, 'bad_request', /^query parameter n must be a whole number ≥ 0, got "abc"$/],
      ['GET', '/processes/api/logs?lines=3', 400, 'bad_request', /^unknown query parameter "lines" \(this route takes: n, follow\)$/],
      ['POST', '/processes/api/restart?with_dependents=maybe', 400, 'bad_request', /must be true or false/],
      ['GET', '/processes/%E0%A4%A', 400, 'bad_request', /malformed percent-encoding/],
    ];
    for (const [method, path, status, code, message] of cases) {
      const res = await s.call(path, { method });
      assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
      assert.equal(errorOf(res.json).code, code, `${method} ${path}`);
      assert.match(errorOf(res.json).message, message, `${method} ${path}`);
      assert.doesNotMatch(res.text, /\n\s+at /, 'no stack trace');
    }
    assert.equal((await s.call('/processes', { method: 'POST' })).headers.allow, 'GET');
  });

  test('logs as Server-Sent Events: the history, then live lines, with ids and heartbeats; Last-Event-ID resumes; follow=false is JSON', async (t) => {
    const s = await boot(t, process_('api', 'prints-when-told.js', ['now live']) + process_('db', 'forever.js'));
    await s.up.waitForText(/warming up[\s\S]*armed|armed[\s\S]*warming up/);
    const history = (await s.call('/processes/api/logs?follow=false')).json as { process: string; stream: string; line: string }[];
    assert.deepEqual(history.map((l) => [l.process, l.stream, l.line]), [['api', 'stdout', 'booting'], ['api', 'stderr', 'warming up']]);

    const live = await s.sse('/processes/api/logs?n=10');
    assert.equal(live.response.headers['cache-control'], 'no-store');
    await live.until((e) => lineTexts(e).length === 2, 'the history');
    process.kill(await s.pidOf('api'), 'SIGUSR1');
    await live.until((e) => lineTexts(e).length === 3, 'the live line');
    assert.deepEqual(lineTexts(live.events), ['booting', 'warming up', 'now live']);
    const ids = live.events.map((e) => e.id ?? '');
    assert.ok(ids.every((id) => /^\d+-\d+$/.test(id)), ids.join(' '));
    const order = ids.map((id) => id.split('-').map(Number) as [number, number]);
    assert.ok(order.every((cur, i) => i === 0 || cur[0] > (order[i - 1]?.[0] ?? 0) || (cur[0] === order[i - 1]?.[0] && cur[1] > (order[i - 1]?.[1] ?? 0))), 'ids increase');
    await waitFor(() => live.comments.includes('heartbeat'), 'a heartbeat');

    const resumed = await s.sse('/processes/api/logs', { 'last-event-id': ids[0] ?? '' });
    await resumed.until((e) => lineTexts(e).length === 2, 'the lines after the first');
    assert.deepEqual(lineTexts(resumed.events), ['warming up', 'now live']);
    assert.deepEqual(resumed.events.map((e) => e.id), ids.slice(1), 'the same lines have the same ids');

    const both = await s.sse('/logs?names=api,db&n=1');
    await both.until((e) => lineTexts(e).length === 2, 'the last line of each');
    assert.deepEqual(both.events.map((e) => (JSON.parse(e.data) as { process: string }).process).sort(), ['api', 'db']);
    for (const reader of [live, resumed, both]) reader.close();
  });

  test('the event stream: state changes of a restart, numbered; an unknown name is a 404, not a stream', async (t) => {
    const s = await boot(t, process_('api', 'forever.js'));
    const events = await s.sse('/events?names=api');
    assert.equal((await s.call('/processes/api/restart', { method: 'POST' })).status, 200);
    await events.until((e) => e.some((x) => x.event === 'ready'), 'the ready event of the restart');
    const states = events.events.filter((e) => e.event === 'state').map((e) => JSON.parse(e.data) as { type: string; process: string; to: string });
    const path = states.map((e) => e.to);
    assert.ok(path.indexOf('stopping') >= 0 && path.indexOf('stopping') < path.indexOf('starting') && path.at(-1) === 'running', path.join(' → '));
    assert.ok(states.every((e) => e.type === 'state' && e.process === 'api'));
    assert.deepEqual(events.events.map((e) => e.id), events.events.map((_e, i) => String(i + 1)));
    await assert.rejects(s.sse('/events?names=nope'), /not an event stream: 404 [\s\S]*unknown process \\"nope\\"/);
    events.close();
  });

  test('a client that does not read never holds the supervisor up: it misses events and is told how many', async (t) => {
    const count = 30_000;
    // 30,000 lines of 200 characters, 300 every 10 ms: some 9 MB of events, more than a paused client's
    // socket buffers and its 1 MiB in pilot hold.
    const s = await boot(t, process_('burst', 'burst-on-signal.js', [count, 200, 300]), { max_buffered_kb: 1024 });
    await s.up.waitForText('armed'); // its SIGUSR1 handler is in place
    const { port } = new URL(s.address.url);
    const slow: Socket = connect(Number(port), '127.0.0.1');
    slow.pause(); // reads nothing until told
    slow.write(`GET /processes/burst/logs?n=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${s.token}\r\n\r\n`);
    const reader = await s.sse('/processes/burst/logs?n=0');
    await waitFor(() => slow.writableLength === 0, 'the slow request sent');
    process.kill(await s.pidOf('burst'), 'SIGUSR1');
    // While the burst streams out, the supervisor answers at once.
    const t0 = performance.now();
    assert.equal((await s.call('/processes')).status, 200);
    assert.ok(performance.now() - t0 < 2000, `a request took ${performance.now() - t0} ms during the burst`);

    // Every line reaches a client or is counted in a notice (one each time it fell behind and caught up).
    const tally = (events: { event: string; data: string }[]) => {
      const notices = events.filter((e) => e.event === 'dropped').map((e) => JSON.parse(e.data) as { dropped: number; message: string });
      return { sent: events.filter((e) => e.event === 'line').length, dropped: notices.reduce((sum, n) => sum + n.dropped, 0), notices };
    };
    // (a reader slowed by a loaded machine may have the last line dropped too: it is then in a notice)
    let counted = 0;
    let accounted = 0; // lines, and lines dropped, in the events counted so far
    await reader.until((e) => {
      for (; counted < e.length; counted++) {
        const x = e[counted];
        if (x?.event === 'line') accounted += 1;
        else if (x?.event === 'dropped') accounted += (JSON.parse(x.data) as { dropped: number }).dropped;
      }
      return accounted >= count + 1;
    }, 'every line of the burst sent or counted as dropped at the reading client', 60_000);
    const read = tally(reader.events);
    assert.equal(read.sent + read.dropped, count + 1);
    const numbers = reader.events.filter((e) => e.event === 'line').map((e) => Number(/"burst (\d+) /.exec(e.data)?.[1] ?? count + 1));
    assert.ok(numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0)), 'in order, none twice');

    let text = '';
    slow.setEncoding('utf8');
    slow.on('data', (chunk: string) => (text += chunk));
    slow.resume();
    const parse = () => text.split('\n\n').flatMap((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      return event === undefined ? [] : [{ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '' }];
    });
    await waitFor(() => {
      const { sent, dropped } = tally(parse());
      return sent + dropped === count + 1;
    }, 'every line sent or counted as dropped at the slow client', 60_000, 50);
    const missed = tally(parse());
    assert.ok(missed.dropped > read.dropped && missed.dropped > 0, `the paused client missed ${missed.dropped} events, the reading one ${read.dropped}`);
    assert.match(missed.notices[0]?.message ?? '', /^\d+ events were dropped: this client read too slowly$/);
    slow.destroy();
    reader.close();
  });

  test('stopping the stack: an operation meanwhile is a 409; then every stream ends, every connection closes, the address file goes', async (t) => {
    // stubborn ignores SIGTERM: the stack takes its 1.5 s of grace to stop, while the server still answers.
    const s = await boot(t, process_('api', 'forever.js') + process_('stubborn', 'ignores-sigterm.js', [], '    timeout: 1.5\n'));
    await s.up.waitForText(/stubborn \| armed/);
    const logs = await s.sse('/processes/api/logs');
    const events = await s.sse('/events');
    // An idle keep-alive connection, after one answered request.
    const idle = connect(s.address.port, '127.0.0.1');
    let idleText = '';
    idle.on('data', (d: Buffer) => (idleText += d.toString()));
    idle.write(`GET /processes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${s.token}\r\nConnection: keep-alive\r\n\r\n`);
    await waitFor(() => idleText.includes('"name": "api"'), 'the keep-alive answer');
    const idleClosed = new Promise<void>((resolve) => idle.on('close', () => resolve()));

    const down = await s.call('/shutdown', { method: 'POST' });
    assert.deepEqual([down.status, down.json], [202, { stopping: true }]);
    await waitFor(async () => ((await s.call('/processes/stubborn')).json as { state: string }).state === 'stopping', 'stubborn stopping');
    const late = await s.call('/processes/api/start', { method: 'POST' });
    assert.equal(late.status, 409, late.text);
    assert.equal(errorOf(late.json).code, 'conflict');
    assert.match(errorOf(late.json).message, /stopping/);
    await Promise.all([logs.ended, events.ended, idleClosed]);
    for (const reader of [logs, events]) assert.deepEqual(reader.events.at(-1), { event: 'end', data: '{"reason":"the stack stopped"}' });
    assert.ok(events.events.some((e) => e.event === 'stack' && (JSON.parse(e.data) as { phase: string }).phase === 'stopping'));
    assert.equal(await s.up.exited, 0);
    assert.equal(existsSync(s.addressFile), false);
    assert.deepEqual(s.up.leftovers(), []);
  });
});

describe('http control server: parameters and failures', () => {
  test('parameters: loopback hosts only, a port 0-65535, times and sizes > 0', () => {
    const problems = (params: Record<string, unknown>) => readSettings(params).problems.map((p) => [p.key ?? null, p.message]);
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ host: '::1' }), []);
    assert.deepEqual(problems({ host: 'localhost', port: 8080 }), []);
    assert.deepEqual(problems({ host: '0.0.0.0', port: 70000, heartbeat_sec: 0, max_buffered_kb: -1, tokenfile: 'x' }), [
      ['tokenfile', 'is not a parameter of the http control server'],
      ['host', 'must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"'],
      ['port', 'must be an integer ≥ 0 and ≤ 65535, got 70000'],
      ['heartbeat_sec', 'must be a number > 0, got 0'],
      ['max_buffered_kb', 'must be a number > 0, got -1'],
    ]);
  });

  test('pilot errors map to statuses: unknown process 404, a stack not up 409, a failed start 502, anything else 500', () => {
    const of = (code: string) => {
      const e = httpErrorOf(Object.assign(new Error('m'), { code }));
      return [e.status, e.code];
    };
    assert.deepEqual([of('UNKNOWN_PROCESS'), of('NOT_RUNNING'), of('UNKILLABLE'), of('READY_FAILED'), of('HOOK_FAILED'), of('WHATEVER')], [
      [404, 'not_found'],
      [409, 'conflict'],
      [409, 'conflict'],
      [502, 'process_failed'],
      [502, 'process_failed'],
      [500, 'internal'],
    ]);
    assert.equal(httpErrorOf(new Error('boom')).message, 'internal error: boom');
  });

  test('a given token file is used; one others may read, or a port in use, keeps the server from starting and the stack runs on', async (t) => {
    const plugins = await firstPartyPlugins('http-control');
    const dir = tmpDir('pilot-http-token-');
    t.after(dir.remove);
    const tokenFile = join(dir.path, 'token');
    writeFileSync(tokenFile, 'my-own-token\n', { mode: 0o600 });
    const addressFile = join(dir.path, 'address.json');
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins }, manifest: { controlServer: 'http', controlServerParams: { token_file: tokenFile, address_file: addressFile } } });
    await h.pilot.start();
    const { url } = JSON.parse(readFileSync(addressFile, 'utf8')) as Address;
    assert.equal((await fetchHttp(`${url}/processes`, { token: 'my-own-token' })).status, 200);
    await h.pilot.stop();

    const open = join(dir.path, 'open-token');
    writeFileSync(open, 'shared\n', { mode: 0o644 });
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    t.after(() => busy.close());
    const busyPort = (busy.address() as { port: number }).port;
    for (const [params, why] of [
      [{ token_file: open }, /token file .*open-token may be read by others \(mode 644\): chmod 600 /],
      [{ port: busyPort, address_file: join(dir.path, 'a2.json') }, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${busyPort}: the port is in use`)],
    ] as const) {
      const other = makeHarness(t, [fixtureSpec('api', 'forever.js')], { pilot: { plugins }, manifest: { controlServer: 'http', controlServerParams: params } });
      await other.pilot.start();
      const report = other.ofType('plugin').find((e) => e.level === 'error');
      assert.match(report?.message ?? '', why);
      assert.match(report?.message ?? '', /the stack runs without it$/);
      assert.equal(other.pilot.status()[0]?.state, 'running');
    }
  });
});
