import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { awaitReady } from '../../src/ready/await-ready.js';
import { fileStrategy } from '../../src/ready/file.js';
import type { ReadyOutcome } from '../../src/ready/types.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { activeCount, processSpec, readyContext } from './context.js';

/** Context for a process working in `dir` and awaiting `path` (relative to it). */
function fileContext(dir: string, path: string): ReturnType<typeof readyContext> {
  const params = { path };
  return readyContext(params, { process: processSpec({ workingDirectory: dir, readyParams: params }) });
}

/** Starts awaiting; resolves with the outcome and the moment it arrived. */
function awaitFile(dir: string, path: string, timeoutMs: number): Promise<{ outcome: ReadyOutcome; at: number }> {
  return awaitReady(fileStrategy, fileContext(dir, path), { timeoutMs }).then((outcome) => ({ outcome, at: performance.now() }));
}

/** Runs `fn` after `ms`: the test's own stimulus (creating the file at different moments), not synchronisation. */
const after = (ms: number, fn: () => void): Promise<number> =>
  new Promise((resolve) =>
    setTimeout(() => {
      const at = performance.now();
      fn();
      resolve(at);
    }, ms),
  );

describe('file ready strategy', () => {
  test('a file created later is noticed at once (watched, not found by the 500 ms fallback stat)', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const latencies: number[] = [];
    for (const [i, delayMs] of [0, 15, 40, 70].entries()) {
      const waiting = awaitFile(dir.path, `ready-${i}`, 5000);
      const createdAt = await after(delayMs, () => writeFileSync(join(dir.path, `ready-${i}`), ''));
      const { outcome, at } = await waiting;
      assert.equal(outcome.ok, true);
      assert.equal(outcome.detail, `file ${join(dir.path, `ready-${i}`)}`);
      latencies.push(at - createdAt);
    }
    // The fallback stat alone, 500 ms after the wait began, would see these files 500, 485, 460 and 430 ms
    // late; the watch sees them in a few ms (the bound leaves room for a loaded machine's scheduling).
    assert.ok(Math.max(...latencies) < 250, `latencies ${latencies.map((l) => l.toFixed(1)).join(', ')} ms`);
  });

  test('prepare removes a stale file, so only a fresh one counts', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const stale = join(dir.path, 'var', 'ready.flag');
    mkdirSync(join(dir.path, 'var'));
    writeFileSync(stale, 'left by the last run');
    const ctx = fileContext(dir.path, 'var/ready.flag');
    assert.equal(await fileStrategy.prepare?.({ ...ctx, runtimeDir: dir.path }), undefined);
    assert.equal(existsSync(stale), false);
    // Nothing stale to remove is fine too.
    await fileStrategy.prepare?.({ ...ctx, runtimeDir: dir.path });
    const watchers = activeCount('FSEventWrap');
    const timers = activeCount('Timeout');
    const outcome = await awaitReady(fileStrategy, ctx, { timeoutMs: 200 });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'timeout');
    assert.equal(outcome.message, `file ${stale} not created after 0.2s`);
    assert.equal(activeCount('Timeout'), timers, 'no fallback or poll timer left');
    await waitFor(() => activeCount('FSEventWrap') <= watchers, 'the directory watch to close', 2000);
  });

  test('a directory where the ready file should be is a clear error', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    mkdirSync(join(dir.path, 'ready.flag'));
    const ctx = fileContext(dir.path, 'ready.flag');
    await assert.rejects(fileStrategy.prepare?.({ ...ctx, runtimeDir: dir.path }) ?? Promise.resolve(), (err: unknown) => {
      assert.ok(err instanceof PilotError);
      assert.equal(err.code, 'READY_FAILED');
      assert.match(err.message, /ready file .*ready\.flag of "svc" is a directory/);
      return true;
    });
  });

  test('a parent directory created later is found, then watched', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const watchers = activeCount('FSEventWrap');
    const waiting = awaitFile(dir.path, 'run/sub/ready', 5000);
    await after(30, () => mkdirSync(join(dir.path, 'run', 'sub'), { recursive: true }));
    // The parent poll (5, 10, 20… ms) finds the directory and switches to watching it.
    await waitFor(() => activeCount('FSEventWrap') > watchers, 'the new directory to be watched', 2000);
    const createdAt = performance.now();
    writeFileSync(join(dir.path, 'run', 'sub', 'ready'), '');
    const { outcome, at } = await waiting;
    assert.equal(outcome.ok, true);
    // Well before the 500 ms fallback stat: the watch saw it.
    assert.ok(at - createdAt < 250, `noticed ${(at - createdAt).toFixed(1)} ms after creation`);
  });

  test('a watched parent removed and recreated is still followed', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const parent = join(dir.path, 'run');
    mkdirSync(parent);
    const waiting = awaitFile(dir.path, 'run/ready', 5000);
    await after(10, () => rmdirSync(parent));
    await after(10, () => mkdirSync(parent));
    const createdAt = await after(10, () => writeFileSync(join(parent, 'ready'), ''));
    const { outcome, at } = await waiting;
    assert.equal(outcome.ok, true);
    // Well before the 500 ms stat fallback: the removal itself was noticed and the new directory watched.
    assert.ok(at - createdAt < 250, `noticed ${(at - createdAt).toFixed(1)} ms after creation`);
  });
});
