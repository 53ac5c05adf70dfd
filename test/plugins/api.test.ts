// The public plugin API: exported from the package, definePlugin returns its argument typed, contexts are
// typed for plugin authors (this file type-checks against them), and names a stack uses need their plugins.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as pilot from '../../src/index.js';
import { definePlugin, PLUGIN_API_VERSION, type HookContext, type PilotControl, type ReadyCheckContext, type StatsBatch } from '../../src/index.js';
import { PilotError } from '../../src/errors.js';
import { attribute } from '../../src/plugins/stray-errors.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

describe('plugin API', () => {
  test('the package exports definePlugin, the version and loadPlugins; definePlugin returns the plugin unchanged', () => {
    assert.equal(typeof pilot.definePlugin, 'function');
    assert.equal(typeof pilot.loadPlugins, 'function');
    assert.equal(PLUGIN_API_VERSION, 1);
    assert.deepEqual(pilot.HOOK_EVENTS, ['pre_start', 'post_start', 'on_shutdown', 'on_restart']);
    const seen: string[] = [];
    const plugin = definePlugin({
      name: 'typed',
      apiVersion: 1,
      readyStrategies: {
        port: {
          describe: (params) => `port ${String(params.port)}`,
          async wait(ctx: ReadyCheckContext) {
            const remaining: number = ctx.deadline - performance.now();
            seen.push(`${ctx.process.name} ${ctx.pid} ${remaining > 0}`);
          },
        },
      },
      lifecycleHooks: { note: { timeoutSec: 2, on_shutdown: (ctx: HookContext) => void seen.push(`${ctx.reason ?? ''} ${ctx.exitCode ?? ''}`) } },
      statHandlers: { count: (batch: StatsBatch) => void seen.push(String(batch.samples.length)), file: { handle: () => {}, close: () => {} } },
      controlServers: { none: (control: PilotControl) => ({ start: () => void control.status(), stop: () => {} }) },
    });
    assert.equal(plugin.name, 'typed');
    assert.equal(definePlugin(plugin), plugin);
  });

  test('a stack whose manifest names hooks, handlers or a control server refuses to start without plugins (exit 2)', async (t) => {
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { lifecycleHooks: ['notify'] })]);
    const err = await h.pilot.start().then(() => assert.fail('should refuse'), (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.exitCode, 2);
    assert.match(err.message, /^unknown plugin names: lifecycle hook bundle "notify" of "api" \(no plugins are loaded\)$/);
    assert.equal((await h.pilot.done).exitCode, 2);
  });

  test('leaked errors are attributed by the plugin file in their stack; others are not', () => {
    const plugins = [{ name: 'a', file: '/srv/plugins/a.ts' }];
    const fromPlugin = new Error('boom');
    fromPlugin.stack = 'Error: boom\n    at Timeout._onTimeout (/srv/plugins/a.ts:3:9)\n    at listOnTimeout (node:internal/timers:581:17)';
    assert.deepEqual(attribute(fromPlugin, plugins, '/srv/plugins'), { plugin: plugins[0], file: '/srv/plugins/a.ts' });
    const fromUrl = new Error('boom');
    fromUrl.stack = 'Error: boom\n    at file:///srv/plugins/a.ts:3:9';
    assert.equal(attribute(fromUrl, plugins, '/srv/plugins')?.plugin, plugins[0]);
    const fromHelper = new Error('boom');
    fromHelper.stack = 'Error: boom\n    at helper (file:///srv/plugins/lib/util.js:1:1)';
    assert.deepEqual(attribute(fromHelper, plugins, '/srv/plugins'), { plugin: null, file: '/srv/plugins/lib/util.js' });
    const elsewhere = new Error('boom');
    elsewhere.stack = 'Error: boom\n    at main (/srv/app/main.js:1:1)\n    at /srv/plugins/node_modules/x/index.js:1:1';
    assert.equal(attribute(elsewhere, plugins, '/srv/plugins'), null);
    assert.equal(attribute('a string has no stack', plugins, '/srv/plugins'), null);
  });
});
