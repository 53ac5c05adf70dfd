// CPU % from CPU-time differences: the first sample over the child's life, then between samples; a new
// child on a reused pid starts over; a group member waited for by its parent is not counted twice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CpuMeter } from '../../src/stats/cpu-meter.js';
import type { MemberReading, TargetReading } from '../../src/stats/source.js';

const m = (pid: number, ownMs: number, reapedMs = 0, ppid = 1): MemberReading => ({ key: `${pid}:1`, pid, ppid, ownMs, reapedMs, rssBytes: 0 });
const reading = (members: MemberReading[], ageMs: number, key = '10:1', countsReaped = false): TargetReading => ({ pid: 10, key, ageMs, members, countsReaped });

describe('CpuMeter', () => {
  test('the first sample is measured over the time since the child started, never a constant 0', () => {
    const meter = new CpuMeter();
    assert.equal(meter.measure(reading([m(10, 1500)], 2000), 50_000), 75);
  });

  test('later samples: the CPU used since the previous one over the time between them', () => {
    const meter = new CpuMeter();
    meter.measure(reading([m(10, 1000)], 5000), 0);
    assert.equal(meter.measure(reading([m(10, 1000)], 6000), 1000), 0, 'idle');
    assert.equal(meter.measure(reading([m(10, 1900)], 7000), 2000), 90);
    assert.equal(meter.measure(reading([m(10, 3900)], 8000), 3000), 200, 'two cores');
  });

  test('a new child on the same pid starts over from its own life', () => {
    const meter = new CpuMeter();
    meter.measure(reading([m(10, 9000)], 10_000), 0);
    assert.equal(meter.measure(reading([{ ...m(10, 100), key: '10:2' }], 1000, '10:2'), 1000), 10);
  });

  test('groups: new members count whole, ended ones drop out, a reaped member is not counted twice', () => {
    const meter = new CpuMeter();
    meter.measure(reading([m(10, 100), m(11, 400, 0, 10)], 1000, '10:1', true), 0);
    // 11 ended and was waited for by 10: its 400 + 100 more now show in 10's reaped time
    assert.equal(meter.measure(reading([m(10, 150, 500)], 2000, '10:1', true), 1000), 15);
    // 12 appeared since: all of its time counts; 13 ended but its parent (1) is not in the group: dropped
    meter.measure(reading([m(10, 150, 500), m(13, 300, 0, 1)], 3000, '10:1', true), 2000);
    assert.equal(meter.measure(reading([m(10, 150, 500), m(12, 250, 0, 10)], 4000, '10:1', true), 3000), 25);
  });

  test('too short an interval measures nothing (null) rather than noise, and keeps its base; forgotten children start over', () => {
    const meter = new CpuMeter();
    assert.equal(meter.measure(reading([m(10, 5)], 3), 0), null, '3 ms old');
    assert.equal(meter.measure(reading([m(10, 100)], 249), 0), null, 'under 250 ms');
    assert.equal(meter.measure(reading([m(10, 100)], 400), 0), 25, 'over its life, once long enough');
    assert.equal(meter.measure(reading([m(10, 110)], 500), 100), null, '100 ms after the last sample');
    assert.equal(meter.measure(reading([m(10, 200)], 700), 300), 33.33333333333333, 'measured from the last sample that counted');
    assert.equal(meter.measure(reading([m(10, 205)], 710), 310, 10), 50, 'a shorter minimum when asked (a short stats interval)');
    meter.measure(reading([m(10, 1000)], 2000), 0);
    meter.retain(new Set());
    assert.equal(meter.measure(reading([m(10, 1000)], 4000), 1000), 25, 'measured over its life again');
  });
});
