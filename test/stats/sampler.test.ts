// The sampler's policy in virtual time: one stats event per interval with the running processes in order,
// the list read afresh at every tick, no overlapping ticks, failures said once, nothing after stop.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StatsSampler, type SampleTarget, type SamplingPlan } from '../../src/stats/sampler.js';
import type { ProcessSource, TargetReading } from '../../src/stats/source.js';
import type { StatsEvent } from '../../src/supervisor/events.js';
import { flush, VirtualClock } from '../helpers/supervisor-clock.js';

// A source whose processes use `cpuMsPerSec` ms of CPU per second of virtual time and hold `rss` bytes.
class FakeSource implements ProcessSource {
  readonly name = 'fake';
  reads = 0;
  fail: string | null = null;
  hold: Promise<void> | null = null;
  /** /proc's comm of each pid (default: the program's, node). */
  readonly comms = new Map<number, string>();
  constructor(private readonly clock: VirtualClock, public procs: Map<number, { cpuMsPerSec: number; rss: number }>) {}
  async read(pids: readonly number[]): Promise<Map<number, TargetReading>> {
    this.reads++;
    if (this.hold) await this.hold;
    if (this.fail) throw new Error(this.fail);
    const out = new Map<number, TargetReading>();
    for (const pid of pids) {
      const p = this.procs.get(pid);
      if (!p) continue;
      const ageMs = this.clock.now();
      out.set(pid, { pid, key: `${pid}:0`, comm: this.comms.get(pid) ?? 'node', ageMs, countsReaped: false, members: [{ key: `${pid}:0`, pid, ppid: 1, ownMs: (ageMs / 1000) * p.cpuMsPerSec, reapedMs: 0, rssBytes: p.rss }] });
    }
    return out;
  }
}

function setup(targets: () => SampleTarget[], opts: Partial<SamplingPlan> = {}) {
  const clock = new VirtualClock();
  const procs = new Map([
    [10, { cpuMsPerSec: 500, rss: 1000 }],
    [20, { cpuMsPerSec: 0, rss: 2000 }],
  ]);
  const source = new FakeSource(clock, procs);
  const events: StatsEvent[] = [];
  const warnings: string[] = [];
  const sampler = new StatsSampler({
    clock,
    source,
    plan: () => ({ intervalMs: 1000, includeChildren: false, targets: targets(), emitEmpty: true, ...opts }),
    emit: (e) => events.push(e),
    warn: (m) => warnings.push(m),
  });
  return { clock, source, events, warnings, sampler, procs };
}

