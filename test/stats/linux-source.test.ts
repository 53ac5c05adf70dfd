// /proc as the OS sees it: a busy loop is busy and an idle process idle, 100 MB allocated shows, a whole
// process group is measured with stats_include_children, vanished processes are left out, and a tick over
// a hundred and more processes yields to the event loop instead of blocking it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CpuMeter } from '../../src/stats/cpu-meter.js';
import { LinuxProcSource, pageBytes, SLICE } from '../../src/stats/linux-source.js';
import { readProcStat } from '../../src/stats/proc-stat.js';
import type { TargetReading } from '../../src/stats/source.js';
import { looksBusy } from '../helpers/cpu-share.js';
import { startFixture } from '../helpers/fixture-child.js';
import { waitFor } from '../helpers/wait-for.js';

const MIB = 1024 * 1024;
const source = new LinuxProcSource();

async function readOne(pid: number, groups = false): Promise<TargetReading> {
  const reading = (await source.read([pid], groups)).get(pid);
  assert.ok(reading, `pid ${pid} was read`);
  return reading;
}

// CPU % over a real interval of at least `ms`, after a first sample.
async function cpuOver(pid: number, ms: number, groups = false): Promise<{ first: number; later: number }> {
  const meter = new CpuMeter();
  const first = meter.measure(await readOne(pid, groups), performance.now(), 10); // (however young it is)
  await new Promise((r) => setTimeout(r, ms));
  const later = meter.measure(await readOne(pid, groups), performance.now());
  assert.ok(first !== null && later !== null, 'long enough to measure');
  return { first, later };
}

describe('LinuxProcSource', { skip: process.platform !== 'linux' }, () => {
  test('a busy loop is busy from its first sample on; an idle process near 0', async (t) => {
    const busy = await startFixture(t, 'busy-loop.js');
    const idle = await startFixture(t, 'forever.js');
    await new Promise((r) => setTimeout(r, 300)); // some life to measure the first sample over
    const [b, i] = await Promise.all([cpuOver(busy.pid, 1000), cpuOver(idle.pid, 1000)]);
    // shared cores: a busy loop gets less than a whole one under load, but never little
    assert.ok(looksBusy(b.first), `first sample of the busy loop: ${b.first}%`);
    assert.ok(looksBusy(b.later, i.later), `busy loop over 1 s: ${b.later}% (the idle one: ${i.later}%)`);
    assert.ok(i.later < 5, `idle process over 1 s: ${i.later}%`);
    assert.ok(i.first < 60, `idle process since its start (node's own start-up): ${i.first}%`);
  });

  test('100 MB allocated and touched shows in the resident memory', async (t) => {
    const big = await startFixture(t, 'allocate.js', [100]);
    const small = await startFixture(t, 'forever.js');
    const [r, s] = [await readOne(big.pid), await readOne(small.pid)];
    const rss = r.members[0]?.rssBytes ?? 0;
    assert.ok(rss >= 100 * MIB, `rss ${Math.round(rss / MIB)} MB`);
    assert.ok(rss - (s.members[0]?.rssBytes ?? 0) >= 95 * MIB, 'about 100 MB more than an idle node');
    assert.equal(rss % pageBytes(), 0);
  });

  test('groups: the whole process group with stats_include_children, the leader alone without', async (t) => {
    const parent = await startFixture(t, 'busy-child.js');
    const childPid = Number(/child (\d+)/.exec(parent.first)?.[1]);
    const group = await readOne(parent.pid, true);
    assert.deepEqual(group.members.map((m) => m.pid).sort(), [parent.pid, childPid].sort());
    assert.equal(group.members[0]?.pid, parent.pid, 'the leader first');
    const [alone, whole] = await Promise.all([cpuOver(parent.pid, 1000, false), cpuOver(parent.pid, 1000, true)]);
    assert.ok(alone.later < 10, `the idle leader alone: ${alone.later}%`);
    assert.ok(looksBusy(whole.later, alone.later), `with its busy child: ${whole.later}%`);
    assert.equal((await readOne(parent.pid, false)).members.length, 1);
  });

  test('a process that is gone, or ended and not yet reaped (a zombie), is left out; nothing throws', async (t) => {
    const live = await startFixture(t, 'forever.js');
    const ended = spawn(process.execPath, ['-e', 'process.exit(0)'], { stdio: 'ignore' });
    await new Promise((r) => ended.once('exit', r));
    // sh starts a short-lived child, then becomes `sleep`, which never waits for it: a zombie stays.
    // (The child outlives the exec: dash reaps a background job that ended before it execs.)
    const parent = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    t.after(() => parent.kill('SIGKILL'));
    const zombie = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString()))));
    await waitFor(() => readProcStat(zombie)?.state === 'Z', 'the zombie');
    const gone = 2 ** 22 + 7;
    for (const groups of [false, true]) {
      const readings = await source.read([live.pid, gone, ended.pid ?? gone, zombie], groups);
      assert.deepEqual([...readings.keys()], [live.pid], `groups: ${groups}`);
    }
  });

  test('a tick over 150 processes (and a /proc scan) yields to the event loop between slices', async (t) => {
    const sleepers = Array.from({ length: 150 }, () => spawn('sleep', ['60'], { stdio: 'ignore', detached: true }));
    t.after(() => sleepers.forEach((s) => s.kill('SIGKILL')));
    const pids = sleepers.map((s) => s.pid ?? 0);
    await waitFor(async () => (await source.read(pids, false)).size === pids.length, 'every sleeper to exist');
    for (const groups of [false, true]) {
      let turns = 0;
      let longest = 0;
      let last = performance.now();
      let done = false;
      const spin = (): void => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        turns++;
        if (!done) setImmediate(spin);
      };
      setImmediate(spin);
      const readings = await source.read(pids, groups);
      done = true;
      assert.equal(readings.size, pids.length);
      // each slice of SLICE reads ends with a yield: other callbacks ran in between
      assert.ok(turns >= Math.floor(pids.length / SLICE), `groups ${groups}: ${turns} event-loop turns during the tick`);
      // (the turns are the guarantee; in wall time a slice may take tens of ms on a loaded machine, so only a loose bound)
      assert.ok(longest < 500, `groups ${groups}: the event loop was held for at most ${longest.toFixed(2)} ms`);
      t.diagnostic(`groups ${groups}: ${turns} turns, longest hold ${longest.toFixed(2)} ms`);
    }
  });
});
