import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BacklogError, RotatingFile, type DroppedCount } from '../../src/logs/rotating-file.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';

// A 50-byte line: `line 0007 xxx…x\n`.
const line50 = (i: number): string => `line ${String(i).padStart(4, '0')} ${'x'.repeat(39)}\n`;

// The lines of NAME.log.{maxFiles-1} … NAME.log.1, NAME.log that exist, oldest file first.
function readRotated(path: string, maxFiles: number): { files: string[]; lines: string[] } {
  const files: string[] = [];
  for (let k = maxFiles - 1; k >= 1; k--) if (existsSync(`${path}.${k}`)) files.push(`${path}.${k}`);
  if (existsSync(path)) files.push(path);
  const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(0, -1));
  return { files, lines };
}

// Numbers of `line NNNN` lines, asserting each appears once and in increasing order.
function numbersInOrder(lines: string[]): number[] {
  const numbers = lines.map((l) => Number(l.slice(5, 9)));
  for (let i = 1; i < numbers.length; i++) assert.ok((numbers[i] as number) > (numbers[i - 1] as number), `line ${numbers[i]} after ${numbers[i - 1]}`);
  return numbers;
}

// Records onError / onRecover calls.
function recorder(): { errors: NodeJS.ErrnoException[]; recovered: DroppedCount[]; options: { onError: (e: NodeJS.ErrnoException) => void; onRecover: (d: DroppedCount) => void } } {
  const errors: NodeJS.ErrnoException[] = [];
  const recovered: DroppedCount[] = [];
  return { errors, recovered, options: { onError: (e) => errors.push(e), onRecover: (d) => recovered.push(d) } };
}

