// The watchdog with real children: each limit stops the process with the right reason (in the events and the
// status), through the stop path, and then its shutdown strategy applies: restart within the budget, stay down,
// or stop the whole stack.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Harness } from '../helpers/supervisor-harness.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';

const FAST = { statsIntervalSec: 0.2 };
// above the limit: a child may be caught while it still fills its 100 MB
const OVER_50_MB = '(5[1-9]|[6-9]\\d|1\\d\\d) MB > 50 MB';

const pidOf = (h: Harness, name: string): number => {
  const pid = h.pilot.status().find((s) => s.name === name)?.pid;
  assert.ok(pid, `${name} has a pid`);
  return pid;
};
const statesOf = (h: Harness, name: string): string[] => h.ofType('state').filter((e) => e.process === name).map((e) => `${e.to}${e.reason ? `: ${e.reason}` : ''}`);

describe('watchdog limits with real processes', () => {
  test('memory: stopped and restarted with the usual backoff, until the restart budget is spent', async (t) => {
    const h = makeHarness(t, [fixtureSpec('hog', 'allocate.js', [100], { watchdog: { maxMemoryMb: 50 }, restartPolicy: { backoffInitialSec: 0.05, maxRestarts: 1 } })], { manifest: FAST });
    await h.pilot.start();
    const first = await h.waitEvent('watchdog', () => true, 'the memory limit');
    assert.equal(first.limit, 'memory');
    assert.match(first.reason, new RegExp(`^memory ${OVER_50_MB}$`));
    const failed = await h.waitEvent('state', (e) => e.to === 'failed', 'the budget to be spent', 15_000);
    assert.match(failed.reason ?? '', new RegExp(`^watchdog: memory ${OVER_50_MB}; restart budget spent: 1 restarts within 60 s$`));
    const states = statesOf(h, 'hog');
    assert.equal(states[2], `stopping: watchdog: ${first.reason}`);
    assert.equal(states[3], `backoff: watchdog: ${first.reason}; restarting in 0.05 s`);
    assert.deepEqual(h.ofType('spawn').map((e) => e.attempt), [1, 2]);
    const exits = h.ofType('exit');
    assert.deepEqual(exits.map((e) => [e.requested, e.signal]), [[true, 'SIGTERM'], [true, 'SIGTERM']], 'stopped with its stop signal, by pilot');
    const status = h.pilot.status()[0];
    assert.match(status?.watchdog ?? '', new RegExp(`^memory ${OVER_50_MB}$`));
    assert.match(status?.reason ?? '', /restart budget spent/);
  });

  test('cpu: a busy loop above [percent, seconds] is stopped; do_not_restart leaves it failed', async (t) => {
    const h = makeHarness(t, [
      fixtureSpec('spin', 'busy-loop.js', [], { watchdog: { maxCpuPercentSec: [20, 0.5] }, shutdownStrategy: 'do_not_restart' }),
      fixtureSpec('calm', 'forever.js', [], { watchdog: { maxCpuPercentSec: [20, 0.5] } }),
    ], { manifest: FAST });
    await h.pilot.start();
    const trip = await h.waitEvent('watchdog', () => true, 'the cpu limit');
    assert.equal(trip.process, 'spin');
    assert.match(trip.reason, /^cpu \d+% > 20% for (0\.[5-9]|\d(\.\d)?) s$/);
    const failed = await h.waitEvent('state', (e) => e.process === 'spin' && e.to === 'failed', 'spin failed');
    assert.equal(failed.reason, `watchdog: ${trip.reason}`);
    assert.equal(h.ofType('spawn').filter((e) => e.process === 'spin').length, 1, 'not restarted');
    assert.equal(h.pilot.status()[1]?.state, 'running', 'the idle one keeps running');
    assert.equal(h.ofType('watchdog').length, 1);
  });

  test('silence: a process quiet for silence_timeout_sec is stopped; shutdown_everything stops the stack', async (t) => {
    const dir = tmpDir('pilot-silence-');
    t.after(dir.remove);
    // The silence counts from readiness: each is ready once it has its SIGTERM handler (quiet) or its first line (chatty).
    const readyOn = (name: string) => {
      const path = join(dir.path, `${name}.ready`);
      return { args: [`--ready-file=${path}`], ready: { readyStrategy: 'file', readyParams: { path } } };
    };
    const [quiet, chatty] = [readyOn('quiet'), readyOn('chatty')];
    const h = makeHarness(t, [
      fixtureSpec('quiet', 'forever.js', quiet.args, { ...quiet.ready, watchdog: { silenceTimeoutSec: 0.6 }, shutdownStrategy: 'shutdown_everything' }),
      fixtureSpec('chatty', 'chatty.js', [50, ...chatty.args], { ...chatty.ready, watchdog: { silenceTimeoutSec: 0.6 } }),
    ]);
    await h.pilot.start();
    const result = await h.pilot.done;
    const trips = h.ofType('watchdog');
    assert.deepEqual(trips.map((e) => [e.process, e.limit]), [['quiet', 'silence']], 'the chatty one is never silent');
    assert.match(trips[0]?.reason ?? '', /^no output for 0\.\d s$/);
    assert.equal(result.exitCode, 1, 'exited 0 on SIGTERM, but stopped by the watchdog: not a success');
    assert.equal(result.reason, `"quiet" watchdog: ${trips[0]?.reason}`);
    assert.equal(h.pilot.status()[0]?.state, 'failed');
  });

  test('heartbeat: beating keeps it up; when the beats stop, or the file is deleted, it is restarted', async (t) => {
    const dir = tmpDir('pilot-hb-');
    t.after(dir.remove);
    const file = join(dir.path, 'hb');
    // Ready on its first beat: the heartbeat timeout counts from there, not from a spawn that node may take long to start.
    const beater = fixtureSpec('beater', 'heartbeat.js', [file, 50], {
      readyStrategy: 'file',
      readyParams: { path: file },
      watchdog: { heartbeatFile: file, heartbeatTimeoutSec: 0.5 },
      restartPolicy: { backoffInitialSec: 0 },
    });
    const h = makeHarness(t, [beater], {
      manifest: { statsIntervalSec: 0.1 }, // the ticks tell the time passing
    });
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'beating', 'beating');
    await h.waitEvent('stats', () => h.ofType('stats').length >= 15, 'three timeouts\' worth of beats');
    assert.equal(h.ofType('watchdog').length, 0);
    process.kill(pidOf(h, 'beater'), 'SIGUSR1');
    const stale = await h.waitEvent('watchdog', () => true, 'the stale heartbeat');
    assert.match(stale.reason, /^heartbeat file not touched for 0\.\d s$/);
    await h.waitEvent('ready', (e) => e.pid !== stale.pid, 'the restart');
    await h.waitEvent('line', (e) => e.line === 'beating', 'beating again', 10_000, h.events.indexOf(stale));
    const mark = h.events.length;
    process.kill(pidOf(h, 'beater'), 'SIGUSR2');
    const gone = await h.waitEvent('watchdog', () => true, 'the deleted heartbeat file', 10_000, mark);
    assert.match(gone.reason, new RegExp(`^heartbeat file not touched for 0\\.\\d s \\(${file} does not exist\\)$`));
  });

  test('heartbeat: a file that never appears counts from readiness', async (t) => {
    const dir = tmpDir('pilot-hb-');
    t.after(dir.remove);
    const file = join(dir.path, 'never');
    const h = makeHarness(t, [fixtureSpec('mute', 'forever.js', [], { watchdog: { heartbeatFile: file, heartbeatTimeoutSec: 0.3 }, shutdownStrategy: 'do_not_restart' })]);
    await h.pilot.start();
    const trip = await h.waitEvent('watchdog', () => true, 'the missing heartbeat file');
    assert.equal(trip.reason, `heartbeat file not touched for 0.3 s (${file} does not exist)`);
  });

  test('run time: stopped after max_runtime_sec and restarted; each new child gets its full time', async (t) => {
    const h = makeHarness(t, [fixtureSpec('batch', 'forever.js', [], { watchdog: { maxRuntimeSec: 0.4 }, restartPolicy: { backoffInitialSec: 0 } })]);
    await h.pilot.start();
    const first = await h.waitEvent('watchdog', () => true, 'the first run-time limit');
    assert.equal(first.reason, 'ran for 0.4 s > max_runtime_sec 0.4');
    const second = await h.waitEvent('watchdog', (e) => e.pid !== first.pid, 'the second run-time limit');
    assert.equal(second.reason, 'ran for 0.4 s > max_runtime_sec 0.4');
    const spawns = h.ofType('spawn');
    assert.ok(spawns.length >= 2 && (spawns[1]?.at ?? 0) - (spawns[0]?.at ?? 0) >= 400, 'the first ran its 0.4 s');
  });
});
