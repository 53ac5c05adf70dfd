// Plugins check their own parameters (validateParams): problems are diagnostics at the parameter's line in
// pilot validate, a stack with bad parameters refuses to start, a strategy's are checked again before each
// spawn; handlers get their stat_handler_params, strategies the child's environment.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStack } from '../../src/cli/load-stack.js';
import { PilotError } from '../../src/errors.js';
import { loadPlugins } from '../../src/plugins/load.js';
import { adaptReadyStrategy } from '../../src/plugins/ready-adapter.js';
import { PluginReporter } from '../../src/plugins/reporter.js';
import { runPilot } from '../cli/run-cli.js';
import { startUp } from '../helpers/cli-up.js';
import { fixturesDir } from '../helpers/paths.js';
import { expandManifest, writeManifest } from '../helpers/manifest-file.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { waitFor } from '../helpers/wait-for.js';

const pluginDir = join(fixturesDir, 'plugins', 'params');
const store = globalThis as { __pilotEnv?: Record<string, string>[]; __pilotStatsParams?: Record<string, unknown>[]; __pilotServerParams?: Record<string, unknown> };

describe('plugin parameters', () => {
  afterEach(() => {
    delete store.__pilotEnv;
    delete store.__pilotStatsParams;
    delete store.__pilotServerParams;
  });

  test('pilot validate: each problem a plugin finds is a diagnostic at the parameter (or the name using it), with its hint', async (t) => {
    const file = writeManifest(
      t,
      `plugin_directory: ${JSON.stringify(pluginDir)}
control_server: checked-server
control_server_params: { host: x }
stat_handler_params:
  checked-stats: { path: 3 }
  unused-stats: {}
  nobody: {}
processes:
  - name: a
    path: $NODE
    ready_strategy: checked
    ready_params:
      port: "80"
      headers: { Accept: nope }
    stat_handlers: [checked-stats]
  - name: b
    path: $NODE
    ready_strategy: checked
  - name: c
    path: $NODE
    ready_strategy: throws-check
  - name: d
    path: $NODE
    ready_strategy: junk-check
`,
    );
    const { result } = await loadStack(file, { cwd: fixturesDir });
    assert.equal(result.manifest, undefined);
    const got = result.diagnostics.map((d) => [d.code, d.severity, d.line, d.message, d.hint ?? null]);
    assert.deepEqual(got, [
      ['invalid-plugin-params', 'error', 3, 'control server "checked-server": control_server_params: port is required', null],
      ['invalid-plugin-params', 'error', 5, 'stat handler "checked-stats": stat_handler_params.checked-stats.path must be a string', null],
      ['unused-stat-handler-params', 'warning', 6, 'stat_handler_params of "unused-stats" are not used: no process lists it in stat_handlers', 'add "unused-stats" to the stat_handlers of the processes to sample, or remove its params'],
      ['unknown-stat-handler', 'error', 7, 'stat_handler_params names unknown stat handler "nobody"', 'available: checked-stats, unused-stats'],
      ['invalid-plugin-params', 'error', 13, 'process "a", ready strategy "checked": ready_params.port must be an integer, got "80"', null],
      ['invalid-plugin-params', 'error', 14, 'process "a", ready strategy "checked": ready_params.headers.Accept must not be "nope"', null],
      ['invalid-plugin-params', 'error', 18, 'process "b", ready strategy "checked": ready_params: needs a port', 'add ready_params: { port: N }'],
      ['invalid-plugin-params', 'error', 21, 'process "c", ready strategy "throws-check": ready_params: its validateParams threw: validator bug', null],
      ['invalid-plugin-params', 'error', 24, 'process "d", ready strategy "junk-check": ready_params: its validateParams returned something other than a list of problems', null],
    ]);
    assert.match(result.diagnostics[4]?.sourceLine ?? '', /port: "80"/);
  });

  test('a stack whose plugin parameters are rejected refuses to start (exit 2), naming each problem', async (t) => {
    const plugins = await loadPlugins(pluginDir);
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'checked', statHandlers: ['checked-stats'] })], {
      pilot: { plugins },
      manifest: { statHandlerParams: { 'checked-stats': { path: false } } },
    });
    const err = await h.pilot.start().then(() => assert.fail('should refuse'), (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'PLUGIN_INVALID');
    assert.equal(err.exitCode, 2);
    assert.equal(err.message, 'invalid plugin parameters: process "api": ready_params: needs a port; stat_handler_params.checked-stats.path must be a string');
  });

  test('pilot reload checks them too: a rejected parameter is a located diagnostic (exit 2) and nothing changes', async (t) => {
    const manifestText = (port: string) => `plugin_directory: ${JSON.stringify(pluginDir)}\nprocesses:\n  - name: api\n    path: $NODE\n    args: [$FIX(forever.js)]\n    ready_strategy: checked\n    ready_params: { port: ${port} }\n`;
    const file = writeManifest(t, manifestText('1'));
    const up = startUp(t, file);
    await up.waitForText('all processes ready');
    writeFileSync(file, expandManifest(manifestText('"x"')));
    const reload = await runPilot(['reload', '-f', file], { env: { PILOT_HOME: up.home } });
    assert.equal(reload.code, 2, reload.stdout + reload.stderr);
    assert.match(reload.stdout + reload.stderr, /pilot\.yaml:7:\d+: error: process "api", ready strategy "checked": ready_params\.port must be an integer, got "x"/);
    up.child.kill('SIGINT');
    assert.equal(await up.exited, 0);
    assert.doesNotMatch(up.output(), /api restarted/);
  });

  test('a strategy\'s parameters are checked again before each spawn: a problem fails the start without spawning', async () => {
    const plugins = await loadPlugins(pluginDir);
    const offer = plugins.readyStrategy('checked');
    assert.ok(offer);
    const strategy = adaptReadyStrategy(offer, new PluginReporter(() => {}));
    const spec = fixtureSpec('api', 'forever.js', [], { readyStrategy: 'checked', readyParams: { port: 'x' } });
    await assert.rejects(strategy.prepare?.({ process: spec, params: spec.readyParams, runtimeDir: '/tmp', log: () => {} }) ?? Promise.resolve(), {
      message: 'invalid ready_params.port must be an integer, got "x"',
    });
    await strategy.prepare?.({ process: spec, params: { port: 1 }, runtimeDir: '/tmp', log: () => {} });
  });

  test('a ready strategy gets the environment the child was spawned with; a handler its params; a server in object form its params', async (t) => {
    const plugins = await loadPlugins(pluginDir);
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'checked', readyParams: { port: 1 }, env: { OWN: 'own' }, statHandlers: ['checked-stats'] })], {
      pilot: { plugins },
      manifest: { env: { GLOBAL: 'global' }, statsIntervalSec: 0.05, statHandlerParams: { 'checked-stats': { path: 'stats.jsonl', nested: { deep: [1] } } }, controlServer: 'checked-server', controlServerParams: { port: 7 } },
    });
    await h.pilot.start();
    const env = store.__pilotEnv?.[0];
    assert.ok(env);
    assert.equal(env.OWN, 'own');
    assert.equal(env.GLOBAL, 'global');
    assert.equal(env.PILOT_STACK, h.stackId);
    assert.equal(env.PILOT_PROCESS, 'api');
    assert.deepEqual(store.__pilotServerParams, { port: 7 });
    const params = await waitFor(() => store.__pilotStatsParams?.[0], 'a stats tick reaching the handler');
    assert.deepEqual(params, { path: 'stats.jsonl', nested: { deep: [1] } });
    assert.ok(Object.isFrozen((params.nested as { deep: unknown }).deep), 'the params are deep-frozen copies');
  });
});
