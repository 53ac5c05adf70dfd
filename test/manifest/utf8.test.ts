import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bytePosition, invalidUtf8Offset } from '../../src/manifest/utf8.js';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
function decodes(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('invalidUtf8Offset', () => {
  test('valid text has no invalid offset', () => {
    assert.equal(invalidUtf8Offset(new TextEncoder().encode('plain, café, →, 𝄞')), -1);
  });

  test('finds the start of the broken sequence', () => {
    assert.equal(invalidUtf8Offset(Uint8Array.from([0x61, 0xe9, 0x62])), 1, 'latin-1 é');
    assert.equal(invalidUtf8Offset(Uint8Array.from([0x61, 0xc0, 0xaf])), 1, 'overlong');
    assert.equal(invalidUtf8Offset(Uint8Array.from([0xed, 0xa0, 0x80])), 0, 'surrogate');
    assert.equal(invalidUtf8Offset(Uint8Array.from([0x61, 0x62, 0xf0, 0x9d])), 2, 'truncated at the end');
    assert.equal(invalidUtf8Offset(Uint8Array.from([0x80])), 0, 'lone continuation byte');
  });

  test('agrees with the WHATWG decoder on random bytes, and the prefix before it decodes', () => {
    let seed = 99;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256);
    const interesting = [0x61, 0x0a, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f];
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 7) }, () => (next() % 3 === 0 ? next() : interesting[next() % interesting.length] ?? 0));
      const offset = invalidUtf8Offset(bytes);
      assert.equal(offset === -1, decodes(bytes), `bytes ${[...bytes].map((b) => b.toString(16)).join(' ')}`);
      if (offset !== -1) assert.ok(decodes(bytes.subarray(0, offset)), 'prefix decodes');
    }
  });

  test('positions count lines by newline bytes and columns by characters', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('a: 1\nb: é'), 0xff]);
    assert.deepEqual(bytePosition(bytes, bytes.length - 1), { line: 2, column: 5 });
  });
});
