// The restart policy in virtual time: exact backoff delays, reset after a stable run, and the budget.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RestartTracker } from '../../src/supervisor/restart-policy.js';
import { defaultRestartPolicy } from '../helpers/supervisor-spec.js';

function tracker(policy: Partial<typeof defaultRestartPolicy> = {}): { t: RestartTracker; clock: { now: number } } {
  const clock = { now: 0 };
  return { t: new RestartTracker({ ...defaultRestartPolicy, ...policy }, () => clock.now), clock };
}

describe('RestartTracker', () => {
  test('backs off exponentially from backoff_initial_sec, capped at backoff_max_sec', () => {
    const { t, clock } = tracker({ backoffInitialSec: 0.1, backoffFactor: 2, backoffMaxSec: 1, maxRestarts: 0 });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const d = t.onCrash(10);
      assert.equal(d.action, 'restart');
      if (d.action === 'restart') delays.push(d.delayMs);
      clock.now += 1000;
    }
    assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000, 1000]);
  });

  test('a run of at least reset_after_sec starts the backoff over', () => {
    const { t } = tracker({ backoffInitialSec: 0.5, backoffFactor: 3, resetAfterSec: 30, maxRestarts: 0 });
    assert.deepEqual(t.onCrash(0), { action: 'restart', delayMs: 500, restarts: 1 });
    assert.deepEqual(t.onCrash(29_999), { action: 'restart', delayMs: 1500, restarts: 2 });
    assert.deepEqual(t.onCrash(30_000), { action: 'restart', delayMs: 500, restarts: 3 });
  });

  test('gives up when more than max_restarts would fall within window_sec', () => {
    const { t, clock } = tracker({ backoffInitialSec: 0, maxRestarts: 3, windowSec: 60 });
    for (let i = 0; i < 3; i++) {
      assert.equal(t.onCrash(0).action, 'restart');
      clock.now += 1000;
    }
    const d = t.onCrash(0);
    assert.equal(d.action, 'give-up');
    if (d.action === 'give-up') assert.equal(d.reason, 'restart budget spent: 3 restarts within 60 s');
  });

  test('restarts older than the window no longer count', () => {
    const { t, clock } = tracker({ backoffInitialSec: 0, maxRestarts: 2, windowSec: 10 });
    assert.equal(t.onCrash(0).action, 'restart'); // t=0
    clock.now = 5_000;
    assert.equal(t.onCrash(0).action, 'restart'); // t=5s
    clock.now = 9_999;
    assert.equal(t.onCrash(0).action, 'give-up');
    clock.now = 10_000; // the restart at t=0 has left the window
    assert.equal(t.onCrash(0).action, 'restart');
  });

  test('max_restarts 0 means unlimited', () => {
    const { t } = tracker({ backoffInitialSec: 0, maxRestarts: 0 });
    for (let i = 0; i < 1000; i++) assert.equal(t.onCrash(0).action, 'restart');
  });

  test('reset() forgets the budget and the backoff', () => {
    const { t } = tracker({ backoffInitialSec: 1, maxRestarts: 1 });
    assert.deepEqual(t.onCrash(0), { action: 'restart', delayMs: 1000, restarts: 1 });
    assert.equal(t.onCrash(0).action, 'give-up');
    t.reset();
    assert.equal(t.onCrash(0).action, 'restart');
  });

  // Regression (found by the soak): with backoff_initial_sec 0 the exponent grew on every crash; from the
  // 1,025th crash on, 0 × 2 ** 1024 = 0 × Infinity gave a NaN delay ("restarting in NaN s").
  test('backoff 0 stays 0 after thousands of crashes, and a capped backoff stays at the cap', () => {
    let now = 0;
    const zero = new RestartTracker({ ...defaultRestartPolicy, backoffInitialSec: 0, backoffMaxSec: 0, maxRestarts: 0 }, () => now);
    const capped = new RestartTracker({ ...defaultRestartPolicy, maxRestarts: 0 }, () => now);
    for (let i = 0; i < 3000; i++) {
      now += 50;
      const a = zero.onCrash(50);
      const b = capped.onCrash(50);
      assert.ok(a.action === 'restart' && a.delayMs === 0, `crash ${i + 1}: ${JSON.stringify(a)}`);
      assert.ok(b.action === 'restart' && Number.isFinite(b.delayMs) && b.delayMs <= defaultRestartPolicy.backoffMaxSec * 1000, `crash ${i + 1}: ${JSON.stringify(b)}`);
    }
  });
});
