// `pilot reload` against a real `pilot up -d` stack, and `pilot up --watch-manifest` in the foreground:
// what changed is reported and applied, an invalid manifest is reported with its location (exit 2)
// and the stack goes on untouched.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReloadResult } from '../../src/supervisor/reload-result.js';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import { stackPaths } from '../../src/control/state-dir.js';
import { startUp } from '../helpers/cli-up.js';
import { expandManifest, writeManifest } from '../helpers/manifest-file.js';
import { killAll, pidsWithCmdline, pidsWithEnv } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { repoRoot } from '../helpers/paths.js';
import { waitFor } from '../helpers/wait-for.js';
import { hasStackTrace, runPilot, type CliResult } from './run-cli.js';

const proc = (name: string, extra = ''): string => `  - { name: ${name}, path: $NODE, args: [$FIX(forever.js)${extra}] }\n`;

interface Detached {
  file: string;
  home: string;
  pilot(...args: string[]): Promise<CliResult>;
  write(yaml: string): void;
  pids(): Promise<Record<string, number | null>>;
}

/** `pilot up -d` of `yaml` in its own PILOT_HOME; the supervisor and its processes are killed after the test. */
async function detached(t: TestContext, yaml: string): Promise<Detached> {
  const file = writeManifest(t, yaml);
  const home = tmpDir('pilot-home-');
  const stackId = stackPaths(file, { PILOT_HOME: home.path }).stackId;
  t.after(() => {
    killAll(pidsWithCmdline(` up ${file}`));
    killAll(pidsWithEnv('PILOT_STACK', stackId));
    home.remove();
  });
  const env = { PILOT_HOME: home.path, NO_COLOR: '1' };
  const pilot = (...args: string[]): Promise<CliResult> => runPilot(args, { env, timeoutMs: 20_000 });
  const up = await pilot('up', file, '-d');
  assert.equal(up.code, 0, up.stderr);
  const pids = async (): Promise<Record<string, number | null>> => {
    const ps = await pilot('ps', '--json', '-f', file);
    return Object.fromEntries((JSON.parse(ps.stdout) as ProcessStatus[]).map((s) => [s.name, s.pid]));
  };
  return { file, home: home.path, pilot, write: (text) => writeFileSync(file, expandManifest(text)), pids };
}

