// The `ps` source (macOS and the BSDs), checked here with procps' ps: its formats parsed, and real processes
// measured — memory exactly, CPU at ps's resolution — including whole groups and processes that are gone.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CpuMeter } from '../../src/stats/cpu-meter.js';
import { parsePsDuration, parsePsLine, PsSource } from '../../src/stats/ps-source.js';
import { looksBusy } from '../helpers/cpu-share.js';
import { startFixture } from '../helpers/fixture-child.js';
import { waitFor } from '../helpers/wait-for.js';

const MIB = 1024 * 1024;
const hasPs = ((): boolean => {
  try {
    execFileSync('ps', ['-o', 'pid=', '-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('PsSource', { skip: !hasPs && 'no ps here' }, () => {
  test('durations in the forms of macOS and procps: [[dd-]hh:]mm:ss[.cc]', () => {
    assert.equal(parsePsDuration('0:00.05'), 50);
    assert.equal(parsePsDuration('1:02.50'), 62_500);
    assert.equal(parsePsDuration('00:00:03'), 3000);
    assert.equal(parsePsDuration('02:00:01'), 7_201_000);
    assert.equal(parsePsDuration('3-04:05:06'), ((3 * 24 + 4) * 3600 + 5 * 60 + 6) * 1000);
    assert.ok(Number.isNaN(parsePsDuration('soon')));
  });

  test('lines: fields, the start time as identity, zombies marked; junk is null', () => {
    assert.deepEqual(parsePsLine('  4242  1000  4242  51200   0:01.50    01:00 Ss   Mon Nov 23 21:33:14 2026'), {
      pid: 4242, ppid: 1000, pgid: 4242, rssBytes: 50 * MIB, cpuMs: 1500, ageMs: 60_000, ended: false, key: '4242:Mon Nov 23 21:33:14 2026',
    });
    assert.equal(parsePsLine('4243 1 4243 0 00:00:00 00:05 Z+ Mon Nov 23 21:33:14 2026')?.ended, true);
    assert.equal(parsePsLine('PID PPID'), null);
    assert.equal(parsePsLine(''), null);
  });

  test('real processes: a busy loop is busy, 100 MB is seen, groups counted, gone ones left out', async (t) => {
    const source = new PsSource();
    const busy = await startFixture(t, 'busy-loop.js');
    const big = await startFixture(t, 'allocate.js', [100]);
    const parent = await startFixture(t, 'busy-child.js');
    const gone = 2 ** 22 + 9;
    // procps' time has whole seconds: wait until the busy loop has used two
    const first = await waitFor(async () => {
      const r = (await source.read([busy.pid, big.pid, gone], false)).get(busy.pid);
      return r && r.members[0] && r.members[0].ownMs >= 2000 ? r : null;
    }, 'two seconds of CPU', 20_000, 200);
    const readings = await source.read([busy.pid, big.pid, gone], false);
    assert.deepEqual([...readings.keys()].sort(), [busy.pid, big.pid].sort());
    const life = new CpuMeter().measure(first, 0);
    assert.ok(looksBusy(life), `over its life: busy (${life}%)`);
    assert.ok((readings.get(big.pid)?.members[0]?.rssBytes ?? 0) >= 100 * MIB);
    const group = (await source.read([parent.pid], true)).get(parent.pid);
    assert.equal(group?.members.length, 2);
    assert.match(group?.key ?? '', new RegExp(`^${parent.pid}:\\w{3} \\w{3} +\\d+ [\\d:]+ \\d{4}$`), 'pid and start time: the identity across samples');
    assert.equal((await source.read([parent.pid], true)).get(parent.pid)?.key, group?.key, 'stable from one tick to the next');
  });
});