describe('StatsSampler', () => {
  test('one stats event per interval: every target in order, CPU from the time differences, memory', async () => {
    const { clock, events, sampler } = setup(() => [{ process: 'web', pid: 10 }, { process: 'db', pid: 20 }]);
    sampler.start();
    await clock.advance(999);
    assert.equal(events.length, 0);
    await clock.advance(1);
    assert.equal(events.length, 1);
    await clock.advance(2000);
    assert.equal(events.length, 3);
    const last = events[2];
    assert.equal(last?.type, 'stats');
    assert.equal(last?.intervalMs, 1000);
    assert.equal(last?.at, clock.wall());
    assert.deepEqual(last?.samples, [
      { process: 'web', pid: 10, cpuPercent: 50, memoryBytes: 1000, processCount: 1 },
      { process: 'db', pid: 20, cpuPercent: 0, memoryBytes: 2000, processCount: 1 },
    ]);
    assert.equal(events[0]?.samples[0]?.cpuPercent, 50, 'the first sample too, over the life so far');
    assert.deepEqual(sampler.latest('web', 10), last?.samples[0]);
    assert.equal(sampler.latest('web', 11), null, 'a sample of an earlier child is not its');
    sampler.stop();
  });

  test('the targets are read at every tick; a process that vanished is left out', async () => {
    let targets: SampleTarget[] = [{ process: 'web', pid: 10 }];
    const { clock, events, sampler, procs } = setup(() => targets);
    sampler.start();
    await clock.advance(1000);
    targets = [{ process: 'web', pid: 10 }, { process: 'db', pid: 20 }, { process: 'gone', pid: 30 }];
    await clock.advance(1000);
    procs.delete(10);
    await clock.advance(1000);
    assert.deepEqual(events.map((e) => e.samples.map((s) => s.process)), [['web'], ['web', 'db'], ['db']]);
    assert.equal(sampler.latest('web', 10), null, 'nothing stale for a process no longer sampled');
    sampler.stop();
  });

  test('a tick still reading when the next is due is not doubled; the schedule does not drift', async () => {
    const { clock, source, events, sampler } = setup(() => [{ process: 'web', pid: 10 }]);
    let release!: () => void;
    source.hold = new Promise((r) => (release = r));
    sampler.start();
    await clock.advance(3500);
    assert.equal(source.reads, 1, 'one read in flight, no second one');
    source.hold = null;
    release();
    await flush();
    assert.equal(events.length, 1);
    const at = clock.now();
    await clock.advance(1000);
    assert.equal(events.length, 2, `next tick one interval after the late one (at ${at + 1000})`);
    sampler.stop();
  });

  test('sampleNow samples at once and the ticks go on from there; stop ends them, even mid-read', async () => {
    const { clock, source, events, sampler } = setup(() => [{ process: 'web', pid: 10 }]);
    sampler.start();
    await clock.advance(400);
    sampler.sampleNow();
    await flush();
    assert.equal(events.length, 1);
    await clock.advance(999);
    assert.equal(events.length, 1);
    await clock.advance(1);
    assert.equal(events.length, 2);
    let release!: () => void;
    source.hold = new Promise((r) => (release = r));
    await clock.advance(1000);
    sampler.stop();
    release();
    await sampler.settled();
    await clock.advance(5000);
    assert.equal(events.length, 2, 'nothing emitted after stop');
    assert.equal(clock.pending, 0, 'no timer left');
  });

  // Regression: the first sample after boot was bogus and stayed until the next tick (5 s by default): a
  // busy loop showed 0.0% and 0 KB, sleep 132 KB, because sampleNow caught children still exec'ing through
  // setpriv/taskset, or a few ms old. Such a child has no sample; sampleNow tries again shortly.
  test('a child still exec\'ing through its wrapper has no sample; sampleNow tries again shortly until it has exec\'d', async () => {
    const wrappers = new Set(['setpriv', 'taskset']);
    const { clock, source, events, sampler } = setup(() => [{ process: 'web', pid: 10, wrappers }, { process: 'db', pid: 20, wrappers }]);
    source.comms.set(10, 'setpriv');
    sampler.start();
    await clock.advance(400);
    sampler.sampleNow();
    await flush();
    assert.deepEqual(events.map((e) => e.samples.map((x) => x.process)), [['db']], 'web is still setpriv');
    assert.equal(sampler.latest('web', 10), null, 'ps shows nothing rather than the wrapper\'s numbers');
    source.comms.set(10, 'taskset'); // setpriv exec'd taskset, which has not exec'd the program yet
    await clock.advance(250);
    assert.deepEqual(events.at(-1)?.samples.map((x) => x.process), ['db']);
    source.comms.set(10, 'node');
    await clock.advance(250);
    assert.deepEqual(events.at(-1)?.samples.map((x) => [x.process, x.cpuPercent]), [['web', 50], ['db', 0]]);
    const count = events.length;
    await clock.advance(999);
    assert.equal(events.length, count, 'the regular ticks follow from the last try');
    await clock.advance(1);
    assert.equal(events.length, count + 1);
    sampler.stop();
  });

  test('a CPU % over too short a time is not reported: a child too young waits for the next try, a tick just after another keeps the last figure', async () => {
    const { clock, source, events, sampler } = setup(() => [{ process: 'web', pid: 10 }]);
    sampler.start();
    await clock.advance(100); // the child is 100 ms old: 10 ms steps of CPU time say nothing over that
    sampler.sampleNow();
    await flush();
    assert.deepEqual(events.map((e) => e.samples.length), [0]);
    await clock.advance(250);
    assert.deepEqual(events.at(-1)?.samples.map((x) => x.cpuPercent), [50], 'measured over 350 ms');
    // a tick 5 ms after the last one: the figure of the last real interval stands, the memory is fresh
    source.procs = new Map([[10, { cpuMsPerSec: 1000, rss: 4242 }]]);
    await clock.advance(5);
    sampler.sampleNow();
    await flush();
    assert.deepEqual(events.at(-1)?.samples.map((x) => [x.cpuPercent, x.memoryBytes]), [[50, 4242]]);
    sampler.stop();
  });

  test('a failing source is said once per kind of failure; sampling goes on and recovers', async () => {
    const { clock, source, events, warnings, sampler } = setup(() => [{ process: 'web', pid: 10 }]);
    source.fail = 'EMFILE: too many open files';
    sampler.start();
    await clock.advance(3000);
    assert.deepEqual(warnings, ['resource sampling failed (fake): EMFILE: too many open files; trying again at the next tick']);
    source.fail = null;
    await clock.advance(1000);
    assert.equal(events.length, 1);
    sampler.stop();
  });

  test('watchdog-only sampling (statistics off) emits nothing when nothing was sampled; no source: no ticks', async () => {
    const { clock, events, sampler } = setup(() => [], { emitEmpty: false });
    sampler.start();
    await clock.advance(3000);
    assert.equal(events.length, 0);
    sampler.stop();
    const idle = new StatsSampler({ clock, source: null, plan: () => { throw new Error('not asked'); }, emit: () => assert.fail('no event'), warn: () => {} });
    idle.start();
    await clock.advance(3000);
    assert.equal(clock.pending, 0);
  });
});
