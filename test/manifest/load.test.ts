// Loading manifests from disk: failures as diagnostics, default file discovery, encodings and
// line endings, ordering, and robustness against arbitrary input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDefaultManifest, loadManifest } from '../../src/manifest/load.js';
import { fixturesDir } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';

function scratchDir(t: { after: (fn: () => void) => void }): string {
  const { path, remove } = tmpDir();
  t.after(remove);
  return path;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe('loadManifest', () => {
  test('a missing file is a diagnostic with no location', async (t) => {
    const dir = scratchDir(t);
    const result = await loadManifest(join(dir, 'nope.yaml'));
    assert.equal(result.manifest, undefined);
    assert.deepEqual(result.diagnostics.map(({ code, line, column, file }) => ({ code, line, column, file })), [{ code: 'file-not-found', line: 0, column: 0, file: join(dir, 'nope.yaml') }]);
  });

  test('a relative path is reported absolute', async () => {
    const result = await loadManifest('pilot-test-missing.yaml');
    assert.equal(result.diagnostics[0]?.file, join(process.cwd(), 'pilot-test-missing.yaml'));
  });

  test('a directory is unreadable, with a hint', async (t) => {
    const dir = scratchDir(t);
    mkdirSync(join(dir, 'stack.yaml'));
    const result = await loadManifest(join(dir, 'stack.yaml'));
    assert.equal(result.diagnostics[0]?.code, 'file-unreadable');
    assert.match(result.diagnostics[0]?.message ?? '', /is a directory/);
    assert.ok(result.diagnostics[0]?.hint);
  });

  test('CRLF line endings: positions and source lines are right', async (t) => {
    const file = join(scratchDir(t), 'crlf.yaml');
    writeFileSync(file, 'processes:\r\n  - name: api\r\n    path: sh\r\n    timeout: soon\r\n');
    const [d] = (await loadManifest(file)).diagnostics;
    assert.deepEqual({ code: d?.code, line: d?.line, column: d?.column, sourceLine: d?.sourceLine }, { code: 'wrong-type', line: 4, column: 14, sourceLine: '    timeout: soon' });
  });

  test('a UTF-8 byte order mark is accepted, in YAML and JSON', async (t) => {
    const dir = scratchDir(t);
    writeFileSync(join(dir, 'bom.yaml'), '\ufeffprocesses:\n  - name: api\n    path: sh\n');
    writeFileSync(join(dir, 'bom.json'), '\ufeff{"processes": [{"name": "api", "path": "sh"}]}');
    for (const name of ['bom.yaml', 'bom.json']) {
      const result = await loadManifest(join(dir, name));
      assert.deepEqual(result.diagnostics, [], name);
      assert.equal(result.manifest?.processes[0]?.name, 'api');
    }
  });

  test('non-ASCII text: columns count characters', async (t) => {
    const file = join(scratchDir(t), 'utf8.yaml');
    writeFileSync(file, 'processes:\n  - { name: api, args: ["café→"], path: sh, timeout: x }\n');
    const [d] = (await loadManifest(file)).diagnostics;
    assert.equal(d?.code, 'wrong-type');
    assert.equal(d?.column, '  - { name: api, args: ["café→"], path: sh, timeout: '.length + 1);
  });

  test('diagnostics come sorted by line and column, errors and warnings together', async (t) => {
    const file = join(scratchDir(t), 'many.yaml');
    writeFileSync(file, 'processes:\n  - name: b\n    path: sh\n    dependencies: [zz]\n    ready_params: {}\n  - name: a\n    path: sh\n    timeout: -1\nbogus: 1\n');
    const result = await loadManifest(file);
    const positions = result.diagnostics.map((d) => [d.line, d.column]);
    assert.deepEqual(positions, [...positions].sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0)));
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['unknown-dependency', 'unused-ready-params', 'bad-value', 'unknown-key']);
    assert.equal(result.diagnostics[1]?.severity, 'warning');
  });

  test('a manifest with only warnings still loads', async (t) => {
    const file = join(scratchDir(t), 'warn.yaml');
    writeFileSync(file, 'processes:\n  - name: a\n    path: sh\n    ready_strategy: none\n    ready_params: { port: 1 }\n');
    const result = await loadManifest(file);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity]), [['unused-ready-params', 'warning']]);
    assert.ok(result.manifest);
  });

  test('a watchdog memory or CPU limit with sampling off is a warning at the limit, saying what pilot does instead', async (t) => {
    const file = join(scratchDir(t), 'sampling-off.yaml');
    writeFileSync(file, 'stats_interval_sec: 0\nprocesses:\n  - name: api\n    path: sh\n    watchdog:\n      max_runtime_sec: 60\n      max_memory_mb: 512\n      max_cpu_percent_sec: [90, 30]\n');
    const result = await loadManifest(file);
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column]), [
      ['watchdog-without-sampling', 'warning', 7, 7],
      ['watchdog-without-sampling', 'warning', 8, 7],
    ]);
    assert.equal(result.diagnostics[0]?.message, 'process "api" sets watchdog.max_memory_mb but stats_interval_sec is 0 (sampling off); pilot samples it every 5 s for the watchdog anyway');
    assert.ok(result.manifest, 'only a warning');
    writeFileSync(file, 'stats_interval_sec: 1\nprocesses:\n  - { name: api, path: sh, watchdog: { max_memory_mb: 512 } }\n');
    assert.deepEqual((await loadManifest(file)).diagnostics, []);
  });

  test('never throws on arbitrary input: mangled YAML and JSON only produce diagnostics', async (t) => {
    const dir = scratchDir(t);
    const next = random(42);
    const sources = ['full.yaml', 'full.json'].map((name) => ({ name, text: readFileSync(join(fixturesDir, 'valid', name), 'utf8') }));
    const noise = ['{', '}', '[', ']', ':', ',', '"', "'", '-', '&a', '*a', '<<', '\t', '\n', ' ', '#', '!!', '---', 'x', '0', 'null', '\u00e9', '\\'];
    for (let i = 0; i < 150; i++) {
      for (const { name, text } of sources) {
        const chars = [...text];
        for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
          const at = Math.floor(next() * chars.length);
          if (next() < 0.5) chars.splice(at, 1 + Math.floor(next() * 8));
          else chars.splice(at, 0, noise[Math.floor(next() * noise.length)] ?? '');
        }
        const file = join(dir, name);
        writeFileSync(file, chars.join(''));
        const result = await loadManifest(file, { skipHostChecks: true });
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        assert.equal(result.manifest === undefined, errors.length > 0, `case ${i} ${name}`);
        for (const d of result.diagnostics) assert.ok(d.line >= 0 && d.column >= 0 && d.message !== '', `case ${i} ${name}: ${JSON.stringify(d)}`);
      }
    }
  });
});

describe('findDefaultManifest', () => {
  test('looks for pilot.yaml, pilot.yml, then pilot.json', (t) => {
    const dir = scratchDir(t);
    assert.equal(findDefaultManifest(dir), null);
    writeFileSync(join(dir, 'pilot.json'), '{}');
    assert.equal(findDefaultManifest(dir), join(dir, 'pilot.json'));
    writeFileSync(join(dir, 'pilot.yml'), '');
    assert.equal(findDefaultManifest(dir), join(dir, 'pilot.yml'));
    writeFileSync(join(dir, 'pilot.yaml'), '');
    assert.equal(findDefaultManifest(dir), join(dir, 'pilot.yaml'));
  });

  test('skips directories with a manifest name', (t) => {
    const dir = scratchDir(t);
    mkdirSync(join(dir, 'pilot.yaml'));
    writeFileSync(join(dir, 'pilot.json'), '{}');
    assert.equal(findDefaultManifest(dir), join(dir, 'pilot.json'));
  });
});
