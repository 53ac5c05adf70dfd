// The JSON syntax-error locator must agree with JSON.parse on what is valid, and point well.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findJsonSyntaxError } from '../../src/manifest/json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  test('valid JSON has no error', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9\\"", {}]} ', '"s"', '0', '[[[]]]']) {
      assert.equal(findJsonSyntaxError(text), null, text);
    }
  });

  test('points at the offending character with a helpful message', () => {
    const cases: [string, number, RegExp][] = [
      ['{"a": 1,}', 7, /trailing comma/],
      ['[1, 2,\n]', 5, /trailing comma/],
      ['{\n  // note\n  "a": 1}', 4, /comments/],
      ['{"a": /* c */ 1}', 6, /comments/],
      ["{'a': 1}", 1, /double quotes/],
      ['{"a": \'x\'}', 6, /double quotes/],
      ['{"a": 1', 7, /end of file/],
      ['{"a" 1}', 5, /":"/],
      ['{"a": 1 "b": 2}', 8, /","/],
      ['{"a": 01}', 6, /invalid number/],
      ['{"a": NaN}', 6, /NaN is not a JSON value/],
      ['{"a": "x\ny"}', 8, /line break/],
      ['{"a": 1} x', 9, /after the end/],
      ['{"a": "\\q"}', 7, /invalid escape/],
    ];
    for (const [text, offset, message] of cases) {
      const found = findJsonSyntaxError(text);
      assert.ok(found, text);
      assert.equal(found.offset, offset, text);
      assert.match(found.message, message, text);
    }
  });

  test('agrees with JSON.parse on thousands of mangled documents', () => {
    const base = '{"processes": [{"name": "a", "path": "sh", "args": ["-c", 1.5e3, -0, true, null], "env": {"K": "v\\u0041\\n"}}], "x": {}}';
    const noise = ['{', '}', '[', ']', ':', ',', '"', "'", '/', '*', '\\', ' ', '\n', '0', '-', '.', 'e', 't', 'n', 'u'];
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 3000; i++) {
      const chars = [...base];
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * chars.length);
        if (next() < 0.4) chars.splice(at, 1);
        else chars.splice(at, 0, noise[Math.floor(next() * noise.length)] ?? '');
      }
      const text = chars.join('');
      const found = findJsonSyntaxError(text);
      assert.equal(found === null, parses(text), `disagreement on ${JSON.stringify(text)}: ${JSON.stringify(found)}`);
      if (found) assert.ok(found.offset >= 0 && found.offset <= text.length);
    }
  });
});
