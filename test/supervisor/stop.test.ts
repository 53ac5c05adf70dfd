// Stopping: reverse dependency order, escalation, whole process groups, setsid escapees, kill() and joins.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotError } from '../../src/errors.js';
import { freePort } from '../helpers/free-port.js';
import { isAlive, pidsWithEnv } from '../helpers/procs.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';

describe('stop', () => {
  test('dependents stop before their dependencies; independent ones in parallel', async (t) => {
    const h = makeHarness(t, [
      fixtureSpec('db', 'forever.js'),
      fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
      fixtureSpec('web', 'forever.js', [], { dependencies: ['api'] }),
      fixtureSpec('side', 'ignores-sigterm.js', [], { timeout: 2 }),
    ]);
    await h.pilot.start();
    await Promise.all(['db', 'api', 'web', 'side'].map((p) => h.waitEvent('line', (e) => e.process === p && e.line === 'armed', `${p} armed`)));
    await h.pilot.stop();
    const exits = h.ofType('exit').map((e) => e.process);
    assert.deepEqual(exits.filter((p) => p !== 'side'), ['web', 'api', 'db']);
    // side was signalled with the others but holds out for its 2 s grace period; the chain did not wait for it
    assert.equal(exits.at(-1), 'side');
    // (its own "ignoring SIGTERM" line comes through a pipe, maybe after db's exit: the order is the state change's)
    const sideSignalled = h.events.findIndex((e) => e.type === 'state' && e.process === 'side' && e.to === 'stopping');
    assert.ok(sideSignalled >= 0 && sideSignalled < h.events.findIndex((e) => e.type === 'exit' && e.process === 'db'), 'side was signalled before the chain was done');
    assert.ok(h.lines('side').includes('ignoring SIGTERM'), 'the signal reached side');
    assert.ok(h.ofType('exit').every((e) => e.requested));
    assert.deepEqual(h.pilot.status().map((s) => s.state), ['stopped', 'stopped', 'stopped', 'stopped']);
    assert.deepEqual(await h.pilot.done, { exitCode: 0, reason: 'stop requested' });
  });

  test('escalates to SIGKILL after `timeout` for a process that ignores SIGTERM', async (t) => {
    const h = makeHarness(t, [fixtureSpec('stubborn', 'ignores-sigterm.js', [], { timeout: 0.3 })]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'armed', 'handler installed');
    const started = performance.now();
    await h.pilot.stop();
    // (its timer counts from the event loop's cached time, which may be a little before `started`, more on a loaded machine)
    assert.ok(performance.now() - started >= 250, 'the grace period was honoured');
    const exit = h.ofType('exit')[0];
    assert.equal(exit?.signal, 'SIGKILL');
    assert.ok(h.lines('stubborn').includes('ignoring SIGTERM'));
    assert.equal(h.pilot.status()[0]?.state, 'stopped');
  });

  test('uses stop_signal', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js', [], { stopSignal: 'SIGINT' })]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'armed', 'svc armed');
    await h.pilot.stop();
    assert.equal(h.ofType('exit')[0]?.signal, 'SIGINT');
  });

  test('grandchildren die with their process group, on stop and when the leader dies', async (t) => {
    const h = makeHarness(t, [fixtureSpec('tree', 'grandchildren.js', [], { shutdownStrategy: 'do_not_restart' }), fixtureSpec('tree2', 'grandchildren.js')]);
    await h.pilot.start();
    const pidsOf = async (p: string): Promise<number[]> =>
      (await h.waitEvent('line', (e) => e.process === p && e.line.startsWith('grandchildren '), `${p} grandchildren`)).line.split(' ').slice(1).map(Number);
    const [first, second] = [await pidsOf('tree'), await pidsOf('tree2')];
    assert.equal(first.length, 2);
    assert.ok([...first, ...second].every(isAlive));
    process.kill(h.pilot.status()[0]!.pid!, 'SIGKILL');
    await waitFor(() => first.every((pid) => !isAlive(pid)), 'the grandchildren of a dead leader to be gone');
    await h.pilot.stop();
    assert.deepEqual(second.filter(isAlive), [], 'grandchildren survived the stop');
  });

  test('a grandchild that escaped with setsid is swept after the stop', async (t) => {
    const h = makeHarness(t, [fixtureSpec('escaper', 'setsid-grandchild.js')]);
    await h.pilot.start();
    const line = await h.waitEvent('line', (e) => e.line.startsWith('grandchild '), 'grandchild pid');
    const pid = Number(line.line.split(' ')[1]);
    assert.ok(isAlive(pid));
    assert.ok(pidsWithEnv('PILOT_STACK', h.stackId).includes(pid), 'the grandchild carries the stack marker');
    await h.pilot.stop();
    assert.equal(isAlive(pid), false);
    assert.deepEqual(h.ofType('sweep').at(-1)?.killed, [{ process: 'escaper', pid }]);
  });

  test('kill() SIGKILLs every group at once, even during a graceful stop', async (t) => {
    const h = makeHarness(t, [
      fixtureSpec('a', 'ignores-sigterm.js', [], { timeout: 30 }),
      fixtureSpec('b', 'ignores-sigterm.js', [], { timeout: 30, dependencies: ['a'] }),
    ]);
    await h.pilot.start();
    await Promise.all(['a', 'b'].map((p) => h.waitEvent('line', (e) => e.process === p && e.line === 'armed', `${p} armed`)));
    const graceful = h.pilot.stop();
    await h.waitEvent('line', (e) => e.line === 'ignoring SIGTERM', 'b got SIGTERM');
    const started = performance.now();
    await h.pilot.kill();
    await graceful;
    assert.ok(performance.now() - started < 5000, 'kill() did not wait for the grace period');
    assert.deepEqual(h.ofType('exit').map((e) => e.signal), ['SIGKILL', 'SIGKILL']);
    assert.deepEqual(h.pilot.status().map((s) => s.state), ['stopped', 'stopped']);
  });

  test('stop() is idempotent and concurrent calls join', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
    await h.pilot.start();
    await Promise.all([h.pilot.stop('first'), h.pilot.stop('second')]);
    await h.pilot.stop('third');
    assert.deepEqual(h.ofType('stack').map((e) => e.phase), ['booting', 'up', 'stopping', 'stopped']);
    assert.deepEqual(await h.pilot.done, { exitCode: 0, reason: 'first' });
    assert.equal(h.ofType('exit').length, 1);
  });

  test('a stop during boot cancels the boot', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [
      fixtureSpec('slow', 'tcp-after.js', [port, 60_000], { readyStrategy: 'tcp', readyParams: { port } }),
      fixtureSpec('after', 'forever.js', [], { dependencies: ['slow'] }),
    ]);
    const start = h.pilot.start();
    await h.waitEvent('spawn', (e) => e.process === 'slow', 'slow spawned');
    await h.pilot.stop('user pressed Ctrl-C');
    const err = await start.then(() => null, (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'BOOT_FAILED');
    assert.equal(err.message, 'boot interrupted: user pressed Ctrl-C');
    assert.deepEqual(h.pilot.status().map((s) => s.state), ['stopped', 'stopped']);
    assert.equal(h.ofType('spawn').length, 1);
  });
});
