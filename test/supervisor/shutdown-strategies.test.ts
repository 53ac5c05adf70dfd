// What happens when a running process ends by itself: restart (with readiness and a budget), stay down, or stop everything.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port.js';
import { isAlive } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

const pidOf = (h: ReturnType<typeof makeHarness>, name: string): number => {
  const pid = h.pilot.status().find((s) => s.name === name)?.pid;
  assert.ok(pid, `${name} has a pid`);
  return pid;
};

describe('shutdown_strategy: restart', () => {
  test('restarts after a crash, re-running readiness; dependents keep running', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [
      fixtureSpec('db', 'tcp-after.js', [port, 50], { readyStrategy: 'tcp', readyParams: { port }, restartPolicy: { backoffInitialSec: 0.05 } }),
      fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
    ]);
    await h.pilot.start();
    const apiPid = pidOf(h, 'api');
    const mark = h.events.length;
    process.kill(pidOf(h, 'db'), 'SIGKILL');
    const backoff = await h.waitEvent('backoff', (e) => e.process === 'db', 'db backoff', 10_000, mark);
    assert.equal(backoff.delayMs, 50);
    const ready = await h.waitEvent('ready', (e) => e.process === 'db', 'db ready again', 10_000, mark);
    const dbStates = h.ofType('state').filter((e) => e.process === 'db' && h.events.indexOf(e) >= mark).map((e) => e.to);
    assert.deepEqual(dbStates, ['backoff', 'starting', 'running']);
    assert.equal(ready.detail, `tcp 127.0.0.1:${port}`);
    assert.equal(pidOf(h, 'api'), apiPid, 'api was not restarted');
    const db = h.pilot.status().find((s) => s.name === 'db');
    assert.equal(db?.restarts, 1);
    assert.equal(h.ofType('exit').find((e) => e.process === 'db')?.signal, 'SIGKILL');
  });

  test('a grandchild that left the group (holding the output pipe) is killed before the restart, which does not wait for the pipe', async (t) => {
    const h = makeHarness(t, [fixtureSpec('holder', 'setsid-grandchild.js', ['holds-pipe'], { restartPolicy: { backoffInitialSec: 0 } })]);
    await h.pilot.start();
    const line = await h.waitEvent('line', (e) => e.line.startsWith('grandchild '), 'the grandchild pid');
    const grandchild = Number(line.line.split(' ')[1]);
    const killedAt = performance.now();
    process.kill(pidOf(h, 'holder'), 'SIGKILL');
    const restart = await h.waitEvent('spawn', (e) => e.attempt === 2, 'the restart');
    assert.ok(performance.now() - killedAt < 2000, 'the restart did not wait for the pipe to close');
    const sweep = h.ofType('sweep').find((e) => e.when === 'exit');
    assert.deepEqual(sweep?.killed, [{ process: 'holder', pid: grandchild }]);
    assert.ok(h.events.indexOf(sweep!) < h.events.indexOf(restart), 'swept before the new child was spawned');
    assert.equal(isAlive(grandchild), false, 'as systemd does with a control group: nothing of the old child outlives it');
  });

  test('a crash loop spends its budget and ends failed', async (t) => {
    const h = makeHarness(t, [fixtureSpec('loop', 'crash-loop.js', [], { restartPolicy: { backoffInitialSec: 0, maxRestarts: 3, windowSec: 60 } })]);
    await h.pilot.start();
    const failed = await h.waitEvent('state', (e) => e.to === 'failed', 'loop failed');
    assert.equal(failed.reason, 'exited with code 1; restart budget spent: 3 restarts within 60 s');
    assert.equal(h.ofType('spawn').length, 4);
    assert.deepEqual(h.ofType('backoff').map((e) => e.restarts), [1, 2, 3]);
    const status = h.pilot.status()[0];
    assert.equal(status?.state, 'failed');
    assert.equal(status?.exit_code, 1);
    assert.equal(status?.restarts, 3);
  });

  test('a restarted process that is not ready in time counts as a crash', async (t) => {
    const port = await freePort();
    const dir = tmpDir();
    t.after(dir.remove);
    const marker = join(dir.path, 'first-run');
    const h = makeHarness(t, [
      fixtureSpec('db', 'listens-first-run-only.js', [port, marker], {
        readyStrategy: 'tcp',
        readyParams: { port },
        restartPolicy: { backoffInitialSec: 0, maxRestarts: 2 },
      }),
    ]);
    await h.pilot.start();
    h.manifest.processes[0]!.readyTimeoutSec = 0.3; // the first run had the default; the later ones never listen
    const mark = h.events.length;
    process.kill(pidOf(h, 'db'), 'SIGKILL');
    const failed = await h.waitEvent('state', (e) => e.to === 'failed', 'db failed', 10_000, mark);
    assert.match(failed.reason ?? '', /^not ready: tcp 127\.0\.0\.1:\d+ not accepting connections after 0\.3s.*; restart budget spent: 2 restarts within 60 s$/);
    const states = h.ofType('state').filter((e) => h.events.indexOf(e) >= mark).map((e) => e.to);
    assert.deepEqual(states, ['backoff', 'starting', 'stopping', 'backoff', 'starting', 'stopping', 'failed']);
  });
});