describe('RotatingFile', () => {
  test('rotates by size: NAME.log, .1, .2 hold the newest lines, the oldest dropped', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const path = join(tmp.path, 'api.log');
    const file = new RotatingFile(path, { maxSizeBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 100; i++) file.write(line50(i));
    await file.close();
    assert.equal(existsSync(`${path}.3`), false);
    for (const [p, first] of [[`${path}.2`, 40], [`${path}.1`, 60], [path, 80]] as const) {
      assert.equal(statSync(p).size, 1000, p);
      const expected = Array.from({ length: 20 }, (_, k) => line50(first + k)).join('');
      assert.equal(readFileSync(p, 'utf8'), expected, p);
    }
  });

  test('every line lands exactly once, in order, across rotated files, written over many turns', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const path = join(tmp.path, 'worker.log');
    const file = new RotatingFile(path, { maxSizeBytes: 700, maxFiles: 100 });
    for (let i = 0; i < 600; i++) {
      file.write(`line ${String(i).padStart(4, '0')} ${'z'.repeat((i * 37) % 70)}\n`);
      if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (i % 101 === 0) await file.flush();
    }
    await file.close();
    const { files, lines } = readRotated(path, 100);
    assert.ok(files.length > 10, `${files.length} files`);
    for (const f of files) assert.ok(statSync(f).size <= 700, `${f} is ${statSync(f).size} bytes`);
    assert.deepEqual(numbersInOrder(lines), Array.from({ length: 600 }, (_, i) => i));
  });

  test('creates the directory 0700 and the file 0600; continues an existing file, counting its size', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const dir = join(tmp.path, 'state', 'logs');
    const path = join(dir, 'db.log');
    const first = new RotatingFile(path, { maxSizeBytes: 1000, maxFiles: 2 });
    for (let i = 0; i < 18; i++) first.write(line50(i));
    await first.close();
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);

    const second = new RotatingFile(path, { maxSizeBytes: 1000, maxFiles: 2 });
    for (let i = 18; i < 22; i++) second.write(line50(i));
    await second.close();
    assert.equal(statSync(`${path}.1`).size, 1000);
    assert.deepEqual(numbersInOrder(readRotated(path, 2).lines), Array.from({ length: 22 }, (_, i) => i));
    assert.equal(readFileSync(path, 'utf8'), line50(20) + line50(21));
  });

  test('close() flushes everything queued; writes after close are ignored; flush() when idle resolves', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const path = join(tmp.path, 'web.log');
    const file = new RotatingFile(path, { maxSizeBytes: 1 << 30, maxFiles: 2 });
    await file.flush();
    for (let i = 0; i < 10_000; i++) file.write(line50(i));
    assert.equal(existsSync(path), false, 'write() only queues: nothing touches the disk synchronously');
    await file.close();
    file.write(line50(10_000));
    await file.close();
    assert.equal(statSync(path).size, 10_000 * 50);
    assert.deepEqual(numbersInOrder(readRotated(path, 2).lines).length, 10_000);
  });

  test('a path whose parent is a file: one onError, no throw, then recovery reports the dropped count', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const blocker = join(tmp.path, 'logs');
    writeFileSync(blocker, 'not a directory');
    const path = join(blocker, 'api.log');
    const rec = recorder();
    const file = new RotatingFile(path, { maxSizeBytes: 1 << 20, maxFiles: 2, retryMs: 20, ...rec.options });
    t.after(() => file.close());
    let written = 0;
    for (; written < 5; written++) file.write(line50(written));
    await file.flush();
    assert.equal(rec.errors.length, 1);
    assert.equal(rec.errors[0]?.code, 'ENOTDIR');
    for (; written < 50; written++) file.write(line50(written));
    await file.flush();
    // Failing again after a retry is not reported again.
    await waitFor(async () => {
      file.write(line50(written++));
      await file.flush();
      return written > 60;
    }, 'more failed writes');
    assert.equal(rec.errors.length, 1);
    assert.equal(rec.recovered.length, 0);

    rmSync(blocker);
    await waitFor(async () => {
      file.write(line50(written++));
      await file.flush();
      return rec.recovered.length > 0;
    }, 'writing to work again');
    await file.close();
    const numbers = numbersInOrder(readRotated(path, 2).lines);
    assert.equal(numbers.at(-1), written - 1);
    assert.equal(rec.recovered.length, 1);
    assert.ok((rec.recovered[0]?.lines ?? 0) >= 50);
    assert.equal((rec.recovered[0]?.lines ?? 0) + numbers.length, written, 'every line written or counted as dropped');
    assert.equal(rec.recovered[0]?.bytes, (rec.recovered[0]?.lines ?? 0) * 50);
  });

  test('the log directory removed mid-way is recreated; replaced by a file, it is reported once', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const dir = join(tmp.path, 'logs');
    const path = join(dir, 'api.log');
    const rec = recorder();
    const file = new RotatingFile(path, { maxSizeBytes: 1 << 20, maxFiles: 2, retryMs: 20, checkIntervalMs: 0, ...rec.options });
    t.after(() => file.close());
    file.write(line50(0));
    await file.flush();

    rmSync(dir, { recursive: true });
    file.write(line50(1));
    await file.flush();
    assert.equal(readFileSync(path, 'utf8'), line50(1), 'reopened in a recreated directory');
    assert.equal(rec.errors.length, 0);

    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'a file where the directory was');
    let written = 2;
    for (; written < 10; written++) file.write(line50(written));
    await file.flush();
    assert.equal(rec.errors.length, 1);
    assert.equal(rec.errors[0]?.code, 'ENOTDIR');

    rmSync(dir);
    mkdirSync(dir);
    await waitFor(async () => {
      file.write(line50(written++));
      await file.flush();
      return rec.recovered.length > 0;
    }, 'writing to work again');
    await file.close();
    const numbers = numbersInOrder(readRotated(path, 2).lines);
    assert.equal(numbers.at(-1), written - 1);
    assert.equal(rec.errors.length, 1);
    assert.equal((rec.recovered[0]?.lines ?? 0) + numbers.length, written - 2);
  });

  test('a full disk (ENOSPC on /dev/full) is reported once and never throws', async (t) => {
    const rec = recorder();
    const full = new RotatingFile('/dev/full', { maxSizeBytes: 1000, maxFiles: 1, retryMs: 5, ...rec.options });
    t.after(() => full.close());
    let written = 0;
    await waitFor(async () => {
      for (let i = 0; i < 100; i++) full.write(line50(written++));
      await full.flush();
      return written >= 2000;
    }, 'many failed writes');
    assert.equal(rec.errors.length, 1);
    assert.equal(rec.errors[0]?.code, 'ENOSPC');
    assert.equal(rec.recovered.length, 0);
  });

  test('output faster than the disk: the pending cap drops and counts, reported once, then recovery', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const path = join(tmp.path, 'fast.log');
    const rec = recorder();
    const file = new RotatingFile(path, { maxSizeBytes: 1 << 20, maxFiles: 2, maxPendingBytes: 1000, ...rec.options });
    // All in one turn of the event loop: nothing can be written meanwhile.
    for (let i = 0; i < 100; i++) file.write(line50(i));
    assert.equal(rec.errors.length, 1);
    assert.ok(rec.errors[0] instanceof BacklogError);
    assert.equal(rec.errors[0]?.code, 'ENOBUFS');
    await file.close();
    assert.deepEqual(rec.recovered, [{ lines: 80, bytes: 4000 }]);
    assert.deepEqual(numbersInOrder(readRotated(path, 2).lines), Array.from({ length: 20 }, (_, i) => i));
  });
  test('writeLine(prefix, line) writes what write(prefix + line + "\\n") does, rotation included', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const a = join(tmp.path, 'a.log');
    const b = join(tmp.path, 'b.log');
    const byWrite = new RotatingFile(a, { maxSizeBytes: 900, maxFiles: 50 });
    const byLine = new RotatingFile(b, { maxSizeBytes: 900, maxFiles: 50 });
    for (let i = 0; i < 400; i++) {
      const prefix = `2026-12-01T00:00:00.${String(i % 1000).padStart(3, '0')}Z ${i % 3 ? 'out' : 'err'} `;
      const line = `line ${String(i).padStart(4, '0')} ${'é日😀'.repeat(i % 17)}`;
      byWrite.write(`${prefix}${line}\n`);
      byLine.writeLine(prefix, line);
      if (i % 53 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([byWrite.close(), byLine.close()]);
    for (let k = 0; k < 50; k++) {
      const suffix = k === 0 ? '' : `.${k}`;
      assert.equal(existsSync(`${b}${suffix}`), existsSync(`${a}${suffix}`), `${suffix || 'active'} file`);
      if (existsSync(`${a}${suffix}`)) assert.deepEqual(readFileSync(`${b}${suffix}`), readFileSync(`${a}${suffix}`), `b.log${suffix}`);
    }
    assert.ok(existsSync(`${b}.10`), 'rotated many times');
  });

  test('writeLine past the pending cap: dropped records counted with their exact UTF-8 size', async (t) => {
    const tmp = tmpDir();
    t.after(tmp.remove);
    const rec = recorder();
    const file = new RotatingFile(join(tmp.path, 'cap.log'), { maxSizeBytes: 1 << 20, maxFiles: 2, maxPendingBytes: 100, ...rec.options });
    // 'é' is 2 bytes: each record is 5 + 2 * 10 + 1 = 26 bytes; 3 fit under 100, the 4th would not.
    for (let i = 0; i < 10; i++) file.writeLine(`rec${i} `, 'é'.repeat(10));
    assert.equal(rec.errors.length, 1);
    await file.close();
    assert.deepEqual(rec.recovered, [{ lines: 7, bytes: 7 * 26 }]);
    assert.equal(readFileSync(join(tmp.path, 'cap.log'), 'utf8'), [0, 1, 2].map((i) => `rec${i} ${'é'.repeat(10)}\n`).join(''));
  });
});
