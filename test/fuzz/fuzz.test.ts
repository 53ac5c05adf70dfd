// The fuzzer itself: cases are reproducible from the seed alone, and the oracle catches what it must.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from './judge.js';
import { loadBases, makeCase } from './make-case.js';
import { repoRoot } from '../helpers/paths.js';

test('the same seed and case number give the same case; others differ', () => {
  const bases = loadBases(repoRoot);
  assert.ok(bases.length >= 8, 'examples and test/fixtures/valid are the bases');
  const a = makeCase(bases, 42, 7);
  assert.deepEqual(makeCase(bases, 42, 7), a);
  const others = [makeCase(bases, 43, 7), makeCase(bases, 42, 8)];
  assert.ok(others.every((c) => !c.bytes.equals(a.bytes) || c.base !== a.base));
});

test('the oracle: exit codes, stack traces, located diagnostics, time', () => {
  const bytes = Buffer.from('processes: 1\n');
  const ok = { code: 2, stdout: '', stderr: 'pilot.yaml:1:12: error: wrong [wrong-type]\n', ms: 5 };
  assert.deepEqual(judge(ok, { bytes, json: false, timeoutMs: 100 }), []);
  assert.match(judge({ ...ok, code: 1 }, { bytes, json: false, timeoutMs: 100 }).join(), /exit code 1/);
  assert.match(judge({ ...ok, stderr: `${ok.stderr}RangeError: x\n    at parse (file:///a.js:1:2)\n` }, { bytes, json: false, timeoutMs: 100 }).join(), /stack trace/);
  assert.match(judge({ ...ok, stderr: 'pilot.yaml: error: wrong [wrong-type]\n' }, { bytes, json: false, timeoutMs: 100 }).join(), /without a located diagnostic/);
  assert.deepEqual(judge({ ...ok, stderr: 'pilot.yaml: error: the manifest is empty [empty-file]\n' }, { bytes, json: false, timeoutMs: 100 }), []);
  assert.match(judge({ ...ok, stderr: 'pilot.yaml:9:1: error: x [wrong-type]\n' }, { bytes, json: false, timeoutMs: 100 }).join(), /outside the file/);
  assert.match(judge({ ...ok, ms: 500 }, { bytes, json: false, timeoutMs: 100 }).join(), /took 500 ms/);
  assert.match(judge({ code: null, stdout: '', stderr: '', ms: 100, timedOut: true }, { bytes, json: false, timeoutMs: 100 }).join(), /no answer/);
  const json = (valid: boolean, line: number): string => JSON.stringify({ valid, diagnostics: [{ code: 'wrong-type', severity: 'error', line, column: 1 }] });
  assert.deepEqual(judge({ ...ok, stdout: json(false, 1) }, { bytes, json: true, timeoutMs: 100 }), []);
  assert.match(judge({ ...ok, stdout: json(false, 0) }, { bytes, json: true, timeoutMs: 100 }).join(), /not located/);
  assert.match(judge({ ...ok, stdout: json(true, 1) }, { bytes, json: true, timeoutMs: 100 }).join(), /valid=true/);
});
