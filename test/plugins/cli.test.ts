// Plugins through the built CLI: validate's diagnostics, pilot plugins, a TypeScript plugin importing
// `pilot` by name from a directory without node_modules (foreground, run and up -d), leaked errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../helpers/paths.js';
import { startUp } from '../helpers/cli-up.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { hasStackTrace, runPilot } from '../cli/run-cli.js';

const pluginsDir = (name: string): string => join(fixturesDir, 'plugins', name);

/** A manifest in a fresh temp dir (removed afterwards); `$NODE` is the node binary. Returns [dir, file]. */
function manifest(t: { after: (fn: () => void) => void }, yaml: string): [string, string] {
  const dir = tmpDir('pilot-plugins-cli-');
  t.after(dir.remove);
  const file = join(dir.path, 'pilot.yaml');
  writeFileSync(file, yaml.replaceAll('$NODE', JSON.stringify(process.execPath)));
  return [dir.path, file];
}

// A TypeScript plugin that imports pilot by name and a sibling .ts helper: a ready strategy on a line of
// output, and hooks writing to HOOK_LOG. Lives outside the repository, with no node_modules anywhere above.
const TS_PLUGIN = `import { definePlugin, type ReadyCheckContext } from 'pilot';
import { appendFileSync } from 'node:fs';
import { matches } from './match.ts';

export default definePlugin({
  name: 'greeter',
  apiVersion: 1,
  readyStrategies: {
    greeting: {
      describe: (params) => \`greeting "\${String(params.text)}"\`,
      wait: (ctx: ReadyCheckContext) => new Promise<void>((resolve) => {
        ctx.onOutput(({ line }) => matches(line, String(ctx.params.text)) && resolve());
      }),
    },
  },
  lifecycleHooks: {
    log: {
      post_start: (ctx) => appendFileSync(String(ctx.process.env.HOOK_LOG), \`post_start \${ctx.process.name}\\n\`),
      on_shutdown: (ctx) => appendFileSync(String(ctx.process.env.HOOK_LOG), \`on_shutdown \${ctx.process.name} \${ctx.reason}\\n\`),
    },
  },
});
`;

function writeTsPlugin(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'greeter.ts'), TS_PLUGIN);
  writeFileSync(join(dir, 'match.ts'), 'export const matches = (line: string, text: string): boolean => line.includes(text);\n');
  // ESM syntax in a .js file with no package.json anywhere above: Node detects the module type.
  writeFileSync(join(dir, 'plain.js'), "export default { name: 'plain', apiVersion: 1, statHandlers: { quiet: () => {} } };\n");
}

const GREETER_PROCESS = (hookLog: string): string => `  - name: hello
    path: $NODE
    args: ["-e", "setTimeout(() => console.log('hello, world'), 50); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1 << 30)"]
    ready_strategy: greeting
    ready_params: { text: "hello, world" }
    lifecycle_hooks: [log]
    env: { HOOK_LOG: ${JSON.stringify(hookLog)} }
`;

