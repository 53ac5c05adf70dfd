// Lifecycle hooks through a real stack (real children): each hook at its moment with its payload, in
// series across bundles, failures and timeouts reported with plugin and hook, a failing pre_start failing its start.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import type { PilotEvent } from '../../src/supervisor/events.js';
import type { Harness } from '../helpers/supervisor-harness.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { recorded, stackPluginDir, stackPlugins } from './plugin-stack.js';

const hooksFile = join(stackPluginDir, 'hooks.ts');

// One timeline of hook calls and the events around them: both run on pilot's thread, so the order is exact.
function timeline(h: Harness): string[] {
  const marks: string[] = [];
  const seen = new Set<object>();
  const note = (e: PilotEvent): void => {
    let mark: string | null = null;
    if (e.type === 'spawn' || e.type === 'ready' || e.type === 'backoff') mark = e.type;
    else if (e.type === 'exit') mark = `exit ${e.code ?? e.signal}`;
    else if (e.type === 'state' && (e.to === 'running' || e.to === 'failed' || e.to === 'stopped')) mark = e.to;
    // Hooks recorded since the last event ran before this one.
    for (const record of recorded.hooks) {
      if (seen.has(record)) continue;
      seen.add(record);
      marks.push(`${record.bundle} ${record.event}`);
    }
    if (mark !== null) marks.push(mark);
  };
  h.pilot.on(note);
  return marks;
}

/** The hook calls recorded so far, as `bundle event` (for the processes given). */
const calls = (): string[] => recorded.hooks.map((r) => `${r.bundle} ${r.event}`);

