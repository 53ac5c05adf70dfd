// Resource sampling in a running stack: stats events with real numbers, the status's CPU and memory, the
// first sample at once when the stack is up, whole groups, processes that come and go between samples,
// and which processes are sampled when statistics are off but a watchdog needs samples.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WRAPPER_NAMES } from '../../src/supervisor/child-argv.js';
import { samplingPlan, WATCHDOG_SAMPLE_MS } from '../../src/supervisor/monitor.js';
import type { Unit } from '../../src/supervisor/unit.js';
import { looksBusy } from '../helpers/cpu-share.js';
import { freePort } from '../helpers/free-port.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';

const MIB = 1024 * 1024;

describe('sampling in a stack', () => {
  test('stats events every interval: a busy loop is busy, an idle process idle, 100 MB seen; the status shows them', async (t) => {
    const h = makeHarness(t, [fixtureSpec('busy', 'busy-loop.js'), fixtureSpec('idle', 'forever.js'), fixtureSpec('big', 'allocate.js', [100]), fixtureSpec('off', 'forever.js')], { manifest: { statsIntervalSec: 0.3 } });
    await h.pilot.start();
    await h.pilot.stopProcesses(['off']);
    const mark = h.events.length;
    await h.waitEvent('stats', () => h.ofType('stats').length >= 4, 'four ticks', 10_000, mark);
    const tick = h.ofType('stats').at(-1);
    assert.equal(tick?.intervalMs, 300);
    assert.deepEqual(tick?.samples.map((s) => s.process), ['busy', 'idle', 'big'], 'the running ones, in manifest order');
    const of = (name: string) => tick?.samples.find((s) => s.process === name);
    assert.ok(looksBusy(of('busy')?.cpuPercent, of('idle')?.cpuPercent ?? 100), `busy: ${of('busy')?.cpuPercent}%, idle: ${of('idle')?.cpuPercent}%`);
    assert.ok((of('idle')?.cpuPercent ?? 100) < 5, `idle: ${of('idle')?.cpuPercent}%`);
    assert.ok((of('big')?.memoryBytes ?? 0) >= 100 * MIB, `big: ${of('big')?.memoryBytes} bytes`);
    for (const s of tick?.samples ?? []) assert.equal(s.processCount, 1);
    const status = h.pilot.status();
    const latest = h.ofType('stats').at(-1);
    for (const s of status.filter((x) => x.state === 'running')) {
      const sample = latest?.samples.find((x) => x.process === s.name);
      assert.deepEqual([s.cpu_percent, s.memory_bytes], [sample?.cpuPercent, sample?.memoryBytes], `${s.name}: the latest sample`);
    }
    assert.deepEqual(status.find((s) => s.name === 'off')?.cpu_percent, null, 'a stopped process has no numbers');
  });

  test('once the stack is up it is sampled at once, with honest numbers measured since each spawn', async (t) => {
    const port = await freePort();
    const h = makeHarness(t, [fixtureSpec('busy', 'busy-loop.js'), fixtureSpec('slow', 'tcp-after.js', [port, 400], { readyStrategy: 'tcp', readyParams: { port } })], {
      manifest: { statsIntervalSec: 3600 },
    });
    await h.pilot.start();
    const tick = await h.waitEvent('stats', () => true, 'the first sample', 5000);
    const busy = tick.samples.find((s) => s.process === 'busy');
    assert.ok(looksBusy(busy?.cpuPercent), `busy since its spawn, ~0.4 s before: ${busy?.cpuPercent}%`);
    await waitFor(() => h.pilot.status()[0]?.cpu_percent !== null, 'ps to have a number');
  });

  // Regression: the sample taken at once when the stack was up caught `none`-strategy children still exec'ing
  // through setpriv/taskset (a busy loop at 0.0% and 0 KB, sleep at 132 KB for a real 1,800 kB), and it stood
  // until the next tick. Every sample now describes the program, and the first comes shortly after the boot.
  test('the first samples after boot are the programs\' own, not their wrappers\', and come shortly', async (t) => {
    const sleep = { ...fixtureSpec('nap', 'forever.js'), path: 'sleep', command: '/bin/sleep', args: ['60'] };
    const h = makeHarness(t, [fixtureSpec('busy', 'busy-loop.js'), sleep], { manifest: { statsIntervalSec: 3600 } });
    const upAt = performance.now();
    await h.pilot.start();
    const tick = await h.waitEvent('stats', (e) => e.samples.length === 2, 'a sample of both', 5000);
    assert.ok(performance.now() - upAt < 4000, 'shortly after the boot, not at the next tick (an hour away)');
    const pidOfNap = h.pilot.status().find((s) => s.name === 'nap')?.pid;
    const vmRss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pidOfNap}/status`, 'utf8'))?.[1]) * 1024;
    for (const event of h.ofType('stats')) {
      for (const s of event.samples.filter((x) => x.process === 'nap')) {
        assert.ok(s.memoryBytes > vmRss / 2, `sleep's own memory (${vmRss} bytes), not setpriv's: ${s.memoryBytes}`);
      }
      for (const s of event.samples.filter((x) => x.process === 'busy')) assert.ok(looksBusy(s.cpuPercent), `busy from its first sample: ${s.cpuPercent}%`);
    }
    assert.ok(tick.samples.every((s) => s.memoryBytes > 0));
  });

  test('stats_include_children: the whole process group', async (t) => {
    const h = makeHarness(t, [fixtureSpec('parent', 'busy-child.js')], { manifest: { statsIntervalSec: 0.3, statsIncludeChildren: true } });
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line.startsWith('child '), 'the child');
    const mark = h.events.length;
    await h.waitEvent('stats', () => h.ofType('stats').length >= 3, 'ticks', 10_000, mark);
    const sample = h.ofType('stats').at(-1)?.samples[0];
    assert.equal(sample?.processCount, 2);
    assert.ok(looksBusy(sample?.cpuPercent), `the group (an idle leader and a busy child): ${sample?.cpuPercent}%`);
  });

  test('processes that end and restart between and during samples: no crash, no warning, sampling goes on', async (t) => {
    const h = makeHarness(t, [fixtureSpec('loop', 'crash-loop.js', [], { restartPolicy: { backoffInitialSec: 0, maxRestarts: 30 } }), fixtureSpec('steady', 'forever.js')], {
      manifest: { statsIntervalSec: 0.01, statsIncludeChildren: true },
    });
    await h.pilot.start().catch(() => {});
    await h.waitEvent('state', (e) => e.process === 'loop' && e.to === 'failed', 'the crash loop to give up', 20_000);
    const mark = h.events.length;
    await h.waitEvent('stats', () => true, 'a tick after', 5000, mark);
    assert.ok(h.ofType('stats').length > 5);
    assert.deepEqual(h.ofType('warning').map((w) => w.message), []);
    assert.ok(h.ofType('stats').every((e) => e.samples.every((s) => s.cpuPercent >= 0 && s.memoryBytes >= 0)));
  });

  test('statistics off (stats_interval_sec: 0): nothing sampled, unless a watchdog needs samples', () => {
    const limited = fixtureSpec('hog', 'forever.js', [], { watchdog: { maxMemoryMb: 100 } });
    const timed = fixtureSpec('batch', 'forever.js', [], { watchdog: { maxRuntimeSec: 10 } });
    const plain = fixtureSpec('web', 'forever.js');
    const units = [limited, timed, plain].map((spec, i) => ({ name: spec.name, spec, pid: 100 + i }) as unknown as Unit);
    const off = samplingPlan(makeManifest('/tmp', [limited, timed, plain], { statsIntervalSec: 0 }), units);
    assert.deepEqual(off, { intervalMs: WATCHDOG_SAMPLE_MS, includeChildren: false, targets: [{ process: 'hog', pid: 100, wrappers: WRAPPER_NAMES }], emitEmpty: false });
    const on = samplingPlan(makeManifest('/tmp', [limited, timed, plain], { statsIntervalSec: 2, statsIncludeChildren: true }), units);
    assert.deepEqual(on, { intervalMs: 2000, includeChildren: true, targets: units.map((u) => ({ process: u.name, pid: u.pid, wrappers: WRAPPER_NAMES })), emitEmpty: true });
    const setpriv = { ...plain, command: '/usr/bin/setpriv' };
    const own = samplingPlan(makeManifest('/tmp', [setpriv]), [{ name: 'web', spec: setpriv, pid: 7 } as unknown as Unit]);
    assert.deepEqual(own.targets[0]?.wrappers, new Set(['taskset']), 'a program called setpriv is itself once exec\'d');
  });
});
