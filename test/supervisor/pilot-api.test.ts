// The public Pilot API: status shape, listeners that throw or unsubscribe, and a ready strategy's prepare step.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait-for.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Pilot API', () => {
  test('status() has the documented ps --json shape', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js'), fixtureSpec('job', 'exit-with.js', [4, 50], { shutdownStrategy: 'do_not_restart' })]);
    await h.pilot.start();
    await h.waitEvent('state', (e) => e.process === 'job' && e.to === 'failed', 'job failed');
    await waitFor(() => h.pilot.status()[0]?.cpu_percent !== null, 'the first sample (taken once the stack is up)');
    const [svc, job] = h.pilot.status();
    assert.deepEqual(Object.keys(svc ?? {}), ['name', 'state', 'pid', 'restarts', 'exit_code', 'signal', 'started_at', 'ready_at', 'ready_detail', 'cpu_percent', 'memory_bytes', 'reason', 'watchdog']);
    assert.equal(svc?.state, 'running');
    assert.equal(svc?.pid, h.ofType('spawn').find((e) => e.process === 'svc')?.pid);
    assert.match(svc?.started_at ?? '', ISO);
    assert.match(svc?.ready_at ?? '', ISO);
    assert.ok(typeof svc?.cpu_percent === 'number' && typeof svc.memory_bytes === 'number' && svc.memory_bytes > 0, 'a live child is sampled');
    assert.deepEqual([svc?.reason, svc?.exit_code, svc?.watchdog], [null, null, null]);
    assert.deepEqual([job?.state, job?.pid, job?.exit_code, job?.signal, job?.reason, job?.cpu_percent, job?.memory_bytes], ['failed', null, 4, null, 'exited with code 4', null, null]);
  });

  test('a throwing listener does not break the supervisor; unsubscribed listeners hear nothing more', async (t) => {
    const h = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
    h.pilot.on(() => {
      throw new Error('listener bug');
    });
    let heard = 0;
    const off = h.pilot.on(() => void (heard += 1));
    await h.pilot.start();
    assert.ok(heard > 0);
    off();
    const before = heard;
    await h.pilot.stop();
    assert.equal(heard, before);
    assert.deepEqual(await h.pilot.done, { exitCode: 0, reason: 'stop requested' });
  });

  test('a ready strategy’s prepare runs before the spawn: its env reaches the child, its cleanup runs after', async (t) => {
    const h = makeHarness(t, [fixtureSpec('piped', 'ready-pipe-writer.js', [], { readyStrategy: 'pipe' })]);
    const started = h.pilot.start();
    const armed = await h.waitEvent('line', (e) => e.line === 'armed', 'the writer to be armed');
    const pid = h.ofType('spawn')[0]?.pid;
    assert.ok(pid && armed);
    const fifo = join(h.pilot.paths.runtimeDir, 'piped.ready.fifo');
    assert.ok(existsSync(fifo), 'the FIFO exists while readiness is awaited');
    process.kill(pid, 'SIGUSR2');
    await started;
    const ready = h.ofType('ready')[0];
    assert.equal(ready?.process, 'piped');
    assert.equal(ready?.detail, `pipe ${fifo}`, 'the ready detail names the FIFO pilot created');
    assert.equal(h.pilot.status()[0]?.ready_detail, `pipe ${fifo}`);
    assert.equal(existsSync(fifo), false, 'the FIFO is removed once ready');
  });

  test('tail() returns the newest lines, 100 by default', async (t) => {
    const h = makeHarness(t, [fixtureSpec('burst', 'burst-lines.js', [250])]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'done', 'the burst');
    const tail = h.pilot.tail('burst');
    assert.equal(tail.length, 100);
    assert.deepEqual(tail.slice(-2).map((l) => [l.stream, l.line]), [['stdout', 'line 250'], ['stdout', 'done']]);
    assert.deepEqual(h.pilot.tail('burst', 1).map((l) => l.line), ['done']);
  });
});