describe('pilot reload', () => {
  test('applies added, removed and changed processes to a background stack and reports each', async (t) => {
    const s = await detached(t, 'processes:\n' + proc('db') + proc('api', '], dependencies: [db') + proc('old') + proc('keep'));
    const before = await s.pids();
    s.write('processes:\n' + proc('db', ', "--v2"') + proc('api', '], dependencies: [db') + proc('keep') + proc('cache'));
    const r = await s.pilot('reload', '-f', s.file);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^pilot: reloaded .*pilot\.yaml; 1 untouched$/);
    assert.match(r.stdout, /\+ cache +started/);
    assert.match(r.stdout, /- old +stopped/);
    assert.match(r.stdout, /~ db +restarted \(changed: args\)/);
    assert.match(r.stdout, /~ api +restarted \(a dependency changed\)/);
    const after = await s.pids();
    assert.deepEqual(Object.keys(after), ['db', 'api', 'keep', 'cache']);
    assert.equal(after.keep, before.keep);
    assert.notEqual(after.db, before.db);
    assert.notEqual(after.api, before.api);
    // The supervisor writes the line to its log just after replying: it may come after the CLI has exited.
    const logFile = join(stackPaths(s.file, { PILOT_HOME: s.home }).dir, 'supervisor.log');
    await waitFor(() => /manifest reloaded: added cache; removed old; restarted db \(args\), api \(dependency changed\)/.test(readFileSync(logFile, 'utf8')), 'the reload in supervisor.log');

    const again = await s.pilot('reload', '-f', s.file, '--json');
    assert.equal(again.code, 0);
    const json = JSON.parse(again.stdout) as ReloadResult;
    assert.ok(json.valid && json.restarted.length === 0 && json.untouched.length === 4, again.stdout);
    assert.equal((await s.pilot('down', '-f', s.file)).code, 0);
  });

  test('an invalid manifest: located diagnostics, exit 2, and the stack goes on untouched', async (t) => {
    const s = await detached(t, 'processes:\n' + proc('a'));
    const before = await s.pids();
    s.write('processes:\n' + proc('a') + '  - { name: b, path: $NODE, dependencies: [a, nope] }\n');
    const r = await s.pilot('reload', '-f', s.file);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /pilot\.yaml:3:\d+: error: .*"nope".* \[unknown-dependency\]/);
    assert.match(r.stderr, /^ +3 \| .*nope/m, 'the source line');
    assert.match(r.stderr, /is invalid: nothing was reloaded, the stack goes on as it was/);
    assert.equal(hasStackTrace(r.stderr), false);
    assert.deepEqual(await s.pids(), before);
    const json = await s.pilot('reload', '-f', s.file, '--json');
    assert.equal(json.code, 2);
    assert.equal((JSON.parse(json.stdout) as ReloadResult).valid, false);
  });

  // Regression: a ready strategy of a plugin_directory added by the reload failed with the hint "plugin
  // strategies need their plugin directory: plugin_directory or --plugins" (it was set), while a control
  // server of that directory passed as "not applied".
  test('a reload that adds a plugin_directory: names only its plugins offer are errors saying plugins are loaded only at start', async (t) => {
    const s = await detached(t, 'processes:\n' + proc('a'));
    const before = await s.pids();
    const all = JSON.stringify(join(repoRoot, 'plugins', 'all'));
    s.write(`plugin_directory: ${all}\ncontrol_server: http\nprocesses:\n` + proc('a') + '  - { name: b, path: $NODE, args: [$FIX(forever.js)], ready_strategy: log, ready_params: { pattern: armed } }\n');
    const r = await s.pilot('reload', '-f', s.file);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const note = 'plugins are loaded only at start and this supervisor runs without plugins: pilot down, then pilot up';
    assert.match(r.stderr, /pilot\.yaml:2:\d+: error: unknown control server "http" \[unknown-control-server\]/);
    assert.match(r.stderr, /pilot\.yaml:\d+:\d+: error: unknown ready strategy "log" in process "b" \[unknown-ready-strategy\]/);
    assert.equal(r.stderr.split(note).length - 1, 2, `the same note for both:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /need their plugin directory/);
    assert.deepEqual(await s.pids(), before, 'nothing was reloaded');
    // the directory alone: applied is everything else, and the directory is said not to be
    s.write(`plugin_directory: ${all}\nprocesses:\n` + proc('a'));
    const json = await s.pilot('reload', '-f', s.file, '--json');
    assert.equal(json.code, 0, json.stderr);
    const result = JSON.parse(json.stdout) as ReloadResult;
    assert.deepEqual(result.valid && result.settings, [{ key: 'plugin_directory', applied: false, note: 'plugins are loaded only at start: pilot down, then pilot up' }]);
  });

  test('with no running stack it exits 3 at once', async (t) => {
    const file = writeManifest(t, 'processes:\n' + proc('a'));
    const home = tmpDir('pilot-home-');
    t.after(home.remove);
    const r = await runPilot(['reload', '-f', file], { env: { PILOT_HOME: home.path } });
    assert.equal(r.code, 3, r.stderr);
  });
});

describe('pilot up --watch-manifest', () => {
  test('an edited manifest is applied; a broken one is reported with its location, and fixing it applies it', async (t) => {
    const file = writeManifest(t, 'processes:\n' + proc('a'));
    const up = startUp(t, file, { args: ['--watch-manifest'] });
    await up.waitForText('all processes ready');
    const write = (yaml: string): void => writeFileSync(file, expandManifest(yaml));
    // the manifest watcher starts once the stack is up: save until the reload shows
    const saved = async (yaml: string, expect: RegExp): Promise<void> => {
      for (let i = 0; !expect.test(up.output()); i++) {
        if (i === 15) assert.fail(`no reload after ${i} saves:\n${up.output()}`);
        write(yaml + `# save ${i}\n`);
        await up.waitForText(expect, 1000).catch(() => undefined);
      }
    };
    await saved('processes:\n' + proc('a') + proc('b'), /manifest reloaded: added b/);
    await up.waitForText(/pilot +> b started \(pid/);
    write('processes:\n' + proc('a') + '  - { name: b, path: $NODE, args: [$FIX(forever.js)], sheduled: yes }\n');
    await up.waitForText(/manifest reload failed \(1 error\): the stack goes on unchanged/);
    await up.waitForText(/pilot\.yaml:3:\d+: error: .*sheduled/);
    write('processes:\n' + proc('a'));
    await up.waitForText(/manifest reloaded: removed b/);
    up.child.kill('SIGTERM');
    assert.equal(await up.exited, 0);
    assert.deepEqual(up.leftovers(), []);
  });
});
