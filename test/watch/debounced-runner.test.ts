// The debounce policy in virtual time: one run per window, never two at once, one more after a run
// for changes that came during it, and temporary files that came and went left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DebouncedRunner } from '../../src/watch/debounced-runner.js';
import { VirtualClock } from '../helpers/supervisor-clock.js';

function setup(delayMs = 300) {
  const clock = new VirtualClock();
  const runs: { at: number; files: string[] }[] = [];
  let release: (() => void) | null = null;
  let concurrent = 0;
  let maxConcurrent = 0;
  const runner = new DebouncedRunner(delayMs, clock, (files) => {
    runs.push({ at: clock.now(), files });
    concurrent += 1;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    return new Promise<void>((resolve) => {
      release = () => {
        concurrent -= 1;
        release = null;
        resolve();
      };
    });
  });
  return { clock, runs, runner, finish: () => release?.(), maxConcurrent: () => maxConcurrent };
}

test('a burst of changes is one run, debounce_ms after the last change, with every file (latest first)', async () => {
  const { clock, runs, runner } = setup(300);
  runner.notify('/w/a.js', 'change');
  await clock.advance(100);
  runner.notify('/w/b.js', 'change');
  await clock.advance(200);
  runner.notify('/w/a.js', 'change');
  await clock.advance(299);
  assert.equal(runs.length, 0, 'the window stays open while changes keep coming');
  await clock.advance(1);
  assert.deepEqual(runs, [{ at: 600, files: ['/w/a.js', '/w/b.js'] }]);
});

test('changes during a run lead to exactly one more run after it, never a parallel one', async () => {
  const s = setup(300);
  s.runner.notify('/w/a.js', 'change');
  await s.clock.advance(300);
  assert.equal(s.runs.length, 1);
  s.runner.notify('/w/b.js', 'change');
  await s.clock.advance(300);
  s.runner.notify('/w/c.js', 'change');
  await s.clock.advance(300);
  assert.equal(s.runs.length, 1, 'the first run is still under way');
  assert.ok(s.runner.busy);
  s.finish();
  await s.clock.advance(0);
  assert.equal(s.runs.length, 2);
  assert.deepEqual(s.runs[1]?.files, ['/w/c.js', '/w/b.js']);
  s.finish();
  await s.clock.advance(10_000);
  assert.equal(s.runs.length, 2);
  assert.equal(s.maxConcurrent(), 1);
  assert.equal(s.runner.busy, false);
});

test('a temporary file created and removed within the window does not count; alone, it runs nothing', async () => {
  const { clock, runs, runner } = setup(100);
  runner.notify('/w/app.js.tmp.123', 'add');
  runner.notify('/w/app.js.tmp.123', 'unlink');
  runner.notify('/w/app.js', 'change');
  await clock.advance(100);
  assert.deepEqual(runs.map((r) => r.files), [['/w/app.js']]);
  runner.notify('/w/x.tmp', 'add');
  runner.notify('/w/x.tmp', 'unlink');
  await clock.advance(1000);
  assert.equal(runs.length, 1);
});

test('a file removed counts (deleting code is a change), and close() cancels what is pending', async () => {
  const { clock, runs, runner, finish } = setup(50);
  runner.notify('/w/old.js', 'unlink');
  await clock.advance(50);
  assert.deepEqual(runs[0]?.files, ['/w/old.js']);
  finish();
  runner.notify('/w/a.js', 'change');
  runner.close();
  await clock.advance(1000);
  assert.equal(runs.length, 1);
  assert.equal(clock.pending, 0);
});
