// Bugs the manifest fuzzer (test/fuzz) found, each pinned end to end through loadManifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../../src/manifest/load.js';
import { fixturesDir } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';

// Regression: 100,000-character strings in name, path and dependencies made the "did you mean" search build a
// 10^10-cell matrix: `pilot validate` died out of memory (a V8 fatal error with a native stack) after 28 s.
test('huge names, paths and dependencies: validated at once, with short messages', async (t) => {
  const dir = tmpDir();
  t.after(dir.remove);
  const file = join(dir.path, 'pilot.yaml');
  const big = (c: string): string => c.repeat(100_000);
  writeFileSync(file, `processes:\n  - name: a\n    path: ${big('x')}\n    dependencies: [${big('z')}]\n  - name: ${big('n')}\n    path: sh\n`);
  const started = performance.now();
  const result = await loadManifest(file);
  assert.ok(performance.now() - started < 5000);
  assert.deepEqual(result.diagnostics.map((d) => d.code).sort(), ['bad-value', 'executable-not-found', 'unknown-dependency']);
  for (const d of result.diagnostics) assert.ok(d.message.length < 400 && (d.hint ?? '').length < 400, d.message);
});

// Regression: a collection used as a key made yaml call process.emitWarning, which printed
// "(node:PID) Warning: Keys with collection values will be stringified …" on pilot's stderr.
test('a collection as a key is a diagnostic, not a node warning', async (t) => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  const result = await loadManifest(join(fixturesDir, 'invalid', 'yaml-collection-key.yaml'));
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  assert.deepEqual(warnings, []);
  assert.equal(result.diagnostics[0]?.code, 'unknown-key');
});
