import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { awaitReady } from '../../src/ready/await-ready.js';
import type { ReadyContext, ReadyStrategy } from '../../src/ready/types.js';
import { activeCount, readyContext } from './context.js';

/** A strategy built from just the parts a test needs. */
function strategy(parts: Partial<ReadyStrategy>): ReadyStrategy {
  return { name: 'fake', describe: () => 'fake thing', notReadyText: 'not there', ...parts };
}

/** Runs `body` and asserts it left no timer, immediate or abort listener behind. */
async function withoutLeftovers(body: (parent: AbortController) => Promise<void>): Promise<void> {
  const timers = activeCount('Timeout');
  const immediates = activeCount('Immediate');
  const parent = new AbortController();
  await body(parent);
  assert.equal(activeCount('Timeout'), timers, 'a timer was left behind');
  assert.equal(activeCount('Immediate'), immediates, 'an immediate was left behind');
  assert.equal(getEventListeners(parent.signal, 'abort').length, 0, 'an abort listener was left on the parent signal');
}

describe('awaitReady', () => {
  test('a wait that resolves is ready, with what was awaited and how long it took', async () => {
    let seen: ReadyContext | undefined;
    const before = performance.now();
    const outcome = await awaitReady(
      strategy({ wait: async (ctx) => void (seen = ctx) }),
      readyContext({ port: 1 }),
      { timeoutMs: 5000 },
    );
    assert.deepEqual({ ...outcome, elapsedMs: 0 }, { ok: true, elapsedMs: 0, detail: 'fake thing' });
    assert.ok(outcome.elapsedMs >= 0 && outcome.elapsedMs < 1000);
    assert.ok(seen, 'wait was called');
    assert.deepEqual(seen.params, { port: 1 });
    assert.ok(seen.deadline >= before + 5000 && seen.deadline <= performance.now() + 5000, 'deadline is on the performance.now() clock');
    assert.equal(seen.signal.aborted, true, 'the strategy signal is aborted once settled, so nothing it started lingers');
  });

  test('check is polled until it returns true', async () => {
    let calls = 0;
    const outcome = await awaitReady(strategy({ pollIntervalMs: 5, check: () => ++calls >= 3 }), readyContext({}), { timeoutMs: 5000 });
    assert.equal(outcome.ok, true);
    assert.equal(calls, 3);
  });

  test('a check that throws is not ready yet; its message is kept for the timeout', async () => {
    let calls = 0;
    const outcome = await awaitReady(
      strategy({
        pollIntervalMs: 10,
        check: () => {
          calls += 1;
          throw new Error(`socket not bound (attempt ${calls})`);
        },
      }),
      readyContext({}),
      { timeoutMs: 150 },
    );
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'timeout');
    assert.ok(calls >= 2, `check polled more than once (got ${calls})`);
    assert.equal(outcome.message, `fake thing not there after 0.1s (last error: socket not bound (attempt ${calls}))`);
  });

  test('a strategy that ignores its signal still times out on time', async () => {
    let signal: AbortSignal | undefined;
    const outcome = await awaitReady(
      strategy({ wait: (ctx) => ((signal = ctx.signal), new Promise<void>(() => {})) }),
      readyContext({}),
      { timeoutMs: 200 },
    );
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'timeout');
    assert.equal(outcome.message, 'fake thing not there after 0.2s');
    assert.ok(outcome.elapsedMs >= 200 && outcome.elapsedMs < 1200, `elapsed ${outcome.elapsedMs}ms`);
    assert.equal(signal?.aborted, true);
  });

  test('a wait that rejects on abort with its own error reports it as the last error', async () => {
    const outcome = await awaitReady(
      strategy({
        wait: (ctx) => new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('ECONNREFUSED')))),
      }),
      readyContext({}),
      { timeoutMs: 50 },
    );
    assert.equal(outcome.ok, false);
    assert.equal(outcome.message, 'fake thing not there after 50ms (last error: ECONNREFUSED)');
  });

  test('a parent abort ends the wait at once as aborted, with the parent reason', async () => {
    await withoutLeftovers(async (parent) => {
      let signal: AbortSignal | undefined;
      const pending = awaitReady(strategy({ wait: (ctx) => ((signal = ctx.signal), new Promise<void>(() => {})) }), readyContext({}), {
        timeoutMs: 60_000,
        signal: parent.signal,
      });
      setImmediate(() => parent.abort(new Error('svc exited with code 1')));
      const outcome = await pending;
      assert.equal(outcome.ok, false);
      assert.equal(outcome.reason, 'aborted');
      assert.match(outcome.message, /^fake thing: wait aborted after \d+ms \(svc exited with code 1\)$/);
      assert.equal(signal?.aborted, true);
    });
  });

  test('an already aborted parent does not start the strategy', async () => {
    const parent = new AbortController();
    parent.abort();
    let called = false;
    const outcome = await awaitReady(strategy({ wait: async () => void (called = true) }), readyContext({}), { timeoutMs: 1000, signal: parent.signal });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'aborted');
    assert.equal(called, false);
  });

  test('a wait that fails (not by abort) is an error with its message', async () => {
    await withoutLeftovers(async (parent) => {
      const outcome = await awaitReady(strategy({ wait: () => Promise.reject(new Error('bad certificate')) }), readyContext({}), {
        timeoutMs: 60_000,
        signal: parent.signal,
      });
      assert.deepEqual({ ...outcome, elapsedMs: 0 }, { ok: false, reason: 'error', elapsedMs: 0, detail: 'fake thing', message: 'fake thing: bad certificate' });
    });
  });

  test('no timer, immediate or listener is left once settled, however it ends', async () => {
    await withoutLeftovers(async (parent) => {
      const outcome = await awaitReady(strategy({ wait: async () => {} }), readyContext({}), { timeoutMs: 60_000, signal: parent.signal });
      assert.equal(outcome.ok, true);
    });
    await withoutLeftovers(async (parent) => {
      let calls = 0;
      const outcome = await awaitReady(strategy({ pollIntervalMs: 1, check: () => ++calls > 2 }), readyContext({}), { timeoutMs: 60_000, signal: parent.signal });
      assert.equal(outcome.ok, true);
    });
    await withoutLeftovers(async (parent) => {
      const outcome = await awaitReady(strategy({ pollIntervalMs: 5, check: () => false }), readyContext({}), { timeoutMs: 30, signal: parent.signal });
      assert.equal(outcome.ok, false);
      assert.equal(outcome.reason, 'timeout');
    });
  });

  test('check is polled on a fixed grid: time spent in check does not accumulate as drift', async (t) => {
    let virtual = 0;
    const calledAt: number[] = [];
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const advance = async (ms: number): Promise<void> => {
      virtual += ms;
      mock.timers.tick(ms);
      await settle();
    };
    const pending = awaitReady(
      strategy({
        pollIntervalMs: 100,
        check: () => {
          calledAt.push(virtual);
          virtual += 30; // each check takes 30 ms of (virtual) time
          return calledAt.length === 4;
        },
      }),
      readyContext({}),
      { timeoutMs: 10_000, now: () => virtual },
    );
    await settle();
    // Each check ends 30 ms past its grid point, so the next is due 70 ms later; with drift it would be 100 ms.
    await advance(70);
    await advance(70);
    await advance(70);
    const outcome = await pending;
    assert.deepEqual(calledAt, [0, 100, 200, 300]);
    assert.equal(outcome.ok, true);
    assert.equal(outcome.elapsedMs, 330);
  });

  test('a check slower than the interval skips the ticks it overran instead of bunching up', async (t) => {
    let virtual = 0;
    const calledAt: number[] = [];
    mock.timers.enable({ apis: ['setTimeout'] });
    t.after(() => mock.timers.reset());
    const pending = awaitReady(
      strategy({
        pollIntervalMs: 100,
        check: () => {
          calledAt.push(virtual);
          virtual += 250;
          return calledAt.length === 2;
        },
      }),
      readyContext({}),
      { timeoutMs: 10_000, now: () => virtual },
    );
    await new Promise((resolve) => setImmediate(resolve));
    virtual += 50; // next grid point after 250 is 300
    mock.timers.tick(50);
    const outcome = await pending;
    assert.deepEqual(calledAt, [0, 300]);
    assert.equal(outcome.ok, true);
  });
});
