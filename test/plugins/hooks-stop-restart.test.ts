// Regression tests, on real stacks. Ctrl-C during a hanging pre_start: pilot said "stopped", then, at the hook's
// timeout, "pre_start hook … timed out" (and stayed alive until then). A failing pre_start on an automatic
// restart left the process failed for good, even with shutdown_strategy: restart. `restarts` counted a
// stop + start as a restart. A ready strategy ignoring its signal was reported after the failed boot had
// ended (so never, by the CLI).
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Harness } from '../helpers/supervisor-harness.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';
import { WaitTimeoutError, waitFor } from '../helpers/wait-for.js';
import { lifecyclePluginFile, lifecyclePlugins, notes, rejection } from './lifecycle-plugins.js';
import { recorded, stackPlugins } from './plugin-stack.js';

/** No `plugin` event comes within `ms` (a report that would come late, e.g. at a hook's timeout). */
async function noReportWithin(h: Harness, ms: number): Promise<void> {
  const since = h.events.length;
  await assert.rejects(h.waitEvent('plugin', () => true, 'a late plugin report', ms, since), WaitTimeoutError);
}

const statesOf = (h: Harness, process: string): string[] => h.ofType('state').filter((e) => e.process === process).map((e) => e.to);

describe('hooks when a start is abandoned, a pre_start failing on a restart, what counts as a restart', () => {
  beforeEach(() => {
    notes.reset();
    recorded.reset();
  });

  test('a stop during a hanging pre_start aborts it: its abortSignal fires, the stop does not wait, and nothing is reported later', async (t) => {
    const plugins = await lifecyclePlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['pre-start-hangs'], hookTimeoutSec: 0.5 })], { pilot: { plugins } });
    const booting = rejection(h.pilot.start());
    await waitFor(() => notes.all.includes('pre_start api'), 'pre_start to be running');
    const stopped = performance.now();
    await h.pilot.stop();
    assert.ok(performance.now() - stopped < 1000, 'the stop did not wait for the hook');
    assert.match((await booting).message, /^boot interrupted/);
    assert.deepEqual(notes.all, ['pre_start api', 'pre_start aborted']);
    await noReportWithin(h, 1000); // its 0.5 s timeout would have been reported by now
    assert.equal(h.ofType('spawn').length, 0);
    assert.deepEqual(statesOf(h, 'api'), ['stopped']);
  });

  test('a stop during a hanging post_start aborts it too, and the child is stopped', async (t) => {
    const plugins = await lifecyclePlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['post-start-hangs'], hookTimeoutSec: 60 })], { pilot: { plugins } });
    const booting = rejection(h.pilot.start());
    await waitFor(() => notes.all.includes('post_start api'), 'post_start to be running');
    const stopped = performance.now();
    await h.pilot.stop();
    assert.ok(performance.now() - stopped < 2000, 'the stop did not wait for the hook');
    assert.match((await booting).message, /^boot interrupted/);
    assert.deepEqual(notes.all, ['post_start api', 'post_start aborted']);
    assert.deepEqual(statesOf(h, 'api'), ['starting', 'stopping', 'stopped']);
    assert.deepEqual(h.ofType('plugin'), []);
  });

  test('a failing pre_start on an automatic restart goes through the backoff, and the process comes back', async (t) => {
    const plugins = await lifecyclePlugins();
    const dir = tmpDir('pilot-crash-once-');
    t.after(dir.remove);
    const h = makeHarness(
      t,
      [fixtureSpec('worker', 'crash-once.js', [join(dir.path, 'crashed')], { lifecycleHooks: ['fails-on-restart'], env: { PRE_START_FAILURES: '2' }, restartPolicy: { backoffInitialSec: 0.05 } })],
      { pilot: { plugins } },
    );
    await h.pilot.start();
    await waitFor(() => h.ofType('ready').length === 2 && h.pilot.status()[0]?.state === 'running', 'the second child to be running');
    assert.deepEqual(statesOf(h, 'worker'), ['starting', 'running', 'backoff', 'backoff', 'backoff', 'starting', 'running']);
    const refused = (n: number): string => `cannot start "worker": its pre_start hook of "fails-on-restart" (plugin "lifecycle" (${lifecyclePluginFile})) failed: restart ${n} refused`;
    const backoffs = h.ofType('state').filter((e) => e.to === 'backoff').map((e) => e.reason);
    assert.deepEqual(backoffs, ['exited with code 3; restarting in 0.05 s', `${refused(1)}; restarting in 0.1 s`, `${refused(2)}; restarting in 0.2 s`]);
    assert.deepEqual(notes.all, ['pre_start of restart 1 (restarts 0)', 'pre_start of restart 2 (restarts 0)', 'pre_start of restart 3 (restarts 0)']);
    assert.equal(h.pilot.status()[0]?.restarts, 1, 'one restart spawned a child');
  });

  test('a pre_start that keeps failing on restarts spends the restart budget: failed, with both reasons', async (t) => {
    const plugins = await lifecyclePlugins();
    const dir = tmpDir('pilot-crash-once-');
    t.after(dir.remove);
    const h = makeHarness(t, [fixtureSpec('worker', 'crash-once.js', [join(dir.path, 'crashed')], { lifecycleHooks: ['fails-on-restart'], restartPolicy: { backoffInitialSec: 0.02, maxRestarts: 2 } })], {
      pilot: { plugins },
    });
    await h.pilot.start();
    const failed = await h.waitEvent('state', (e) => e.to === 'failed', 'the budget to be spent');
    assert.equal(failed.reason, `cannot start "worker": its pre_start hook of "fails-on-restart" (plugin "lifecycle" (${lifecyclePluginFile})) failed: restart 2 refused; restart budget spent: 2 restarts within 60 s`);
    assert.deepEqual(statesOf(h, 'worker'), ['starting', 'running', 'backoff', 'backoff', 'failed']);
    assert.equal(h.ofType('spawn').length, 1);
  });

  test('a failing pre_start of a restart asked for (pilot restart) fails that restart, with no backoff', async (t) => {
    const plugins = await lifecyclePlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['fails-on-restart'] })], { pilot: { plugins } });
    await h.pilot.start();
    const err = await rejection(h.pilot.restart(['api']));
    assert.equal(err.code, 'HOOK_FAILED');
    assert.deepEqual(statesOf(h, 'api'), ['starting', 'running', 'stopping', 'stopped', 'pending', 'failed']);
    assert.equal(h.ofType('backoff').length, 0);
  });

  test('restarts: a pilot restart counts (ps and the hooks agree); a stop followed by a start does not', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['record'] })], { pilot: { plugins } });
    await h.pilot.start();
    await h.pilot.stopProcesses(['api']);
    await h.pilot.startProcesses(['api']);
    assert.equal(h.pilot.status()[0]?.restarts, 0);
    await h.pilot.restart(['api']);
    assert.equal(h.pilot.status()[0]?.restarts, 1);
    const seen = recorded.hooks.filter((r) => r.event !== 'on_shutdown').map((r) => `${r.event} ${r.restarts}`);
    assert.deepEqual(seen, ['pre_start 0', 'post_start 0', 'pre_start 0', 'post_start 0', 'pre_start 0', 'post_start 1', 'on_restart 1']);
  });

  test('a ready strategy ignoring its signal, when the boot fails: reported before the stack has stopped', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'deaf', readyTimeoutSec: 0.2 })], { pilot: { plugins } });
    await rejection(h.pilot.start());
    await h.pilot.done;
    const warning = h.events.findIndex((e) => e.type === 'plugin' && e.message.startsWith('its wait() ignored the abort signal: still pending 1 s after it fired'));
    const stopped = h.events.findIndex((e) => e.type === 'stack' && e.phase === 'stopped');
    assert.ok(warning >= 0 && warning < stopped, `the warning (event ${warning}) comes before "stopped" (event ${stopped})`);
  });
});
