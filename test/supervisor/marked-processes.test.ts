// Regression: every child exit walked the whole host's /proc (the environment of every process, decoded and
// split: 29 ms of CPU with 668 processes, added to every restart). The walk after a child ends now reads only
// the pids handed out since that child was started, and the search works on the bytes read.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pidMark, startedSince, type PidMark } from '../../src/supervisor/pid-mark.js';
import { markedProcesses } from '../../src/supervisor/proc-fs.js';
import { fixtureBin } from '../helpers/paths.js';
import { waitForOutput } from '../helpers/wait-for.js';

const linux = process.platform === 'linux';

function mark(lastPid: number, forks: number, tasks = 100, pidMax = 32768): PidMark {
  return { lastPid, forks, tasks, pidMax };
}

// A marked process, as pilot's children are (its env holds the markers), awaited until it runs.
async function markedChild(t: TestContext, env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [fixtureBin('forever.js')], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '', ...env } });
  t.after(() => child.kill('SIGKILL'));
  await waitForOutput(child.stdout!, 'armed', 'the marked child');
  return child.pid!;
}

describe('which pids can have started since a mark', () => {
  test('those handed out after it, up to the last one now', () => {
    const young = startedSince(mark(1000, 50), mark(1010, 60));
    assert.ok(young);
    assert.deepEqual([999, 1000, 1001, 1010, 1011].map(young), [false, false, true, true, false]);
  });

  test('across the wrap of the ring: after the mark up to pid_max, then from the bottom', () => {
    const young = startedSince(mark(32760, 50), mark(310, 70));
    assert.ok(young);
    assert.deepEqual([32760, 32761, 32767, 300, 310, 311, 20000].map(young), [false, true, true, true, true, false, false]);
  });

  test('none when no pid was handed out in this namespace (forks elsewhere)', () => {
    const young = startedSince(mark(500, 50), mark(500, 90));
    assert.ok(young);
    assert.equal(young(501), false);
    assert.equal(young(499), false);
  });

  test('cannot tell (null: read every process) once enough forks happened for the ring to come round', () => {
    // ring 32,768 − 300, less three pids per task in use: past half of that, any pid may be new
    assert.ok(startedSince(mark(1000, 0, 100), mark(1200, 16_000, 100)));
    assert.equal(startedSince(mark(1000, 0, 100), mark(1200, 16_100, 100)), null);
    assert.equal(startedSince(mark(1000, 0, 5000), mark(1200, 10_000, 100)), null, 'more tasks then: fewer forks suffice');
    assert.equal(startedSince(mark(1000, 0, 100, 4_194_304), mark(1200, 16_100, 100, 32768)), null, 'the smaller pid_max counts');
    assert.equal(startedSince(mark(1000, 100), mark(1200, 50)), null, 'a counter that went back');
  });
});

describe('marked processes in /proc', { skip: !linux && 'Linux /proc' }, () => {
  test('the walk after a child ends finds what started since and reads nothing older', async (t) => {
    const stack = `test-${randomUUID()}`;
    const older = await markedChild(t, { PILOT_STACK: stack, PILOT_PROCESS: 'api' });
    const since = pidMark();
    assert.ok(since, 'the allocator is readable');
    const younger = await markedChild(t, { PILOT_STACK: stack, PILOT_PROCESS: 'api' });
    const other = await markedChild(t, { PILOT_STACK: stack, PILOT_PROCESS: 'worker' });
    assert.deepEqual(await markedProcesses(stack, { names: new Set(['api']), since }), [{ pid: younger, process: 'api' }]);
    // the full walk (as at a stop) sees every one
    const all = await markedProcesses(stack);
    assert.deepEqual(all.sort((a, b) => a.pid - b.pid), [{ pid: older, process: 'api' }, { pid: younger, process: 'api' }, { pid: other, process: 'worker' }].sort((a, b) => a.pid - b.pid));
  });

  test('markers are whole entries: a longer stack id or a marker inside another variable does not count', async (t) => {
    const stack = `test-${randomUUID()}`;
    const marked = await markedChild(t, { PILOT_STACK: stack, PILOT_PROCESS: 'web' });
    await markedChild(t, { PILOT_STACK: `${stack}-2`, PILOT_PROCESS: 'web' });
    await markedChild(t, { OTHER: `x PILOT_STACK=${stack}`, PILOT_PROCESS: 'web' });
    await markedChild(t, { PILOT_STACK: stack }); // no PILOT_PROCESS: not one of pilot's children
    assert.deepEqual(await markedProcesses(stack), [{ pid: marked, process: 'web' }]);
  });

  test('an environment larger than the read buffer is searched to its end', async (t) => {
    const stack = `test-${randomUUID()}`;
    const big: Record<string, string> = {};
    for (let i = 0; i < 40; i++) big[`FILLER_${i}`] = 'x'.repeat(1000); // 40 KB before the markers
    const pid = await markedChild(t, { ...big, PILOT_STACK: stack, PILOT_PROCESS: 'big' });
    assert.deepEqual(await markedProcesses(stack), [{ pid, process: 'big' }]);
  });
});
