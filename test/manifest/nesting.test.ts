// The nesting scan that refuses runaway nesting before the YAML parser recurses into it: it counts what nests,
// and nothing that only looks like it (brackets in strings and comments, the text of block scalars).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deepNestingAt, unclosedFlowAt } from '../../src/manifest/nesting.js';

test('flow brackets and block indentation both count, in YAML and JSON', () => {
  assert.equal(deepNestingAt(`x: ${'['.repeat(5)}1${']'.repeat(5)}`, 5), 7, 'the sixth level: x, then five brackets');
  assert.equal(deepNestingAt(`x: ${'['.repeat(4)}1${']'.repeat(4)}`, 5), null);
  const block = ['a:', '  b:', '    c:', '      d: 1'].join('\n');
  assert.equal(deepNestingAt(block, 3), block.indexOf('d:'));
  assert.equal(deepNestingAt(block, 4), null);
  assert.equal(deepNestingAt('- - - - x', 3), 6, 'compact sequences nest: the fourth level starts at column 7');
  assert.equal(deepNestingAt('{"a": {"a": {"a": 1}}}', 2), 6, 'the line itself is a level: the scan counts one more, never one less');
});

test('brackets in quotes, comments and block scalars do not count', () => {
  const deep = '['.repeat(50);
  assert.equal(deepNestingAt(`x: "${deep}"\ny: '${deep}'\n# ${deep}\nz: 1 # ${deep}`, 5), null);
  assert.equal(deepNestingAt(`script: |\n  ${deep}\n      ${deep}\nnext: 1`, 5), null);
  assert.equal(deepNestingAt(`x: "a\n  ${deep}\n  b"\n`, 5), null, 'a quoted string over several lines');
  assert.equal(deepNestingAt(`name: a"b\nx: ${deep}`, 5), 17, 'a quote inside a plain scalar opens no string');
});

test('the valid manifests a person writes are nowhere near the limit', () => {
  const manifest = 'processes:\n  - name: a\n    path: node\n    args: ["-e", "[1, [2, [3]]]"]\n    env: { A: "{", B: "}" }\n    ready_params: { port: 1 }\n    watch:\n      paths: [src, lib]\n';
  assert.equal(deepNestingAt(manifest, 6), null);
});

test('the outermost bracket left open', () => {
  assert.equal(unclosedFlowAt('processes: [\n  - a\n  - [b]\n'), 11);
  assert.equal(unclosedFlowAt('x: [1, {a: 2}]\n'), null);
});
