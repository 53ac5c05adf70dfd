// Single-process operations on a running stack: restart (joined, ordered), stop, start, unknown names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotError } from '../../src/errors.js';
import { freePort } from '../helpers/free-port.js';
import { isAlive } from '../helpers/procs.js';
import { makeHarness, type Harness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

const pidOf = (h: Harness, name: string): number | null => h.pilot.status().find((s) => s.name === name)?.pid ?? null;
const since = (h: Harness, mark: number): string[] =>
  h.events.slice(mark).flatMap((e) => (e.type === 'spawn' || e.type === 'ready' ? [`${e.type}:${e.process}`] : []));

async function rejection(p: Promise<unknown>): Promise<PilotError> {
  const err = await p.then(() => null, (e: unknown) => e);
  assert.ok(err instanceof PilotError, `expected a PilotError, got ${String(err)}`);
  return err;
}

describe('restart', () => {
  test('two restarts of one process at once join: one new pid', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
    await h.pilot.start();
    const before = pidOf(h, 'svc');
    await Promise.all([h.pilot.restart(['svc']), h.pilot.restart(['svc'])]);
    const spawns = h.ofType('spawn');
    assert.equal(spawns.length, 2);
    assert.notEqual(pidOf(h, 'svc'), before);
    assert.equal(pidOf(h, 'svc'), spawns[1]?.pid);
    assert.equal(isAlive(before ?? 0), false);
    assert.equal(h.pilot.status()[0]?.restarts, 1);
  });

  test('with dependents: in dependency order, each ready before the next; others untouched', async (t) => {
    const [p1, p2] = [await freePort(), await freePort()];
    const h = makeHarness(t, [
      fixtureSpec('db', 'tcp-after.js', [p1, 100], { readyStrategy: 'tcp', readyParams: { port: p1 } }),
      fixtureSpec('api', 'tcp-after.js', [p2, 100], { readyStrategy: 'tcp', readyParams: { port: p2 }, dependencies: ['db'] }),
      fixtureSpec('web', 'forever.js', [], { dependencies: ['api'] }),
      fixtureSpec('other', 'forever.js', [], { dependencies: ['db'] }),
      fixtureSpec('lone', 'forever.js'),
    ]);
    await h.pilot.start();
    const lone = pidOf(h, 'lone');
    const mark = h.events.length;
    await h.pilot.restart(['api'], { withDependents: true });
    assert.deepEqual(since(h, mark), ['spawn:api', 'ready:api', 'spawn:web', 'ready:web']);
    const mark2 = h.events.length;
    await h.pilot.restart(['db'], { withDependents: true });
    const order = since(h, mark2);
    assert.deepEqual(order.slice(0, 2), ['spawn:db', 'ready:db']);
    assert.ok(order.indexOf('ready:api') < order.indexOf('spawn:web'), order.join(', '));
    assert.deepEqual([...order].sort(), ['ready:api', 'ready:db', 'ready:other', 'ready:web', 'spawn:api', 'spawn:db', 'spawn:other', 'spawn:web']);
    assert.equal(pidOf(h, 'lone'), lone);
  });

  test('without dependents, dependents keep running', async (t) => {
    const h = makeHarness(t, [fixtureSpec('db', 'forever.js'), fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] })]);
    await h.pilot.start();
    const api = pidOf(h, 'api');
    await h.pilot.restart(['db']);
    assert.equal(pidOf(h, 'api'), api);
    assert.equal(h.ofType('spawn').filter((e) => e.process === 'db').length, 2);
  });

  test('unknown names: UNKNOWN_PROCESS listing the valid ones, nothing restarted', async (t) => {
    const h = makeHarness(t, [fixtureSpec('db', 'forever.js'), fixtureSpec('api', 'forever.js')]);
    await h.pilot.start();
    const err = await rejection(h.pilot.restart(['db', 'nope', 'nada']));
    assert.equal(err.code, 'UNKNOWN_PROCESS');
    assert.equal(err.exitCode, 2);
    assert.equal(err.message, 'unknown processes "nope", "nada" (processes: db, api)');
    assert.deepEqual(err.context.valid, ['db', 'api']);
    assert.equal(h.ofType('spawn').length, 2);
    for (const op of [h.pilot.stopProcesses(['x']), h.pilot.startProcesses(['x'])]) assert.equal((await rejection(op)).code, 'UNKNOWN_PROCESS');
    assert.throws(() => h.pilot.tail('x'), (e: unknown) => e instanceof PilotError && e.code === 'UNKNOWN_PROCESS');
  });

  test('a restart that is not ready in time rejects with the reason', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [fixtureSpec('db', 'tcp-after.js', [port, 0], { readyStrategy: 'tcp', readyParams: { port } })]);
    await h.pilot.start();
    // the unit reads its spec at each spawn: from now on db listens only after a minute, and may take 0.3 s
    const spec = h.manifest.processes[0]!;
    spec.args = [spec.args[0]!, String(port), '60000'];
    spec.readyTimeoutSec = 0.3;
    const err = await rejection(h.pilot.restart(['db']));
    assert.equal(err.code, 'READY_FAILED');
    assert.match(err.message, /^not ready: tcp 127\.0\.0\.1:\d+ not accepting connections after 0\.3s/);
    assert.equal(h.pilot.status()[0]?.state, 'failed');
  });
});

describe('stop and start single processes', () => {
  test('a stopped process stays stopped; start brings it back once its dependencies run', async (t) => {
    const h = makeHarness(t, [fixtureSpec('db', 'forever.js'), fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] })]);
    await h.pilot.start();
    await h.pilot.stopProcesses(['api', 'db']);
    assert.deepEqual(h.ofType('exit').map((e) => [e.process, e.requested]), [['api', true], ['db', true]]);
    assert.deepEqual(h.pilot.status().map((s) => [s.state, s.pid]), [['stopped', null], ['stopped', null]]);
    // nothing is pending that would bring them back
    await h.pilot.stopProcesses(['db']);
    assert.equal(h.ofType('spawn').length, 2);
    const mark = h.events.length;
    await h.pilot.startProcesses(['api']);
    assert.deepEqual(since(h, mark), ['spawn:db', 'ready:db', 'spawn:api', 'ready:api']);
    assert.deepEqual(h.pilot.status().map((s) => s.state), ['running', 'running']);
  });

  test('starting a running process is a no-op', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
    await h.pilot.start();
    await h.pilot.startProcesses(['svc']);
    assert.equal(h.ofType('spawn').length, 1);
  });

  test('operations on a stopped stack are refused', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
    await h.pilot.start();
    await h.pilot.stop();
    const err = await rejection(h.pilot.restart(['svc']));
    assert.equal(err.code, 'NOT_RUNNING');
    assert.equal(h.ofType('spawn').length, 1);
  });
});
