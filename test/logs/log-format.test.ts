import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLogLine, isoTimestamp, logLinePrefix, parseLogLine } from '../../src/logs/log-format.js';

describe('formatLogLine / parseLogLine', () => {
  const at = Date.UTC(2026, 10, 23, 18, 0, 0, 123);

  test('formats time, stream and line', () => {
    assert.equal(formatLogLine(at, 'stdout', 'hello'), '2026-11-23T18:00:00.123Z out hello\n');
    assert.equal(formatLogLine(at + 1, 'stderr', 'oops'), '2026-11-23T18:00:00.124Z err oops\n');
    assert.equal(formatLogLine(at - 123, 'stdout', ''), '2026-11-23T18:00:00.000Z out \n');
  });

  test('logLinePrefix: both streams within one ms, the next ms, and back again', () => {
    assert.equal(logLinePrefix(at, 'stdout'), '2026-11-23T18:00:00.123Z out ');
    assert.equal(logLinePrefix(at + 0.5, 'stderr'), '2026-11-23T18:00:00.123Z err ');
    assert.equal(logLinePrefix(at + 1, 'stderr'), '2026-11-23T18:00:00.124Z err ');
    assert.equal(logLinePrefix(at + 1, 'stdout'), '2026-11-23T18:00:00.124Z out ');
    assert.equal(logLinePrefix(at, 'stdout'), '2026-11-23T18:00:00.123Z out ');
  });

  test('timestamps match Date#toISOString across ms, second and day boundaries', () => {
    const starts = [at, Date.UTC(2026, 11, 31, 23, 59, 59, 990), 0];
    for (const start of starts) {
      for (let ms = start; ms < start + 25; ms++) assert.equal(isoTimestamp(ms), new Date(ms).toISOString());
    }
    assert.equal(isoTimestamp(at + 0.7), new Date(at).toISOString());
    // Going back in time after the cache moved on.
    assert.equal(isoTimestamp(at), '2026-11-23T18:00:00.123Z');
  });

  test('round-trips through parseLogLine, with or without the newline', () => {
    const cases: [number, 'stdout' | 'stderr', string][] = [
      [at, 'stdout', 'plain'],
      [at + 5, 'stderr', '  spaced  out  '],
      [at + 999, 'stdout', ''],
      [at, 'stderr', 'with \r and \t and ünïcødé 😀'],
      [at, 'stdout', '2026-11-23T18:00:00.123Z out looks like a record'],
    ];
    for (const [t, stream, line] of cases) {
      const text = formatLogLine(t, stream, line);
      assert.deepEqual(parseLogLine(text), { at: t, stream, line });
      assert.deepEqual(parseLogLine(text.slice(0, -1)), { at: t, stream, line });
    }
  });

  test('anything else parses to null', () => {
    for (const text of ['', 'hello', '2026-11-23 18:00:00 out x', '2026-11-23T18:00:00.123Z info x', '2026-11-23T18:00:00.123Zout x', '2026-13-45T99:99:99.999Z out x']) {
      assert.equal(parseLogLine(text), null, JSON.stringify(text));
    }
  });

  test('formatting 200,000 timestamps is cheap', () => {
    const started = performance.now();
    let total = 0;
    for (let i = 0; i < 200_000; i++) total += formatLogLine(at + (i >> 4), 'stdout', 'x').length;
    const elapsed = performance.now() - started;
    console.log(`# formatted 200000 lines in ${elapsed.toFixed(1)} ms`);
    assert.equal(total, 200_000 * 31);
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  });
});
