// Plugin ready strategies take part exactly like the built-ins: through the registry, awaited with the
// deadline, reading the process's output; a strategy that ignores its signal cannot hold a start past it.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { BUILT_IN_SOURCE } from '../../src/ready/registry.js';
import { createPluginRuntime } from '../../src/plugins/runtime.js';
import { EventBus } from '../../src/supervisor/event-bus.js';
import { stackPaths } from '../../src/control/state-dir.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';
import { recorded, stackPluginDir, stackPlugins } from './plugin-stack.js';

async function bootError(start: Promise<void>): Promise<PilotError> {
  const err = await start.then(() => assert.fail('start() should have rejected'), (e: unknown) => e);
  assert.ok(err instanceof PilotError, String(err));
  return err;
}

describe('plugin ready strategies', () => {
  beforeEach(() => recorded.reset());

  test('they sit in the one registry beside the built-ins, registered from their file', async () => {
    const plugins = await stackPlugins();
    const manifest = makeManifest('/tmp', [fixtureSpec('a', 'forever.js')]);
    const { registry } = createPluginRuntime(plugins, { manifest, paths: stackPaths(manifest.file), bus: new EventBus(), target: () => assert.fail('not used') });
    assert.deepEqual(registry.names(), ['deaf', 'deafcheck', 'fails', 'file', 'line', 'pipe', 'polled', 'tcp']);
    assert.equal(registry.sourceOf('tcp'), BUILT_IN_SOURCE);
    assert.equal(registry.sourceOf('line'), join(stackPluginDir, 'ready.mjs'));
  });

  test('wait() reading the output: ready when the line comes, with the strategy\'s own description', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'line', readyParams: { text: 'armed' } })], { pilot: { plugins } });
    await h.pilot.start();
    const [ready] = h.ofType('ready');
    assert.equal(ready?.detail, 'line "armed"');
    assert.equal(h.pilot.status()[0]?.ready_detail, 'line "armed"');
  });

  test('check() polled: a thrown error is "not ready yet", and the last one is in the timeout message', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(
      t,
      [
        fixtureSpec('soon', 'forever.js', [], { readyStrategy: 'polled', readyParams: { after: 100 } }),
        fixtureSpec('never', 'forever.js', [], { readyStrategy: 'polled', readyParams: { after: 60_000 }, readyTimeoutSec: 0.4, dependencies: ['soon'] }),
      ],
      { pilot: { plugins } },
    );
    const err = await bootError(h.pilot.start());
    assert.equal(h.ofType('ready')[0]?.process, 'soon');
    assert.equal(err.context.process, 'never');
    assert.equal(err.context.detail, 'polled not ready after 0.4s (last error: not yet)');
  });

  test('a wait() that ignores its signal and never settles: the start fails at the deadline, and the plugin is named', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'deaf', readyTimeoutSec: 0.3 })], { pilot: { plugins } });
    const started = performance.now();
    const err = await bootError(h.pilot.start());
    assert.ok(performance.now() - started < 3000, 'the deadline held');
    assert.equal(err.context.detail, 'deaf not ready after 0.3s');
    const warning = await h.waitEvent('plugin', (e) => e.source === 'ready strategy "deaf"', 'the ignored signal to be reported');
    assert.equal(warning.plugin, 'strategies');
    assert.equal(warning.file, join(stackPluginDir, 'ready.mjs'));
    assert.match(warning.message, /^its wait\(\) ignored the abort signal: still pending 1 s after it fired/);
  });

  test('a check() that never settles is cut off at the deadline too', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'deafcheck', readyTimeoutSec: 0.3 })], { pilot: { plugins } });
    const err = await bootError(h.pilot.start());
    assert.equal(err.context.detail, 'deafcheck not ready after 0.3s');
  });

  test('a wait() that rejects before the deadline fails the start at once, naming the strategy and plugin', async (t) => {
    const plugins = await stackPlugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'fails', readyTimeoutSec: 30 })], { pilot: { plugins } });
    const started = performance.now();
    const err = await bootError(h.pilot.start());
    assert.ok(performance.now() - started < 5000);
    assert.equal(err.context.detail, `fails: broken on purpose (ready strategy "fails", plugin "strategies" (${join(stackPluginDir, 'ready.mjs')}))`);
  });
});
