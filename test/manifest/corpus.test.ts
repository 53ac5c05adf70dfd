// The invalid-manifest corpus: each file in test/fixtures/invalid must produce exactly the
// diagnostics (code, line, column) listed for it in expected.json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../../src/manifest/load.js';
import { fixturesDir } from '../helpers/paths.js';

const dir = join(fixturesDir, 'invalid');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, { code: string; line: number; column: number }[]>;
const files = readdirSync(dir).filter((f) => f !== 'expected.json').sort();

describe('invalid manifest corpus', () => {
  test('every fixture has an expectation and every expectation a fixture', () => {
    assert.deepEqual(Object.keys(expected).sort(), files);
    assert.ok(files.length >= 45, `only ${files.length} cases`);
  });

  for (const file of files) {
    test(file, async () => {
      const result = await loadManifest(join(dir, file));
      const got = result.diagnostics.map(({ code, line, column }) => ({ code, line, column }));
      assert.deepEqual(got, expected[file]);
      const hasError = result.diagnostics.some((d) => d.severity === 'error');
      assert.equal(result.manifest === undefined, hasError, 'a manifest is returned exactly when there are no errors');
      const lines = readFileSync(join(dir, file), 'utf8').split(/\r?\n/);
      for (const d of result.diagnostics) {
        assert.ok(d.message.length > 0, 'message');
        assert.ok(d.file.startsWith('/'), `absolute file: ${d.file}`);
        if (d.line > 0) assert.equal(d.sourceLine, lines[d.line - 1], `sourceLine of ${d.code}`);
        if (d.line > 0) assert.ok(d.column >= 1, 'column is 1-based');
      }
    });
  }
});