describe('plugins through the CLI', () => {
  test('validate: unknown strategy, hook bundle, handler and control server names, each at its line with what is available', async (t) => {
    const [, file] = manifest(
      t,
      `plugin_directory: ${JSON.stringify(pluginsDir('stack'))}
control_server: prob
processes:
  - name: api
    path: $NODE
    ready_strategy: lien
    lifecycle_hooks: [record, recrod]
    stat_handlers: [colect]
`,
    );
    const res = await runPilot(['validate', file, '--json']);
    assert.equal(res.code, 2, res.stderr);
    const report = JSON.parse(res.stdout) as { diagnostics: { code: string; line: number; column: number; message: string; hint: string }[] };
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.line, d.column, d.message]), [
      ['unknown-control-server', 2, 17, 'unknown control server "prob"'],
      ['unknown-ready-strategy', 6, 21, 'unknown ready strategy "lien" in process "api"'],
      ['unknown-lifecycle-hook', 7, 31, 'unknown lifecycle hook bundle "recrod" in process "api"'],
      ['unknown-stat-handler', 8, 21, 'unknown stat handler "colect" in process "api"'],
    ]);
    const hints = report.diagnostics.map((d) => d.hint);
    assert.equal(hints[0], 'did you mean "probe"? available: probe, broken, bad-factory');
    assert.match(hints[1] ?? '', /^did you mean "line"\? available: tcp, pipe, file, none, line, polled, deaf, deafcheck, fails/);
    assert.equal(hints[2], 'did you mean "record"? available: record, second, quick, leaky');
    assert.equal(hints[3], 'did you mean "collect"? available: collect, flaky, slow, closing');
  });

  test('validate: broken plugins are located diagnostics at plugin_directory naming each file; exit 2, no stack trace unless --debug', async (t) => {
    const [, file] = manifest(t, `processes:\n  - name: api\n    path: $NODE\nplugin_directory: ${JSON.stringify(pluginsDir('broken'))}\n`);
    const res = await runPilot(['validate', file]);
    assert.equal(res.code, 2);
    for (const name of ['a-throws.mjs', 'b-nothing.mjs', 'c-shape.mjs', 'd-future.mjs', 'f-named.mjs']) {
      assert.match(res.stderr, new RegExp(`pilot\\.yaml:4:19: error: plugin .*${name.replace('.', '\\.')} (failed to load|is not a valid plugin)`), res.stderr);
    }
    assert.match(res.stderr, /it threw while loading: cannot load: missing configuration \[plugin-load-failed\]/);
    assert.equal(hasStackTrace(res.stderr), false, res.stderr);
    const debug = await runPilot(['validate', file, '--debug']);
    assert.equal(debug.code, 2);
    assert.match(debug.stderr, /a-throws\.mjs:1/);
    assert.equal(hasStackTrace(debug.stderr), true);
  });

  // Regression: a plugin's several shape problems were one message joined with "\n", and tsx's transform
  // errors span lines: the diagnostic renderer escaped them, printing a literal \n in validate, up and reload.
  test('plugin problems of several lines are one diagnostic line each in validate and up (they printed a literal \\n)', async (t) => {
    const [dir, file] = manifest(t, `plugin_directory: plugins\nprocesses:\n  - name: api\n    path: $NODE\n`);
    mkdirSync(join(dir, 'plugins'));
    writeFileSync(join(dir, 'plugins', 'a-shape.mjs'), "export default { name: 'shape', apiVersion: 1, preStart: () => {}, readyStrategies: { x: 42 } };\n");
    writeFileSync(join(dir, 'plugins', 'b-syntax.ts'), "export default { name: 'syntax', apiVersion: 1, : };\n");
    const home = tmpDir('pilot-plugins-home-');
    t.after(home.remove);
    for (const command of ['validate', 'up']) {
      const res = await runPilot([command, file], { env: { PILOT_HOME: home.path } });
      assert.equal(res.code, 2, res.stderr);
      assert.equal(res.stderr.includes('\\n'), false, `no literal \\n in ${command}'s output:\n${res.stderr}`);
      const errors = res.stderr.split('\n').filter((line) => / error: plugin /.test(line));
      assert.deepEqual(errors.map((line) => line.replace(/^.*?plugins\//, '').replace(/ \[plugin-load-failed\]$/, '')), [
        'a-shape.mjs is not a valid plugin: the plugin: unknown key "preStart"; known keys: name, apiVersion, version, description, readyStrategies, lifecycleHooks, statHandlers, controlServers',
        'a-shape.mjs is not a valid plugin: readyStrategies.x must be an object with wait() or check(), got number 42',
        `b-syntax.ts failed to load: it threw while loading: Transform failed with 1 error: ${join(dir, 'plugins', 'b-syntax.ts')}:1:48: ERROR: Expected identifier but found ":"`,
      ], res.stderr);
    }
  });

  // Regression: an ES module .js plugin under a package.json without "type" made validate and plugins print
  // Node's own "(node:PID) [MODULE_TYPELESS_PACKAGE_JSON] Warning: …". It is pilot's warning now, with the
  // fix, whether Node loads the plugin in the main thread or in the ESM hook's loader thread (it imports pilot).
  for (const [kind, source] of [
    ['in the main thread', "export default { name: 'typeless', apiVersion: 1, statHandlers: { quiet: () => {} } };\n"],
    ['in the loader thread (it imports pilot)', "import { definePlugin } from 'pilot';\nexport default definePlugin({ name: 'typeless', apiVersion: 1, statHandlers: { quiet: () => {} } });\n"],
  ] as const) {
    test(`a typeless package.json over an ES module plugin is pilot's warning, not Node's (${kind})`, async (t) => {
      const [dir, file] = manifest(t, `plugin_directory: plugins\nprocesses:\n  - name: api\n    path: $NODE\n`);
      mkdirSync(join(dir, 'plugins'));
      writeFileSync(join(dir, 'plugins', 'package.json'), '{ "name": "my-plugins" }\n');
      writeFileSync(join(dir, 'plugins', 'typeless.js'), source);
      const pkg = join(dir, 'plugins', 'package.json');
      const validate = await runPilot(['validate', file]);
      assert.equal(validate.code, 0, validate.stderr);
      assert.doesNotMatch(validate.stderr, /\(node:\d+\)|MODULE_TYPELESS_PACKAGE_JSON/);
      assert.ok(validate.stderr.includes(`pilot.yaml:1:19: warning: plugin ${join(dir, 'plugins', 'typeless.js')} is an ES module under a package.json without "type" (${pkg}): Node parses it twice to find out [plugin-module-type]`), validate.stderr);
      assert.ok(validate.stderr.includes(`hint: add "type": "module" to ${pkg} (or name the file .mjs)`), validate.stderr);
      const plugins = await runPilot(['plugins', '--plugins', join(dir, 'plugins'), '--json']);
      assert.equal(plugins.code, 0, plugins.stderr);
      assert.equal(plugins.stderr, '');
      const json = JSON.parse(plugins.stdout) as { plugins: { name: string }[]; warnings: { code: string }[] };
      assert.deepEqual([json.plugins.map((p) => p.name), json.warnings.map((w) => w.code)], [['typeless'], ['plugin-module-type']]);
    });
  }

  test('validate --plugins replaces plugin_directory; a missing directory is its own diagnostic', async (t) => {
    const [dir, file] = manifest(t, `plugin_directory: nowhere\nprocesses:\n  - name: api\n    path: $NODE\n    ready_strategy: line\n    ready_params: { text: hi }\n`);
    const missing = await runPilot(['validate', file, '--json']);
    const diagnostics = (JSON.parse(missing.stdout) as { diagnostics: { code: string; line: number; column: number }[] }).diagnostics;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column]), [
      ['plugin-directory-missing', 1, 19],
      ['unknown-ready-strategy', 5, 21],
    ]);
    const flagged = await runPilot(['validate', file, '--plugins', pluginsDir('stack')], { cwd: dir });
    assert.equal(flagged.code, 0, flagged.stderr);
  });

  test('pilot plugins lists each plugin and what it provides; --json has the documented shape', async () => {
    const dir = tmpDir('pilot-plugins-list-');
    try {
      const text = await runPilot(['plugins', '--plugins', pluginsDir('kinds')], { cwd: dir.path });
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /: 4 plugins loaded\n/);
      assert.match(text.stdout, / {2}a-esm {2}.*a-esm\.mjs\n {4}ready strategies: from-mjs\n/);
      assert.match(text.stdout, / {2}c-plain {2}.*\n {4}lifecycle hooks: from-js \(post_start\)\n/);
      assert.match(text.stdout, / {2}d-typed — a typed plugin {2}.*d-typed\.ts\n {4}control servers: from-ts\n/);
      assert.match(text.stdout, /\nhelpers \(imported by plugins, not plugins\): .*d-sibling\.ts\n$/);
      const json = await runPilot(['plugins', '--plugins', pluginsDir('kinds'), '--json'], { cwd: dir.path });
      const report = JSON.parse(json.stdout) as { directory: string; plugins: Record<string, unknown>[]; helpers: string[]; problems: unknown[] };
      assert.equal(report.directory, pluginsDir('kinds'));
      assert.deepEqual(report.helpers, [join(pluginsDir('kinds'), 'd-sibling.ts')]);
      assert.deepEqual(report.problems, []);
      assert.deepEqual(report.plugins[1], {
        name: 'b-cjs', file: join(pluginsDir('kinds'), 'b-cjs.cjs'), version: null, description: null, apiVersion: 1,
        readyStrategies: [], lifecycleHooks: [], statHandlers: ['from-cjs'], controlServers: [],
      });
      const broken = await runPilot(['plugins', '--plugins', pluginsDir('broken')], { cwd: dir.path });
      assert.equal(broken.code, 2);
      assert.match(broken.stdout, /1 plugin loaded\n {2}good /);
      assert.match(broken.stderr, /✗ plugin .*a-throws\.mjs failed to load/);
      assert.equal(hasStackTrace(broken.stderr), false);
    } finally {
      dir.remove();
    }
  });

  test('a TypeScript plugin importing pilot by name from a directory without node_modules: pilot run boots with it', async (t) => {
    const [dir, file] = manifest(t, `plugin_directory: plugins\nprocesses:\n${GREETER_PROCESS('HOOKS')}`);
    writeTsPlugin(join(dir, 'plugins'));
    const hookLog = join(dir, 'hooks.log');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"HOOKS"', JSON.stringify(hookLog)));
    assert.equal(existsSync(join(dir, 'node_modules')), false);
    const home = tmpDir('pilot-plugins-home-');
    t.after(home.remove);
    const res = await runPilot(['run', file, '--', process.execPath, '-e', 'console.log("smoke ok")'], { cwd: dir, env: { PILOT_HOME: home.path }, timeoutMs: 30_000 });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /smoke ok/);
    assert.match(res.stderr, /hello ready in \d+ ms \(greeting "hello, world"\)/);
    assert.equal(readFileSync(hookLog, 'utf8'), 'post_start hello\non_shutdown hello stopped: pilot run is done\n');
  });

  test('up -d with --plugins: the background supervisor loads them itself', async (t) => {
    const [dir, file] = manifest(t, `processes:\n${GREETER_PROCESS('HOOKS')}`);
    const plugins = join(dir, 'elsewhere');
    writeTsPlugin(plugins);
    const hookLog = join(dir, 'hooks.log');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"HOOKS"', JSON.stringify(hookLog)));
    const home = tmpDir('pilot-plugins-home-');
    t.after(home.remove);
    const env = { PILOT_HOME: home.path };
    t.after(() => void runPilot(['down', '-f', file], { env }));
    const up = await runPilot(['up', file, '-d', '--plugins', 'elsewhere'], { cwd: dir, env, timeoutMs: 30_000 });
    assert.equal(up.code, 0, up.stderr + up.stdout);
    const ps = await runPilot(['ps', '-f', file, '--json'], { env });
    assert.deepEqual((JSON.parse(ps.stdout) as { state: string; ready_detail: string }[]).map((p) => [p.state, p.ready_detail]), [['running', 'greeting "hello, world"']]);
    const down = await runPilot(['down', '-f', file], { env, timeoutMs: 30_000 });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(readFileSync(hookLog, 'utf8'), 'post_start hello\non_shutdown hello stopped: pilot down\n');
  });

  // Regression: the alias resolved `pilot` to dist/src/index.js while the CLI runs from its bundle (dist/cli):
  // a second copy of pilot (~15 MB), and `err instanceof PilotError` false for an error pilot threw.
  test('a plugin importing pilot by name, run by the CLI, shares its modules: instanceof PilotError holds for an error of a control operation', async (t) => {
    const [dir, file] = manifest(t, `plugin_directory: plugins\ncontrol_server: probe\nprocesses:\n  - name: api\n    path: $NODE\n    args: [${JSON.stringify(join(fixturesDir, 'bin', 'forever.js'))}]\n`);
    mkdirSync(join(dir, 'plugins'));
    writeFileSync(
      join(dir, 'plugins', 'a-probe.mjs'),
      `import { definePlugin, PilotError } from 'pilot';
globalThis.__pilotErrorOfEsm = PilotError;
export default definePlugin({ name: 'probe', apiVersion: 1, controlServers: { probe: (pilot, ctx) => ({
  start() {
    setImmediate(() => pilot.restart(['nope']).catch((err) => ctx.log.info(\`instanceof PilotError: \${err instanceof PilotError} (\${err.code})\`)));
  },
  stop() {},
}) } });
`,
    );
    writeFileSync(
      join(dir, 'plugins', 'b-required.cjs'),
      `const pilot = require('pilot');
module.exports = pilot.definePlugin({ name: 'required', apiVersion: 1, lifecycleHooks: {}, statHandlers: { same: () => {} } });
console.error(\`require and import share pilot: \${pilot.PilotError === globalThis.__pilotErrorOfEsm}\`);
`,
    );
    assert.equal(existsSync(join(dir, 'node_modules')), false);
    const up = startUp(t, file);
    await up.waitForText('all processes ready');
    await up.waitForText('instanceof PilotError: ');
    assert.match(up.output(), /instanceof PilotError: true \(UNKNOWN_PROCESS\)/);
    assert.match(up.output(), /require and import share pilot: true/);
    up.child.kill('SIGINT');
    assert.equal(await up.exited, 0, up.output());
  });

  test('errors a plugin leaks from a timer or a stray promise are reported with plugin and file; supervising goes on', async (t) => {
    const [, file] = manifest(
      t,
      `plugin_directory: ${JSON.stringify(pluginsDir('stack'))}\nprocesses:\n  - name: api\n    path: $NODE\n    args: [${JSON.stringify(join(fixturesDir, 'bin', 'forever.js'))}]\n    lifecycle_hooks: [leaky]\n`,
    );
    const up = startUp(t, file);
    await up.waitForText('all processes ready');
    await up.waitForText('leaked an uncaught exception: leaked from a timer');
    await up.waitForText('leaked an unhandled rejection: leaked rejection');
    const hooks = join(pluginsDir('stack'), 'hooks.ts');
    assert.ok(up.output().includes(`api error: plugin "recorder" (${hooks}), post_start hook of "leaky": leaked an uncaught exception: leaked from a timer (pilot keeps supervising)`), up.output());
    assert.ok(up.output().includes(`api error: plugin "recorder" (${hooks}), post_start hook of "leaky": leaked an unhandled rejection: leaked rejection (pilot keeps supervising)`), up.output());
    assert.equal(hasStackTrace(up.output()), false, up.output());
    assert.equal(up.child.exitCode, null, 'the supervisor is still running');
    up.child.kill('SIGINT');
    assert.equal(await up.exited, 0);
    await waitFor(() => up.leftovers().length === 0, 'no process left');
  });
});

