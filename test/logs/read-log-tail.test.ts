// Reading log files back: the last N records across rotated files, read from the end; merging
// processes by time; joining a history with a live stream without repeats.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FollowBuffer, joinHistory } from '../../src/logs/follow-buffer.js';
import { listLogNames, logFileName, logFileOf, type LogRecord } from '../../src/logs/log-dir.js';
import { LogFiles } from '../../src/logs/log-files.js';
import { formatLogLine } from '../../src/logs/log-format.js';
import { mergeByTime } from '../../src/logs/merge-by-time.js';
import { countOverlap } from '../../src/logs/overlap.js';
import { readLogTail } from '../../src/logs/read-log-tail.js';
import { tmpDir } from '../helpers/tmp.js';

const T0 = Date.parse('2030-01-02T03:04:05.000Z');

/** Log file text for `lines` (the i-th at T0 + i ms unless `at` is given). */
function records(lines: string[], start = 0): string {
  return lines.map((line, i) => formatLogLine(T0 + start + i, i % 3 === 2 ? 'stderr' : 'stdout', line)).join('');
}

function logDir(t: import('node:test').TestContext): string {
  const dir = tmpDir('pilot-logtail-');
  t.after(dir.remove);
  return dir.path;
}

const rec = (process: string, at: number, line: string): LogRecord => ({ process, at, stream: 'stdout', line });

describe('readLogTail', () => {
  test('the last N records of one file, oldest first, with their times and streams', async (t) => {
    const path = join(logDir(t), 'api.log');
    writeFileSync(path, records(['one', 'two', 'three', 'four']));
    const tail = await readLogTail(path, 3);
    assert.deepEqual(tail.map((r) => r.line), ['two', 'three', 'four']);
    assert.deepEqual(tail.map((r) => r.at - T0), [1, 2, 3]);
    assert.deepEqual(tail.map((r) => r.stream), ['stdout', 'stderr', 'stdout']);
    assert.deepEqual((await readLogTail(path, 100)).map((r) => r.line), ['one', 'two', 'three', 'four']);
    assert.deepEqual(await readLogTail(path, 0), []);
  });

  test('reads the rotated files (.1, .2 …) only as far as N needs, in order', async (t) => {
    const dir = logDir(t);
    const path = join(dir, 'api.log');
    writeFileSync(`${path}.2`, records(['a1', 'a2', 'a3'], 0));
    writeFileSync(`${path}.1`, records(['b1', 'b2', 'b3'], 10));
    writeFileSync(path, records(['c1', 'c2'], 20));
    assert.deepEqual((await readLogTail(path, 2)).map((r) => r.line), ['c1', 'c2']);
    assert.deepEqual((await readLogTail(path, 4)).map((r) => r.line), ['b2', 'b3', 'c1', 'c2']);
    assert.deepEqual((await readLogTail(path, 7)).map((r) => r.line), ['a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2']);
    assert.deepEqual((await readLogTail(path, 100)).map((r) => r.line), ['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1', 'c2']);
  });

  test('a missing file is no lines; an empty current file still leads to the rotated ones', async (t) => {
    const dir = logDir(t);
    assert.deepEqual(await readLogTail(join(dir, 'none.log'), 10), []);
    const path = join(dir, 'api.log');
    writeFileSync(path, '');
    writeFileSync(`${path}.1`, records(['old']));
    assert.deepEqual((await readLogTail(path, 10)).map((r) => r.line), ['old']);
  });

  test('lines spanning the 64 KiB read chunks come back whole; empty lines and foreign text are kept or skipped as records', async (t) => {
    const path = join(logDir(t), 'big.log');
    const long = 'x'.repeat(150_000);
    const lines = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? long : i === 1501 ? '' : `line ${i} ${'y'.repeat(i % 97)}`));
    writeFileSync(path, records(lines) + 'not a record\n' + records(['last'], 5000));
    const tail = await readLogTail(path, 3000);
    assert.deepEqual(tail.map((r) => r.line), [...lines.slice(1), 'last'], 'every record, the foreign line skipped');
    const around = await readLogTail(path, 1501);
    assert.equal(around[0]?.line, long);
    assert.equal(around[1]?.line, '');
  });

  test('the unterminated last line of the current file (being written) is not a record yet; in a rotated file it is', async (t) => {
    const path = join(logDir(t), 'api.log');
    writeFileSync(`${path}.1`, records(['old1']) + records(['old2'], 1).slice(0, -1));
    writeFileSync(path, records(['new1'], 10) + records(['half-writ'], 11).slice(0, 30));
    assert.deepEqual((await readLogTail(path, 10)).map((r) => r.line), ['old1', 'old2', 'new1']);
  });

  test('reads from the end: the last lines of a 4 GiB (sparse) file come back at once', async (t) => {
    const path = join(logDir(t), 'huge.log');
    writeFileSync(path, '');
    truncateSync(path, 4 * 1024 ** 3);
    appendFileSync(path, `\n${records(['end1', 'end2', 'end3'])}`);
    const started = performance.now();
    assert.deepEqual((await readLogTail(path, 3)).map((r) => r.line), ['end1', 'end2', 'end3']);
    assert.ok(performance.now() - started < 1000, 'only the end of the file was read');
  });

  test('what LogFiles writes with rotation reads back: the last N lines of every file, in order', async (t) => {
    const dir = logDir(t);
    const files = new LogFiles(dir, { maxSizeBytes: 2000, maxFiles: 5 }, () => {});
    for (let i = 1; i <= 150; i++) files.write('web', i % 2 ? 'stdout' : 'stderr', `message ${i}`, T0 + i);
    await files.close();
    assert.equal(logFileOf(dir, 'web'), files.pathOf('web'));
    const tail = await readLogTail(files.pathOf('web'), 80);
    assert.deepEqual(tail.map((r) => r.line), Array.from({ length: 80 }, (_, i) => `message ${i + 71}`));
    assert.deepEqual(tail.map((r) => r.at - T0), Array.from({ length: 80 }, (_, i) => i + 71));
  });
});

