// Loading a plugin directory: every file kind, name order, files that are not plugins, clashes, and
// every way a file fails to be a plugin — each a problem naming the file, never a throw.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { loadPlugins, loadPluginsStrict, oneLine } from '../../src/plugins/load.js';
import { pluginFiles } from '../../src/plugins/discover.js';
import { mentionsPilot } from '../../src/plugins/mentions-pilot.js';
import { selfResolved } from '../../src/plugins/pilot-alias.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpDir } from '../helpers/tmp.js';
import { fixturesDir, repoRoot } from '../helpers/paths.js';

const dir = (name: string): string => join(fixturesDir, 'plugins', name);
const loadOrder = (): string[] => (globalThis as { __pilotLoadOrder?: string[] }).__pilotLoadOrder ?? [];

describe('plugin loader', () => {
  test('each file kind loads: .mjs, .cjs (require of pilot), .js, .ts (importing pilot and a .ts helper), in name order', async () => {
    const set = await loadPlugins(dir('kinds'));
    assert.deepEqual(set.problems, []);
    assert.deepEqual(set.plugins.map((p) => p.name), ['a-esm', 'b-cjs', 'c-plain', 'd-typed']);
    assert.deepEqual(set.plugins.map((p) => p.file), ['a-esm.mjs', 'b-cjs.cjs', 'c-plain.js', 'd-typed.ts'].map((f) => join(dir('kinds'), f)));
    assert.deepEqual(loadOrder().slice(0, 4), ['a-esm', 'b-cjs', 'c-plain', 'd-typed'], 'imported one after another, in name order');
    assert.equal(set.plugins[3]?.definition.description, 'a typed plugin', 'the helpers in lib/ and beside it were imported');
    assert.deepEqual(set.helpers, [join(dir('kinds'), 'd-sibling.ts')], 'a sibling helper (named exports only) is no plugin and no problem');
    const { checkParams, ...names } = set.catalogue();
    assert.deepEqual(names, { readyStrategies: ['from-mjs'], lifecycleHooks: ['from-js'], statHandlers: ['from-cjs'], controlServers: ['from-ts'], problems: [], warnings: [] });
    assert.deepEqual(checkParams?.('readyStrategies', 'from-mjs', { any: 1 }), [], 'a strategy without validateParams accepts any params');
  });

  test('dotfiles, .d.ts, tests, specs, other extensions and directories are not plugins', async () => {
    const names = (await pluginFiles(dir('kinds'))).map((f) => f.slice(dir('kinds').length + 1));
    assert.deepEqual(names, ['a-esm.mjs', 'b-cjs.cjs', 'c-plain.js', 'd-sibling.ts', 'd-typed.ts']);
  });

  test('a missing directory is a PLUGIN_INVALID error (exit 2) saying so', async () => {
    const err = await loadPlugins(dir('no-such-dir')).catch((e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'PLUGIN_INVALID');
    assert.equal(err.exitCode, 2);
    assert.match(err.message, /plugin directory .*no-such-dir does not exist/);
  });

  test('names are global: a second offer of a name, a second plugin name and a built-in name each name both sides', async () => {
    const set = await loadPlugins(dir('duplicates'));
    const messages = set.problems.map((p) => p.message);
    assert.equal(set.problems.every((p) => p.code === 'plugin-conflict'), true);
    assert.deepEqual(messages, [
      `ready strategy "same" is offered by two plugins: plugin "first" (${join(dir('duplicates'), 'a.mjs')}) and plugin "second" (${join(dir('duplicates'), 'b.mjs')})`,
      `two plugins are named "first": ${join(dir('duplicates'), 'a.mjs')} and ${join(dir('duplicates'), 'c.mjs')}`,
      `ready strategy "tcp" of plugin "claims-tcp" (${join(dir('duplicates'), 'd.mjs')}) clashes with pilot's built-in one; rename it`,
    ]);
    assert.equal(set.readyStrategy('same')?.plugin.name, 'first', 'the first offer stands');
    assert.equal(set.hookBundle('ok')?.plugin.name, 'second', 'the rest of the second plugin is still there');
  });

  test('a plugin that throws, exports nothing, has the wrong shape or another apiVersion is a problem naming its file; the good one loads', async () => {
    const set = await loadPlugins(dir('broken'));
    assert.deepEqual(set.plugins.map((p) => p.name), ['good']);
    const byFile = new Map(set.problems.map((p) => [p.file.slice(dir('broken').length + 1), p]));
    assert.deepEqual([...byFile.keys()], ['a-throws.mjs', 'b-nothing.mjs', 'c-shape.mjs', 'd-future.mjs', 'f-named.mjs']);
    const shapes = set.problems.filter((p) => p.file.endsWith('c-shape.mjs')).map((p) => p.message);
    assert.equal(set.problems.every((p) => p.code === 'plugin-load-failed'), true);

    const threw = byFile.get('a-throws.mjs');
    assert.equal(threw?.message, `plugin ${join(dir('broken'), 'a-throws.mjs')} failed to load: it threw while loading: cannot load: missing configuration`);
    assert.match(threw?.stack ?? '', /a-throws\.mjs:1/, 'the stack is kept for --debug');

    assert.match(byFile.get('b-nothing.mjs')?.message ?? '', /failed to load: it exports nothing: a plugin's default export is its definition/);
    assert.match(byFile.get('f-named.mjs')?.message ?? '', /failed to load: it exports a plugin as "plugin" but has no default export: write export default plugin$/);

    // one problem per shape problem, each a line of its own (they were one message joined with "\n")
    const prefix = `plugin ${join(dir('broken'), 'c-shape.mjs')} is not a valid plugin: `;
    assert.deepEqual(shapes.map((m) => m.startsWith(prefix) && !m.includes('\n')), shapes.map(() => true));
    assert.deepEqual(shapes.map((m) => m.slice(prefix.length)), [
      'the plugin: unknown key "readyStrategy" (did you mean "readyStrategies"?); known keys: name, apiVersion, version, description, readyStrategies, lifecycleHooks, statHandlers, controlServers',
      'readyStrategies.web: unknown key "wiat" (did you mean "wait"?); known keys: describe, notReadyText, wait, check, pollIntervalMs, validateParams',
      'readyStrategies.web has neither wait() nor check()',
      'lifecycleHooks.notify: unknown key "preStart" (did you mean "pre_start"?); known keys: pre_start, post_start, on_shutdown, on_restart, timeoutSec',
      'lifecycleHooks.notify has no hook (pre_start, post_start, on_shutdown, on_restart)',
      'statHandlers.csv must be a function or an object with handle(), got number 42',
      'controlServers.http must be a function (pilot, ctx) => ({ start, stop }), got an object without create()',
    ]);

    assert.match(byFile.get('d-future.mjs')?.message ?? '', /it declares apiVersion 2; this pilot supports plugin apiVersion 1 \(set apiVersion: 1, or use a pilot that supports the plugin's version\)$/);
  });

  test('a thrown message of several lines is one line (a tsx transform error and its location)', () => {
    assert.equal(oneLine('Transform failed with 1 error:\n/p/x.ts:1:45: ERROR: Expected identifier but found ":"'), 'Transform failed with 1 error: /p/x.ts:1:45: ERROR: Expected identifier but found ":"');
    assert.equal(oneLine('bad config\r\n\n  see the docs  \n'), 'bad config; see the docs');
    assert.equal(oneLine('one line'), 'one line');
  });

  test('a top-level await that never settles is cut off and named', async () => {
    const set = await loadPlugins(dir('hang-import'), { importTimeoutMs: 200 });
    assert.equal(set.plugins.length, 0);
    assert.match(set.problems[0]?.message ?? '', /hangs\.mjs failed to load: it did not finish loading within 0\.2 s \(a top-level await that never settles\?\)/);
  });

  test('loadPluginsStrict refuses a set with problems, listing each (exit 2)', async () => {
    const err = await loadPluginsStrict(dir('duplicates')).catch((e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.exitCode, 2);
    assert.equal((err.context.details as string[]).length, 3);
  });

  test('the ESM alias hook (a loader thread) is installed only for code that imports pilot, or a directory with node_modules', async (t) => {
    const none = { pilot: false, subpaths: false };
    assert.deepEqual(await mentionsPilot(dir('kinds')), { pilot: true, subpaths: false }, 'a-esm.mjs imports pilot');
    assert.deepEqual(await mentionsPilot(dir('broken')), none);
    assert.deepEqual(await mentionsPilot(join(repoRoot, 'plugins', 'http-ready')), none, 'JSDoc @import tags are types only');
    const scratch = tmpDir('pilot-mentions-');
    t.after(scratch.remove);
    writeFileSync(join(scratch.path, 'plain.mjs'), "export default { name: 'plain', apiVersion: 1 };\n");
    mkdirSync(join(scratch.path, 'lib'));
    writeFileSync(join(scratch.path, 'lib', 'helper.ts'), "export const later = () => import('pilot');\n");
    assert.deepEqual(await mentionsPilot(scratch.path), { pilot: true, subpaths: false }, 'a helper in a subdirectory counts, dynamic imports too');
    writeFileSync(join(scratch.path, 'lib', 'helper.ts'), "/** @import { PluginDefinition } from 'pilot' */\nexport const x = 1;\n");
    assert.deepEqual(await mentionsPilot(scratch.path), none);
    writeFileSync(join(scratch.path, 'lib', 'helper.ts'), "export { default } from 'pilot/plugins/log-ready/log-ready.js';\n");
    assert.deepEqual(await mentionsPilot(join(scratch.path, 'lib')), { pilot: false, subpaths: true }, 'pilot/plugins/… counts');
    mkdirSync(join(scratch.path, 'node_modules'));
    assert.deepEqual(await mentionsPilot(scratch.path), { pilot: true, subpaths: true }, 'a package in node_modules may import pilot');
  });

  test('code inside pilot\'s own package resolves pilot by itself (as the tests run it, from dist/src): no ESM hook is needed there', () => {
    const inside = { pilot: true, subpaths: true };
    assert.deepEqual(selfResolved(join(repoRoot, 'plugins', 'http-ready')), inside);
    assert.deepEqual(selfResolved(dir('kinds')), inside, 'the nearest package.json is pilot\'s');
    const scratch = tmpDir('pilot-self-');
    try {
      assert.deepEqual(selfResolved(scratch.path), { pilot: false, subpaths: false });
      writeFileSync(join(scratch.path, 'package.json'), '{"name":"pilot","main":"x.js"}');
      assert.deepEqual(selfResolved(scratch.path), { pilot: false, subpaths: false }, 'another package named pilot is not the running one');
    } finally {
      scratch.remove();
    }
  });
});
