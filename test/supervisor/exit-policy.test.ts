// The exit policy in virtual time, against a stand-in unit. Regression: a failing pre_start on an automatic
// restart failed the process for good, even with shutdown_strategy: restart; now it is a failed start that
// goes through the backoff and the restart budget (as systemd applies Restart= when ExecStartPre fails),
// while a first start (or a start asked for) still fails at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PilotError } from '../../src/errors.js';
import { newActivation, type Activation } from '../../src/supervisor/activation.js';
import type { PilotEvent } from '../../src/supervisor/events.js';
import { ExitPolicy } from '../../src/supervisor/exit-policy.js';
import type { UnitContext } from '../../src/supervisor/unit-context.js';
import { VirtualClock } from '../helpers/supervisor-clock.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

const REFUSED = 'cannot start "api": its pre_start hook of "gate" (plugin "p" (p.js)) failed: not now';

function setup() {
  const clock = new VirtualClock();
  const events: PilotEvent[] = [];
  const states: string[] = [];
  const spec = fixtureSpec('api', 'forever.js', [], { restartPolicy: { backoffInitialSec: 0.1, backoffFactor: 2, maxRestarts: 3, windowSec: 60 } });
  const ctx = { clock, emit: (e: PilotEvent) => events.push(e), shutdownEverything: () => assert.fail('not this strategy') } as unknown as UnitContext;
  const policy = new ExitPolicy({ name: 'api', ctx, spec: () => spec, setState: (to, reason) => states.push(`${to}: ${reason ?? ''}`), release: () => {}, lastLines: () => ['last line'] });
  // When (virtual ms) a promise settled, and with what.
  const timed = <T>(p: Promise<T>): { value?: T; at?: number } => {
    const out: { value?: T; at?: number } = {};
    void p.then((value) => Object.assign(out, { value, at: clock.now() }));
    return out;
  };
  return { clock, events, states, policy, timed };
}

/** An activation whose start was answered (the process ran): what follows is a restart. */
function runningActivation(): Activation {
  const act = newActivation();
  act.settled = true;
  act.resolve();
  return act;
}

describe('exit policy: a failing pre_start', () => {
  test('on a restart: backoff at the usual delays (100, 200, 400 ms), then the restart budget is spent', async () => {
    const { clock, events, states, policy, timed } = setup();
    const act = runningActivation();
    for (const [i, delay] of [100, 200, 400].entries()) {
      const retry = timed(policy.cannotStart(act, REFUSED, 'HOOK_FAILED'));
      const from = clock.now();
      await clock.advance(delay - 1);
      assert.equal(retry.at, undefined, `attempt ${i + 1} still backing off`);
      await clock.advance(1);
      assert.deepEqual(retry, { value: true, at: from + delay });
    }
    assert.deepEqual(events.map((e) => (e.type === 'backoff' ? [e.delayMs, e.restarts] : e.type)), [[100, 1], [200, 2], [400, 3]]);
    assert.equal(await policy.cannotStart(act, REFUSED, 'HOOK_FAILED'), false);
    assert.deepEqual(states, [
      `backoff: ${REFUSED}; restarting in 0.1 s`,
      `backoff: ${REFUSED}; restarting in 0.2 s`,
      `backoff: ${REFUSED}; restarting in 0.4 s`,
      `failed: ${REFUSED}; restart budget spent: 3 restarts within 60 s`,
    ]);
    assert.ok(act.controller.signal.aborted, 'the activation is over');
  });

  test('on a restart, stopped during the backoff: false at once', async () => {
    const { clock, policy, timed } = setup();
    const act = runningActivation();
    const retry = timed(policy.cannotStart(act, REFUSED, 'HOOK_FAILED'));
    await clock.advance(10);
    act.controller.abort();
    await clock.advance(0);
    assert.deepEqual(retry, { value: false, at: 10 });
  });

  test('on a first start (or one asked for): that start fails with HOOK_FAILED, no backoff', async () => {
    const { events, states, policy } = setup();
    const act = newActivation();
    assert.equal(await policy.cannotStart(act, REFUSED, 'HOOK_FAILED'), false);
    const err = await act.promise.then(() => assert.fail('the start should fail'), (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.deepEqual([err.code, err.message, err.context.lastLines], ['HOOK_FAILED', REFUSED, ['last line']]);
    assert.deepEqual(states, [`failed: ${REFUSED}`]);
    assert.deepEqual(events, []);
  });

  test('other reasons nothing could be spawned fail even a restart (a missing binary does not come back)', async () => {
    const { states, policy } = setup();
    assert.equal(await policy.cannotStart(runningActivation(), 'cannot start "api": /nope not found (ENOENT)', 'SPAWN_FAILED'), false);
    assert.deepEqual(states, ['failed: cannot start "api": /nope not found (ENOENT)']);
  });
});