describe('shutdown_strategy: do_not_restart', () => {
  test('exit code 0 → exited', async (t) => {
    const h = makeHarness(t, [fixtureSpec('job', 'exit-with.js', [0, 100], { shutdownStrategy: 'do_not_restart' })]);
    await h.pilot.start();
    const e = await h.waitEvent('state', (s) => s.to === 'exited', 'job exited');
    assert.equal(e.reason, 'exited with code 0');
    assert.equal(h.ofType('spawn').length, 1);
    assert.equal(h.pilot.status()[0]?.exit_code, 0);
  });

  test('a non-zero code or a signal → failed, with the reason', async (t) => {
    const h = makeHarness(t, [
      fixtureSpec('job', 'exit-with.js', [3, 100], { shutdownStrategy: 'do_not_restart' }),
      fixtureSpec('svc', 'forever.js', [], { shutdownStrategy: 'do_not_restart' }),
    ]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.process === 'svc' && e.line === 'armed', 'svc armed');
    process.kill(pidOf(h, 'svc'), 'SIGSEGV');
    const job = await h.waitEvent('state', (s) => s.process === 'job' && s.to === 'failed', 'job failed');
    const svc = await h.waitEvent('state', (s) => s.process === 'svc' && s.to === 'failed', 'svc failed');
    assert.equal(job.reason, 'exited with code 3');
    assert.equal(svc.reason, 'killed by SIGSEGV');
    assert.equal(h.ofType('spawn').length, 2);
    assert.equal(h.pilot.status()[1]?.signal, 'SIGSEGV');
  });
});

describe('shutdown_strategy: shutdown_everything', () => {
  test('stops the whole stack; done carries that exit code', async (t) => {
    const h = makeHarness(t, [
      fixtureSpec('other', 'forever.js'),
      fixtureSpec('main', 'exit-with.js', [7, 150], { shutdownStrategy: 'shutdown_everything', dependencies: ['other'] }),
    ]);
    await h.pilot.start();
    const done = await h.pilot.done;
    assert.deepEqual(done, { exitCode: 7, reason: '"main" exited with code 7' });
    assert.deepEqual(h.pilot.status().map((s) => s.state), ['stopped', 'failed']);
    assert.equal(h.ofType('stack').at(-1)?.phase, 'stopped');
  });

  test('killed by a signal → 128 + signo', async (t) => {
    const h = makeHarness(t, [fixtureSpec('main', 'forever.js', [], { shutdownStrategy: 'shutdown_everything' })]);
    await h.pilot.start();
    process.kill(pidOf(h, 'main'), 'SIGKILL');
    assert.deepEqual(await h.pilot.done, { exitCode: 137, reason: '"main" killed by SIGKILL' });
  });
});
