// `pilot validate` through the built binary: verdicts, exit codes, located diagnostics, --json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { exampleManifests, missingPrograms } from '../helpers/examples.js';
import { repoRoot } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';
import { hasStackTrace, runPilot } from './run-cli.js';

const fixture = (name: string): string => join('test', 'cli', 'fixtures', name);
const INVALID_DIR = join('test', 'fixtures', 'invalid');
/** Shared invalid fixtures checked through the binary (the manifest tests cover all of them in-process). */
const INVALID_SAMPLE = ['many-problems.yaml', 'json-missing-comma.json', 'duplicate-key.yaml', 'cycle-3.yaml', 'invalid-utf8.yaml', 'env-bad-values.yaml'];

/** Asserts a `file:line:column: error:` header, and a caret exactly under `column` of the quoted source line. */
function assertLocated(stderr: string, file: string, line: number, column: number, code: string): void {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${file}:${line}:${column}: error: `) && l.endsWith(`[${code}]`));
  assert.ok(at !== -1, `no "${file}:${line}:${column}: error: … [${code}]" line in:\n${stderr}`);
  const source = lines[at + 1] ?? '';
  const caret = lines[at + 2] ?? '';
  const gutter = `    ${line} | `;
  assert.ok(source.startsWith(gutter), `source line missing after the header: ${JSON.stringify(source)}`);
  assert.equal(caret.trimEnd().at(-1), '^', `no caret line: ${JSON.stringify(caret)}`);
  assert.equal(caret.indexOf('^'), gutter.length + column - 1, `caret not under column ${column}:\n${source}\n${caret}`);
}

describe('pilot validate', () => {
  test('every example is valid: exit 0 and a one-line verdict (one needing a program not installed here: exit 2, naming it)', async () => {
    const manifests = exampleManifests().map((file) => relative(repoRoot, file));
    assert.ok(manifests.length >= 6, `expected the demo and the focused examples, found ${manifests.join(', ')}`);
    for (const manifest of manifests) {
      const res = await runPilot(['validate', manifest]);
      const missing = missingPrograms(manifest);
      if (missing.length > 0) {
        // a program this machine lacks (redis-server): not valid here, and said so at its line
        assert.equal(res.code, 2, `${manifest}: ${res.stderr}`);
        for (const program of missing) assert.match(res.stderr, new RegExp(`^${manifest.replace(/\./g, '\\.')}:\\d+:\\d+: error: executable "${program}" of process "\\w+" was not found on PATH \\[executable-not-found\\]$`, 'm'));
        continue;
      }
      assert.equal(res.code, 0, `${manifest}: ${res.stderr}`);
      assert.match(res.stdout, new RegExp(`^✓ ${manifest.replace(/\./g, '\\.')}: \\d+ process(es)?, valid\\n$`));
      assert.equal(res.stderr, '');
    }
  });

  test('an unknown key: exit 2, file:line:column, source line, caret and hint', async () => {
    const file = fixture('unknown-key.yaml');
    const res = await runPilot(['validate', file]);
    assert.equal(res.code, 2, res.stderr);
    assertLocated(res.stderr, file, 7, 5, 'unknown-key');
    assert.match(res.stderr, /hint: did you mean "ready_params"\?/);
    assert.equal(res.stdout, '');
  });

  test('an unknown dependency and a cycle are located where they are written', async () => {
    const dep = await runPilot(['validate', fixture('unknown-dependency.yaml')]);
    assert.equal(dep.code, 2, dep.stderr);
    assertLocated(dep.stderr, fixture('unknown-dependency.yaml'), 8, 20, 'unknown-dependency');
    const cycle = await runPilot(['validate', fixture('cycle.yaml')]);
    assert.equal(cycle.code, 2, cycle.stderr);
    assert.match(cycle.stderr, /a → b → a/);
  });

  test('shared invalid fixtures: exit 2, every expected diagnostic located with its caret', async () => {
    const expectedFile = join(repoRoot, INVALID_DIR, 'expected.json');
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, Array<{ code: string; line: number; column: number }>>;
    const sample = INVALID_SAMPLE.filter((name) => expected[name] !== undefined && existsSync(join(repoRoot, INVALID_DIR, name)));
    assert.ok(sample.length >= 3, `too few of ${INVALID_SAMPLE.join(', ')} in ${expectedFile}`);
    for (const name of sample) {
      const file = join(INVALID_DIR, name);
      const res = await runPilot(['validate', file]);
      assert.equal(res.code, 2, `${name}: ${res.stderr}`);
      for (const d of expected[name] ?? []) assertLocated(res.stderr, file, d.line, d.column, d.code);
      assert.ok(!hasStackTrace(res.stderr));
    }
  });

  test('several problems are all reported, then counted', async () => {
    const file = fixture('yaml-syntax.yaml');
    const res = await runPilot(['validate', file]);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+: error: invalid YAML`, 'm'));
    assert.match(res.stderr, /^✗ .*yaml-syntax\.yaml: \d+ errors\n$/m);
  });

  test('--json prints the stable shape', async () => {
    const bad = await runPilot(['validate', fixture('unknown-key.yaml'), '--json']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.equal(bad.stderr, '');
    const report = JSON.parse(bad.stdout) as { file: string; valid: boolean; diagnostics: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(report), ['file', 'valid', 'diagnostics']);
    assert.equal(report.file, join(repoRoot, fixture('unknown-key.yaml')));
    assert.equal(report.valid, false);
    const first = report.diagnostics[0];
    assert.ok(first);
    assert.deepEqual(Object.keys(first), ['code', 'severity', 'message', 'file', 'line', 'column', 'hint']);
    assert.deepEqual(
      { code: first.code, severity: first.severity, line: first.line, column: first.column, hint: first.hint },
      { code: 'unknown-key', severity: 'error', line: 7, column: 5, hint: 'did you mean "ready_params"?' },
    );

    const good = await runPilot(['validate', 'examples/demo/pilot.yaml', '--json']);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual(JSON.parse(good.stdout), { file: join(repoRoot, 'examples/demo/pilot.yaml'), valid: true, diagnostics: [] });
  });

  test('a missing file: exit 2, one error line, no stack trace', async () => {
    const res = await runPilot(['validate', 'no/such/pilot.yaml']);
    assert.equal(res.code, 2, res.stderr);
    assert.equal(res.stderr.match(/error:/g)?.length, 1, res.stderr);
    assert.match(res.stderr, /^no\/such\/pilot\.yaml: error: manifest not found/);
    assert.ok(!hasStackTrace(res.stderr), res.stderr);
  });

  test('a .txt manifest: exit 2, unsupported extension', async () => {
    const res = await runPilot(['validate', fixture('not-a-manifest.txt')]);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /unsupported manifest extension \.txt/);
    assert.ok(!hasStackTrace(res.stderr));
  });

  test('without FILE: pilot.yaml in the current directory, else exit 2 saying what to do', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const none = await runPilot(['validate'], { cwd: dir.path });
    assert.equal(none.code, 2, none.stderr);
    assert.equal(none.stderr, `pilot: no manifest: pass FILE or create pilot.yaml in ${dir.path}\n`);

    writeFileSync(join(dir.path, 'pilot.yaml'), 'processes:\n  - name: one\n    path: node\n');
    const found = await runPilot(['validate'], { cwd: dir.path });
    assert.equal(found.code, 0, found.stderr);
    assert.equal(found.stdout, '✓ pilot.yaml: 1 process, valid\n');
  });
});
