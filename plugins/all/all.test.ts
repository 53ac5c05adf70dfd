// The first-party plugins through the built CLI: `pilot plugins` lists them (all at once or one directory
// each), `pilot validate` locates each plugin's parameter problems, and a project's own plugin directory
// can take one by name (`pilot/plugins/…`) with no node_modules around it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStackTrace, runPilot } from '../../test/cli/run-cli.js';
import { firstPartyDir } from '../../test/helpers/first-party.js';
import { tmpDir } from '../../test/helpers/tmp.js';

const FIRST_PARTY = ['exec-ready', 'http-control', 'http-ready', 'jsonl-stats', 'log-ready'];

/** A scratch directory outside the repository (no node_modules above it), removed after the test. */
function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = tmpDir('pilot-first-party-');
  t.after(dir.remove);
  return dir.path;
}

describe('first-party plugins through the CLI', () => {
  test('pilot plugins: plugins/all offers all five, each directory its own; plugins/ itself points below', async () => {
    const all = await runPilot(['plugins', '--plugins', 'plugins/all', '--json']);
    assert.equal(all.code, 0, all.stderr);
    const report = JSON.parse(all.stdout) as { plugins: { name: string; readyStrategies: string[]; statHandlers: string[]; controlServers: string[] }[]; problems: unknown[] };
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.plugins.map((p) => [p.name, [...p.readyStrategies, ...p.statHandlers, ...p.controlServers]]), [
      ['exec-ready', ['exec']],
      ['http-control', ['http']],
      ['http-ready', ['http']],
      ['jsonl-stats', ['jsonl']],
      ['log-ready', ['log']],
    ]);
    for (const name of FIRST_PARTY) {
      const one = await runPilot(['plugins', '--plugins', `plugins/${name}`]);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, new RegExp(`^plugins/${name}: 1 plugin loaded\\n  ${name} 1\\.0\\.0 — `));
    }
    const top = await runPilot(['plugins', '--plugins', 'plugins']);
    assert.match(top.stdout, /^plugins: 0 plugins loaded\nhint: plugins are not loaded from subdirectories; subdirectories with plugin-like files: plugins\/all, plugins\/exec-ready, /);
  });

  test('pilot validate: each plugin\'s parameter problems at their lines, with the plugins\' hints', async (t) => {
    const dir = scratch(t);
    const file = join(dir, 'pilot.yaml');
    writeFileSync(
      file,
      `plugin_directory: ${JSON.stringify(firstPartyDir('all'))}
control_server: http
control_server_params: { host: 0.0.0.0 }
stat_handler_params:
  jsonl: { max_files: 0 }
processes:
  - name: api
    path: sleep
    args: [1]
    ready_strategy: http
    ready_params: { url: "localhost:8080/health" }
    stat_handlers: [jsonl]
  - name: db
    path: sleep
    args: [1]
    ready_strategy: log
    ready_params: { pattern: "ready (" }
  - name: cache
    path: sleep
    args: [1]
    ready_strategy: exec
    ready_params: { command: "redis-cli ping" }
`,
    );
    const res = await runPilot(['validate', file, '--json']);
    assert.equal(res.code, 2, res.stderr);
    const { diagnostics } = JSON.parse(res.stdout) as { diagnostics: { code: string; line: number; message: string; hint?: string }[] };
    assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.message]), [
      ['invalid-plugin-params', 3, 'control server "http": control_server_params.host must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"'],
      ['invalid-plugin-params', 5, 'stat handler "jsonl": stat_handler_params.jsonl.max_files must be an integer ≥ 1, got 0'],
      ['invalid-plugin-params', 11, 'process "api", ready strategy "http": ready_params.url must use http:// or https://, got "localhost"'],
      ['invalid-plugin-params', 17, 'process "db", ready strategy "log": ready_params.pattern is not a valid regular expression: /ready (/: Unterminated group'],
      ['invalid-plugin-params', 22, 'process "cache", ready strategy "exec": ready_params.command is a string, which needs shell: true; without a shell, write it as a list of arguments'],
    ]);
    assert.match(diagnostics[4]?.hint ?? '', /command: \[pg_isready, -h, 127\.0\.0\.1\]/);
    const text = await runPilot(['validate', file]);
    assert.match(text.stdout + text.stderr, /pilot\.yaml:17:\d+: error: process "db", ready strategy "log": ready_params\.pattern is not a valid regular expression/);
    assert.equal(hasStackTrace(text.stdout + text.stderr), false);
  });

  test('a project\'s own plugin directory takes a first-party plugin by name (ESM re-export, CommonJS require), without node_modules', async (t) => {
    const dir = scratch(t);
    const esm = join(dir, 'esm');
    const cjs = join(dir, 'cjs');
    mkdirSync(esm);
    mkdirSync(cjs);
    writeFileSync(join(esm, 'log-ready.mjs'), "export { default } from 'pilot/plugins/log-ready/log-ready.js';\n");
    writeFileSync(join(esm, 'mine.mjs'), "export default { name: 'mine', apiVersion: 1, statHandlers: { quiet: () => {} } };\n");
    writeFileSync(join(cjs, 'exec.cjs'), "module.exports = require('pilot/plugins/exec-ready/exec-ready.js').default;\n");
    for (const [where, names] of [[esm, ['log-ready', 'mine']], [cjs, ['exec-ready']]] as const) {
      const res = await runPilot(['plugins', '--plugins', where, '--json']);
      assert.equal(res.code, 0, res.stderr + res.stdout);
      assert.deepEqual((JSON.parse(res.stdout) as { plugins: { name: string }[] }).plugins.map((p) => p.name), names);
    }
  });
});