describe('log directory', () => {
  test('lists the processes with a current log file, sorted; file names as LogFiles makes them', (t) => {
    const dir = logDir(t);
    assert.deepEqual(listLogNames(join(dir, 'missing')), []);
    mkdirSync(join(dir, 'sub.log'));
    for (const name of ['worker.log', 'api.log', 'api.log.1', 'old.log.2', 'notes.txt', '.log']) writeFileSync(join(dir, name), '');
    assert.deepEqual(listLogNames(dir), ['api', 'worker']);
    const files = new LogFiles(dir, { maxSizeBytes: 100, maxFiles: 2 }, () => {});
    for (const name of ['api', 'a b/c', 'ünï']) assert.equal(join(dir, logFileName(name)), files.pathOf(name));
  });
});

describe('mergeByTime', () => {
  test('interleaves by time, stable on ties (earlier list first), each list kept in its own order', () => {
    const a = [rec('a', 1, 'a1'), rec('a', 5, 'a2'), rec('a', 5, 'a3')];
    const b = [rec('b', 2, 'b1'), rec('b', 5, 'b2'), rec('b', 9, 'b3')];
    const c = [rec('c', 7, 'c1'), rec('c', 3, 'c2 (clock went back)')];
    assert.deepEqual(mergeByTime([a, b, c]).map((r) => r.line), ['a1', 'b1', 'a2', 'a3', 'b2', 'c1', 'c2 (clock went back)', 'b3']);
    assert.deepEqual(mergeByTime([[], a, []]), a);
    assert.deepEqual(mergeByTime([]), []);
  });
});

describe('joining history and stream', () => {
  const hist = [rec('p', 1, 'l1'), rec('p', 2, 'l2'), rec('p', 3, 'l3'), rec('p', 3, 'l4')];

  test('skips what the history already holds, whether the stream starts inside it or before its window', () => {
    assert.equal(countOverlap(hist, [rec('p', 3, 'l3'), rec('p', 3, 'l4'), rec('p', 4, 'l5')]), 2);
    assert.equal(countOverlap(hist, [rec('p', 0, 'l0'), ...hist, rec('p', 4, 'l5')]), 5, 'lines older than the window are skipped too');
    assert.equal(countOverlap(hist, [rec('p', 4, 'l5')]), 0);
    assert.equal(countOverlap([], [rec('p', 4, 'l5')]), 0);
  });

  test('a new line in the same millisecond as the history\'s last one is not taken for a repeat', () => {
    assert.equal(countOverlap(hist, [rec('p', 3, 'l4'), rec('p', 3, 'same ms, new')]), 1);
    assert.equal(countOverlap(hist, [rec('p', 3, 'same ms, new')]), 0);
  });

  test('identical lines are counted, not merged', () => {
    const ticks = [rec('p', 1, 'tick'), rec('p', 1, 'tick')];
    assert.equal(countOverlap(ticks, [rec('p', 1, 'tick'), rec('p', 2, 'tick')]), 1);
    assert.deepEqual(joinHistory(ticks, [rec('p', 1, 'tick'), rec('p', 2, 'tick')], 2).map((r) => r.at), [1, 1, 2]);
  });

  test('joining two windows of the last N lines never leaves a gap at the end', () => {
    const line = (i: number): LogRecord => rec('p', i, `tick ${i}`);
    const range = (from: number, to: number): LogRecord[] => Array.from({ length: to - from + 1 }, (_, i) => line(from + i));
    assert.deepEqual(joinHistory(range(1, 5), range(4, 8), 5), range(1, 8), 'overlapping: joined');
    assert.deepEqual(joinHistory(range(1, 5), range(9, 13), 5), range(9, 13), 'a full later window without overlap: 6..8 may be missing, keep the later one');
    assert.deepEqual(joinHistory(range(1, 5), range(6, 7), 5), range(1, 7), 'a short later window is everything there is since the first');
    assert.deepEqual(joinHistory(range(1, 5), [], 5), range(1, 5));
    // the stream began before the history's window: everything up to its end is skipped
    const buffer = new FollowBuffer(() => {});
    for (const r of range(3, 16)) buffer.push(r);
    assert.deepEqual(buffer.release(new Map([['p', joinHistory(range(1, 5), range(9, 13), 5)]])), range(14, 16));
  });

  test('FollowBuffer holds streamed lines, releases those the history lacks in arrival order, then passes lines on', () => {
    const emitted: string[] = [];
    const buffer = new FollowBuffer((r) => emitted.push(r.line));
    buffer.push(rec('p', 3, 'l4'));
    buffer.push(rec('q', 3, 'q1'));
    buffer.push(rec('p', 4, 'l5'));
    assert.deepEqual(emitted, [], 'held while the history is read');
    const released = buffer.release(new Map([['p', hist], ['q', []]]));
    assert.deepEqual(released.map((r) => r.line), ['q1', 'l5']);
    buffer.push(rec('p', 5, 'l6'));
    assert.deepEqual(emitted, ['l6']);
  });
});
