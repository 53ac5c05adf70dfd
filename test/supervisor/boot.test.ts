// Booting a stack: dependency order, parallel branches, tcp readiness, and every way a boot fails.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { freePort } from '../helpers/free-port.js';
import { fixtureBin } from '../helpers/paths.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

const tcp = (port: number): { readyStrategy: string; readyParams: { port: number } } => ({ readyStrategy: 'tcp', readyParams: { port } });

async function bootError(start: Promise<void>): Promise<PilotError> {
  const err = await start.then(
    () => assert.fail('start() should have rejected'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PilotError, `expected a PilotError, got ${String(err)}`);
  return err;
}

describe('boot', () => {
  test('a dependent spawns only after its dependency is ready', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [
      fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
      fixtureSpec('db', 'tcp-after.js', [port, 150], tcp(port)),
    ]);
    await h.pilot.start();
    const dbReady = await h.waitEvent('ready', (e) => e.process === 'db', 'db ready');
    const apiSpawn = await h.waitEvent('spawn', (e) => e.process === 'api', 'api spawn');
    assert.ok(apiSpawn.at >= dbReady.at, 'api spawned before db was ready');
    assert.ok(h.events.indexOf(apiSpawn) > h.events.indexOf(dbReady));
    assert.equal(dbReady.detail, `tcp 127.0.0.1:${port}`);
    assert.deepEqual(h.pilot.status().map((s) => [s.name, s.state]), [['api', 'running'], ['db', 'running']]);
    assert.equal(h.ofType('stack').at(-1)?.phase, 'up');
  });

  test('independent branches start in parallel', async (t) => {
    const [p1, p2] = [await freePort(), await freePort()];
    const h = makeHarness(t, [
      fixtureSpec('left', 'tcp-after.js', [p1, 300], tcp(p1)),
      fixtureSpec('right', 'tcp-after.js', [p2, 300], tcp(p2)),
      fixtureSpec('top', 'forever.js', [], { dependencies: ['left', 'right'] }),
    ]);
    await h.pilot.start();
    const order = h.events.filter((e) => e.type === 'spawn' || e.type === 'ready').map((e) => `${e.type}:${(e as { process: string }).process}`);
    assert.deepEqual(order.slice(0, 2).sort(), ['spawn:left', 'spawn:right'], `both spawned before either was ready: ${order.join(', ')}`);
    assert.equal(order.at(-1), 'ready:top');
  });

  test('a tcp strategy that never sees a listener times out: BOOT_FAILED naming process and what was awaited', async (t) => {
    const [port, otherPort] = [await freePort(), await freePort()];
    const h = makeHarness(t, [
      fixtureSpec('other', 'tcp-after.js', [otherPort, 0], tcp(otherPort)),
      fixtureSpec('db', 'tcp-after.js', [port, 60_000], { ...tcp(port), readyTimeoutSec: 1.5 }),
      fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
    ]);
    const err = await bootError(h.pilot.start());
    assert.equal(err.code, 'BOOT_FAILED');
    assert.equal(err.exitCode, 1);
    assert.equal(err.context.process, 'db');
    assert.match(String(err.context.detail), new RegExp(`^tcp 127\\.0\\.0\\.1:${port} not accepting connections after 1\\.5s`));
    assert.match(err.message, /^boot failed: "db" not ready: tcp 127\.0\.0\.1:\d+ not accepting connections/);
    assert.ok((err.context.lastLines as string[]).some((l) => l.startsWith('started ')), 'last lines of db are included');
    assert.equal(h.ofType('spawn').filter((e) => e.process === 'api').length, 0, 'api never started');
    assert.deepEqual(await h.pilot.done, { exitCode: 1, reason: err.message });
    const states = Object.fromEntries(h.pilot.status().map((s) => [s.name, s.state]));
    assert.deepEqual(states, { other: 'stopped', db: 'failed', api: 'stopped' });
  });

  test('a process that exits before it is ready fails the boot with its last lines', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [
      fixtureSpec('other', 'forever.js'),
      fixtureSpec('db', 'exit-with.js', [3, 50], tcp(port)),
    ]);
    const err = await bootError(h.pilot.start());
    assert.equal(err.code, 'BOOT_FAILED');
    assert.equal(err.context.process, 'db');
    assert.equal(err.context.reason, 'exited with code 3 before it was ready');
    assert.match(String(err.context.detail), new RegExp(`awaiting tcp 127\\.0\\.0\\.1:${port}`));
    assert.deepEqual(err.context.lastLines, ['exiting with 3 in 50 ms']);
    const stopped = await h.waitEvent('state', (e) => e.process === 'other' && e.to === 'stopped', 'other stopped');
    assert.equal(stopped.reason, err.message);
    assert.equal((await h.pilot.done).exitCode, 1);
  });

  test('a missing executable fails at once with a clear reason', async (t) => {
    const h = makeHarness(t, [{ ...fixtureSpec('api', 'forever.js'), command: '/nonexistent/bin/api', args: [] }]);
    const err = await bootError(h.pilot.start());
    assert.equal(err.context.reason, 'cannot start "api": /nonexistent/bin/api not found (ENOENT)');
    assert.equal(err.message, 'boot failed: cannot start "api": /nonexistent/bin/api not found (ENOENT)');
    assert.equal(h.ofType('spawn').length, 0);
    assert.equal(h.pilot.status()[0]?.reason, 'cannot start "api": /nonexistent/bin/api not found (ENOENT)');
  });

  test('a working directory that does not exist fails the start', async (t) => {
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { workingDirectory: '/nonexistent/dir' })]);
    const err = await bootError(h.pilot.start());
    assert.equal(err.context.reason, 'cannot start "api": working directory /nonexistent/dir not found (ENOENT)');
  });

  test('an executable that vanishes before a restart fails the unit instead of looping', async (t) => {
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js')]);
    const exe = join(h.home, 'api.js');
    copyFileSync(fixtureBin('forever.js'), exe);
    h.manifest.processes[0]!.command = exe;
    h.manifest.processes[0]!.args = [];
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'armed', 'api armed');
    rmSync(exe);
    process.kill(h.pilot.status()[0]!.pid!, 'SIGKILL');
    const failed = await h.waitEvent('state', (e) => e.to === 'failed', 'api failed');
    assert.equal(failed.reason, `cannot start "api": ${exe} not found (ENOENT)`);
    assert.equal(h.ofType('spawn').length, 1);
    assert.equal(h.ofType('backoff').length, 1);
    assert.equal(h.pilot.status()[0]?.state, 'failed');
  });
});
