// Diagnostics stay readable whatever the manifest holds: long source lines are shown as a window around the
// column, control characters never reach the terminal, and values quoted in messages are escaped and cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDiagnostic } from '../../src/cli/render-diagnostics.js';
import { makePaint } from '../../src/cli/colors.js';
import { DiagnosticList, printable } from '../../src/manifest/diagnostics.js';
import { SourceText } from '../../src/manifest/source-text.js';

const plain = makePaint(false);

// Regression (found by the fuzzer): a 2 MB line was printed whole, once per diagnostic on it.
test('a long source line is shown as a window around the column, with the caret under it', () => {
  const line = `path: ${'x'.repeat(5000)}Y${'z'.repeat(5000)}`;
  const list = new DiagnosticList('/m/pilot.yaml', new SourceText(`${line}\n`));
  list.add('bad-value', 'bad', { line: 1, column: 5007 });
  const [d] = list.sorted();
  const text = renderDiagnostic(d!, '/m', plain).split('\n');
  assert.ok(text.every((l) => l.length < 300), 'every line is short');
  const source = text[1] as string;
  const caret = text[2] as string;
  assert.match(source, /…x+Yz+…$/);
  assert.equal(source[caret.indexOf('^')], 'Y', 'the caret points at the column');
});

test('control characters of the source line are replaced, tabs kept', () => {
  const list = new DiagnosticList('/m/pilot.yaml', new SourceText('a:\t"\u001b[31mred"\n'));
  list.add('bad-value', 'bad', { line: 1, column: 4 });
  const source = renderDiagnostic(list.sorted()[0]!, '/m', plain).split('\n')[1] as string;
  assert.ok(!source.includes('\u001b'));
  assert.ok(source.includes('\t'));
});

// Regression (found by the fuzzer): a value of 600,000 "\n " in `path` printed 2.4 MB over 600,000 lines.
test('messages are one line: quoted values escaped, long words and long messages cut', () => {
  assert.equal(printable('executable "a\nb\u001b" not found'), 'executable "a\\nb\\u001b" not found');
  assert.match(printable(`"${'n'.repeat(100_000)}"`), /^"n{120}…\(100000 characters\)"$/);
  assert.ok(printable('word '.repeat(10_000)).length <= 1001);
  const path = `/tmp/${'d'.repeat(200)}/pilot.yaml`;
  assert.equal(printable(`no such directory: ${path}`), `no such directory: ${path}`, 'a long path is kept whole');
});