describe('lifecycle hooks on a real stack', () => {
  beforeEach(() => recorded.reset());

  test('pre_start before the spawn, post_start after ready and before running, on_shutdown after the stop; each with its payload', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'line', readyParams: { text: 'armed' }, lifecycleHooks: ['record'] })], { pilot: { plugins } });
    const marks = timeline(h);
    await h.pilot.start();
    assert.deepEqual(marks, ['record pre_start', 'spawn', 'ready', 'record post_start', 'running']);
    const spawn = h.ofType('spawn')[0];
    await h.pilot.stop();
    assert.deepEqual(marks.slice(5), ['exit 0', 'record on_shutdown', 'stopped']);
    const [pre, post, shutdown] = recorded.hooks;
    assert.deepEqual({ ...pre, lines: [] }, { bundle: 'record', event: 'pre_start', process: 'api', pid: null, exitCode: null, signal: null, reason: null, restarts: 0, lines: [] });
    assert.deepEqual(post, { bundle: 'record', event: 'post_start', process: 'api', pid: spawn?.pid, exitCode: null, signal: null, reason: null, restarts: 0, lines: ['armed'] });
    assert.deepEqual(shutdown, { bundle: 'record', event: 'on_shutdown', process: 'api', pid: spawn?.pid, exitCode: 0, signal: null, reason: 'stopped: stop requested', restarts: 0, lines: ['armed'] });
  });

  test('a crash: on_shutdown with the exit, then pre_start, post_start and on_restart of the restart, with why', async (t) => {
    const plugins = await stackPlugins();
    const dir = tmpDir('pilot-crash-once-');
    t.after(dir.remove);
    const h = makeHarness(t, [fixtureSpec('worker', 'crash-once.js', [join(dir.path, 'crashed')], { lifecycleHooks: ['record'] })], { pilot: { plugins } });
    const marks = timeline(h);
    await h.pilot.start();
    await waitFor(() => calls().includes('record on_restart') && h.pilot.status()[0]?.state === 'running', 'the restart to be running');
    assert.deepEqual(marks, [
      'record pre_start', 'spawn', 'ready', 'record post_start', 'running',
      'exit 3', 'record on_shutdown', 'backoff',
      'record pre_start', 'spawn', 'ready', 'record post_start', 'record on_restart', 'running',
    ]);
    const [, , shutdown, pre, post, restart] = recorded.hooks;
    assert.deepEqual([shutdown?.exitCode, shutdown?.reason, shutdown?.lines], [3, 'exited with code 3', ['first run']]);
    assert.deepEqual([pre?.pid, pre?.exitCode, pre?.reason, pre?.restarts], [null, 3, 'exited with code 3', 0], 'pre_start of a restart is told of the previous end');
    assert.deepEqual([post?.reason, post?.restarts, restart?.reason, restart?.restarts], ['exited with code 3', 1, 'exited with code 3', 1]);
    assert.equal(restart?.pid, h.ofType('spawn')[1]?.pid);
  });

  test('a requested restart: on_shutdown says why it stopped, on_restart follows post_start, and restart() waits for both', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'line', readyParams: { text: 'armed' }, lifecycleHooks: ['record'] })], { pilot: { plugins } });
    await h.pilot.start();
    recorded.reset();
    const marks = timeline(h);
    await h.pilot.restart(['api']);
    assert.deepEqual(marks, ['exit 0', 'record on_shutdown', 'stopped', 'record pre_start', 'spawn', 'ready', 'record post_start', 'record on_restart', 'running']);
    assert.deepEqual(recorded.hooks.map((r) => r.reason), ['stopped: restart requested', 'restart requested', 'restart requested', 'restart requested']);
  });

  test('the hooks of one event run in series, bundle by bundle in manifest order', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['second', 'record'] })], { pilot: { plugins } });
    await h.pilot.start();
    await h.pilot.stop();
    assert.deepEqual(calls(), ['second pre_start', 'record pre_start', 'second post_start', 'record post_start', 'second on_shutdown', 'record on_shutdown']);
  });

  test('a failing pre_start fails that start: state failed with the plugin, file and hook in the reason; nothing is spawned', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { env: { HOOK_THROW: 'pre_start' }, lifecycleHooks: ['record', 'second'] })], { pilot: { plugins } });
    const err = await h.pilot.start().then(() => assert.fail('the boot should fail'), (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'BOOT_FAILED');
    const reason = `cannot start "api": its pre_start hook of "record" (plugin "recorder" (${hooksFile})) failed: record pre_start failed on purpose`;
    assert.equal(err.message, `boot failed: ${reason}`);
    assert.deepEqual(h.pilot.status().map((s) => [s.state, s.reason]), [['failed', reason]]);
    assert.equal(h.ofType('spawn').length, 0);
    assert.deepEqual(calls(), ['record pre_start'], 'later pre_start hooks do not run');
    const [event] = h.ofType('plugin');
    assert.deepEqual(
      { plugin: event?.plugin, file: event?.file, source: event?.source, process: event?.process, level: event?.level, message: event?.message },
      { plugin: 'recorder', file: hooksFile, source: 'pre_start hook of "record"', process: 'api', level: 'warning', message: 'failed: record pre_start failed on purpose (process "api"); "api" is not started' },
    );
    assert.match(event?.stack ?? '', /hooks\.ts/, 'the stack is in the event, for --debug');
  });

  test('a failing post_start or on_shutdown is reported and changes nothing', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { env: { HOOK_THROW: 'post_start,on_shutdown' }, lifecycleHooks: ['record'] })], { pilot: { plugins } });
    await h.pilot.start();
    assert.equal(h.pilot.status()[0]?.state, 'running');
    await h.pilot.stop();
    assert.equal(h.pilot.status()[0]?.state, 'stopped');
    assert.deepEqual(h.ofType('plugin').map((e) => `${e.source}: ${e.message}`), [
      'post_start hook of "record": failed: record post_start failed on purpose (process "api")',
      'on_shutdown hook of "record": failed: record on_shutdown failed on purpose (process "api")',
    ]);
  });

  test('a hook that hangs is cut off at hook_timeout_sec, reported, and the process runs on', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { env: { HOOK_HANG: 'post_start' }, hookTimeoutSec: 0.3, lifecycleHooks: ['record'] })], { pilot: { plugins } });
    const started = performance.now();
    await h.pilot.start();
    const took = performance.now() - started;
    assert.ok(took >= 300 && took < 5000, `start took ${took} ms`);
    assert.equal(h.pilot.status()[0]?.state, 'running');
    assert.deepEqual(h.ofType('plugin').map((e) => e.message), ['timed out after 0.3s (process "api")']);
  });

  test('a bundle\'s own timeoutSec applies unless the process sets hook_timeout_sec', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(
      t,
      [fixtureSpec('own', 'forever.js', [], { lifecycleHooks: ['quick'] }), fixtureSpec('set', 'forever.js', [], { lifecycleHooks: ['quick'], hookTimeoutSec: 0.5 })],
      { pilot: { plugins } },
    );
    await h.pilot.start();
    const byProcess = Object.fromEntries(h.ofType('plugin').map((e) => [e.process, e.message]));
    assert.deepEqual(byProcess, { own: 'timed out after 0.3s (process "own")', set: 'timed out after 0.5s (process "set")' });
  });

  test('killing the stack cuts hooks in flight short', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { env: { HOOK_HANG: 'on_shutdown' }, hookTimeoutSec: 60, lifecycleHooks: ['record'] })], { pilot: { plugins } });
    await h.pilot.start();
    const stopping = h.pilot.stop();
    await waitFor(() => calls().includes('record on_shutdown'), 'on_shutdown to be running');
    const started = performance.now();
    await h.pilot.kill();
    await stopping;
    assert.ok(performance.now() - started < 5000, 'kill did not wait for the hook');
    assert.deepEqual(h.ofType('plugin'), [], 'a cancelled hook is not a failure');
  });
});
