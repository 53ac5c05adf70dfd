import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordBuffer, maxUtf8Bytes } from '../../src/logs/record-buffer.js';

// What a record is as one string (what RotatingFile used to encode with Buffer.from).
const asText = (head: string, tail: string, newline: boolean): string => `${head}${tail}${newline ? '\n' : ''}`;

// Appends the records, then reads each one back from a single take(), one read per record.
function roundTrip(records: [string, string, boolean][]): { sizes: number[]; read: Buffer[] } {
  const buffer = new RecordBuffer();
  const sizes = records.map(([h, t, n]) => buffer.append(h, t, n));
  assert.equal(buffer.count, records.length);
  const batch = buffer.take();
  assert.equal(buffer.count, 0);
  assert.deepEqual(batch.sizes, sizes);
  return { sizes, read: sizes.map((n) => batch.read(n)) };
}

describe('RecordBuffer', () => {
  test('records come back byte for byte, in order, across chunks as they grow', () => {
    const records: [string, string, boolean][] = Array.from({ length: 5000 }, (_, i) => [`2026-12-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z out `, `line ${i} ${'x'.repeat(i % 300)}`, true]);
    const { sizes, read } = roundTrip(records);
    records.forEach(([h, t, n], i) => {
      assert.equal(sizes[i], Buffer.byteLength(asText(h, t, n)));
      assert.equal(read[i]?.toString('utf8'), asText(h, t, n), `record ${i}`);
    });
  });

  test('multi-byte characters, surrogate pairs and lone surrogates: the same bytes as Buffer.from', () => {
    const records: [string, string, boolean][] = [
      ['', 'héllo wörld', true],
      ['→ ', '日本語のテキスト', true],
      ['emoji ', '😀🎉 done', false],
      ['lone ', 'a\ud800b\udc00c', true],
      ['', '', true],
      ['', '', false],
    ];
    const { read } = roundTrip(records);
    records.forEach(([h, t, n], i) => assert.deepEqual(read[i], Buffer.from(asText(h, t, n)), `record ${i}`));
  });

  test('maxUtf8Bytes bounds the encoding of any string', () => {
    for (const s of ['', 'ascii', 'é', '日本', '😀', '\ud800', 'a\udfffb', '\u0800'.repeat(10)]) assert.ok(Buffer.byteLength(s) <= maxUtf8Bytes(s), JSON.stringify(s));
  });

  test('a record larger than any chunk is kept whole and contiguous', () => {
    const huge = 'y'.repeat(3 << 20);
    const { sizes, read } = roundTrip([['a ', 'small', true], ['', huge, true], ['b ', 'after', true]]);
    assert.equal(sizes[1], huge.length + 1);
    assert.equal(read[1]?.length, huge.length + 1);
    assert.equal(read[1]?.toString('latin1', 0, 5), 'yyyyy');
    assert.equal(read[2]?.toString(), 'b after\n');
  });

  test('reads spanning chunks give the exact bytes; reads of whole batches in one piece too', () => {
    const buffer = new RecordBuffer();
    let expected = '';
    for (let i = 0; i < 3000; i++) {
      const line = `${i}:${'ü'.repeat(i % 50)}`;
      buffer.append('p ', line, true);
      expected += `p ${line}\n`;
    }
    const batch = buffer.take();
    const total = batch.sizes.reduce((a, b) => a + b, 0);
    const parts: Buffer[] = [];
    for (let done = 0, k = 1; done < total; k++) {
      const n = Math.min(total - done, 997 * k);
      parts.push(batch.read(n));
      done += n;
    }
    assert.equal(Buffer.concat(parts).toString('utf8'), expected);
  });

  test('what was taken stays intact while new records are appended after it', () => {
    const buffer = new RecordBuffer();
    buffer.append('first ', 'batch', true);
    const batch = buffer.take();
    for (let i = 0; i < 100; i++) buffer.append('second ', `batch ${i}`, true);
    assert.equal(batch.read(batch.sizes[0] as number).toString(), 'first batch\n');
    const next = buffer.take();
    assert.equal(next.sizes.length, 100);
    assert.equal(next.read(next.sizes[0] as number).toString(), 'second batch 0\n');
  });

  test('release() lets go of the memory only when nothing waits', () => {
    const buffer = new RecordBuffer();
    buffer.append('', 'waiting', true);
    buffer.release();
    assert.equal(buffer.count, 1, 'a waiting record is never dropped by release()');
    const batch = buffer.take();
    buffer.release();
    buffer.append('', 'next', true);
    assert.equal(batch.read(batch.sizes[0] as number).toString(), 'waiting\n');
    const again = buffer.take();
    assert.equal(again.read(again.sizes[0] as number).toString(), 'next\n');
  });
});
