import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../../src/logs/line-splitter.js';

interface Line {
  line: string;
  truncated: boolean;
}

// Feeds the chunks through a splitter (then end()) and collects what it emits.
function split(chunks: (string | Buffer)[], maxLineBytes?: number): Line[] {
  const lines: Line[] = [];
  const splitter = new LineSplitter((line, truncated) => lines.push({ line, truncated }), maxLineBytes === undefined ? {} : { maxLineBytes });
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

const whole = (...lines: string[]): Line[] => lines.map((line) => ({ line, truncated: false }));

describe('LineSplitter', () => {
  test('keeps a partial line across chunks until its newline arrives', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('hel'));
    splitter.push(Buffer.from('lo'));
    assert.deepEqual(lines, []);
    splitter.push(Buffer.from(' world\nsecond'));
    assert.deepEqual(lines, ['hello world']);
    splitter.push(Buffer.from(' line\nthird\n'));
    assert.deepEqual(lines, ['hello world', 'second line', 'third']);
  });

  test('strips the \\r of CRLF, also when \\r and \\n arrive in different chunks', () => {
    assert.deepEqual(split(['a\r\nb\r', '\nc\r\n']), whole('a', 'b', 'c'));
    assert.deepEqual(split(['mid\rdle\n']), whole('mid\rdle'));
  });

  test('keeps empty lines', () => {
    assert.deepEqual(split(['\n\na\n', '\n']), whole('', '', 'a', ''));
  });

  test('end() emits the final line without a newline, once', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push(Buffer.from('done\nno newline'));
    splitter.end();
    splitter.end();
    assert.deepEqual(lines, ['done', 'no newline']);
    assert.throws(() => splitter.push(Buffer.from('late')), /after end/);
  });

  test('end() with nothing pending emits nothing', () => {
    assert.deepEqual(split(['a\n']), whole('a'));
    assert.deepEqual(split([]), []);
  });

  test('decodes a multi-byte character split across chunks', () => {
    const text = Buffer.from('é€😀 ok\n');
    // Every possible split point, including inside each multi-byte character.
    for (let cut = 1; cut < text.length; cut++) {
      assert.deepEqual(split([text.subarray(0, cut), text.subarray(cut)]), whole('é€😀 ok'), `split at byte ${cut}`);
    }
    const oneByteChunks = [...text].map((byte) => Buffer.from([byte]));
    assert.deepEqual(split(oneByteChunks), whole('é€😀 ok'));
  });

  test('cuts a line of several MB into 64 KiB pieces, all flagged, losing nothing', () => {
    const long = 'x'.repeat(3 * 1024 * 1024 + 123);
    const input = Buffer.from(`before\n${long}\nafter\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65_536) chunks.push(input.subarray(i, i + 65_536));
    const lines = split(chunks);
    assert.deepEqual(lines[0], { line: 'before', truncated: false });
    assert.deepEqual(lines.at(-1), { line: 'after', truncated: false });
    const pieces = lines.slice(1, -1);
    assert.equal(pieces.length, Math.ceil(long.length / 65_536));
    for (const piece of pieces) {
      assert.equal(piece.truncated, true);
      assert.ok(Buffer.byteLength(piece.line) <= 65_536, `piece of ${Buffer.byteLength(piece.line)} bytes`);
    }
    assert.equal(pieces[0]?.line.length, 65_536);
    assert.equal(pieces.map((p) => p.line).join(''), long);
  });

  test('cuts a long line that arrives in one chunk the same way', () => {
    assert.deepEqual(split(['abcdefghij\nab\n'], 4), [
      { line: 'abcd', truncated: true },
      { line: 'efgh', truncated: true },
      { line: 'ij', truncated: true },
      { line: 'ab', truncated: false },
    ]);
  });

  test('a line of exactly the limit is not cut, with or without \\r', () => {
    assert.deepEqual(split(['abcd', '\n'], 4), whole('abcd'));
    assert.deepEqual(split(['abcd\r', '\n'], 4), whole('abcd'));
    assert.deepEqual(split(['ab', 'cd\r', '\nef\n'], 4), whole('abcd', 'ef'));
    assert.deepEqual(split(['abcde\n'], 4), [
      { line: 'abcd', truncated: true },
      { line: 'e', truncated: true },
    ]);
  });

  test('never cuts inside a UTF-8 character', () => {
    const text = '€'.repeat(10); // 3 bytes each
    for (const chunking of [[text + '\n'], [...text].concat('\n')]) {
      const lines = split(chunking, 7);
      for (const { line, truncated } of lines) {
        assert.equal(truncated, true);
        assert.ok(!line.includes('\uFFFD'), `replacement character in ${JSON.stringify(line)}`);
        assert.ok(Buffer.byteLength(line) <= 7);
      }
      assert.equal(lines.map((l) => l.line).join(''), text);
    }
  });

  test('holds at most about maxLineBytes of a line that never ends', () => {
    const lines: Line[] = [];
    const splitter = new LineSplitter((line, truncated) => lines.push({ line, truncated }), { maxLineBytes: 1000 });
    for (let i = 0; i < 10_000; i++) splitter.push(Buffer.from('0123456789'));
    // 100,000 bytes without a newline: all but at most maxLineBytes + 1 of them already emitted.
    const emitted = lines.reduce((n, l) => n + l.line.length, 0);
    assert.ok(100_000 - emitted <= 1001, `${100_000 - emitted} bytes held`);
    splitter.end();
    assert.equal(lines.map((l) => l.line).join(''), '0123456789'.repeat(10_000));
    assert.ok(lines.every((l) => l.truncated));
  });

  test('200,000 lines in 64 KiB chunks arrive exactly once, in order, quickly', () => {
    const count = 200_000;
    let text = '';
    for (let i = 0; i < count; i++) text += `${String(i).padStart(8, '0')} ${'y'.repeat(90)}\n`;
    const input = Buffer.from(text);
    assert.equal(input.length, count * 100);
    const chunks: Buffer[] = [];
    for (let i = 0; i < input.length; i += 65_536) chunks.push(input.subarray(i, i + 65_536));

    // Each pass checks every line; the first pass also warms the JIT, so both figures are printed.
    const pass = (): { seen: number; outOfOrder: number; ms: number } => {
      let seen = 0;
      let outOfOrder = 0;
      const splitter = new LineSplitter((line) => {
        if (line.length !== 99 || Number(line.slice(0, 8)) !== seen) outOfOrder++;
        seen++;
      });
      const started = performance.now();
      for (const chunk of chunks) splitter.push(chunk);
      splitter.end();
      return { seen, outOfOrder, ms: performance.now() - started };
    };
    const cold = pass();
    const warm = pass();
    console.log(`# split ${count} lines of 100 bytes (${chunks.length} chunks): ${cold.ms.toFixed(1)} ms cold, ${warm.ms.toFixed(1)} ms warm`);
    for (const result of [cold, warm]) {
      assert.equal(result.seen, count);
      assert.equal(result.outOfOrder, 0);
    }
    // Loose bound (typically ~30 ms warm on an idle machine): catches quadratic copying, not a busy CI box.
    assert.ok(warm.ms < 3000, `took ${warm.ms} ms`);
  });
});
