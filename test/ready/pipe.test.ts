import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { awaitReady } from '../../src/ready/await-ready.js';
import { pipeStrategy } from '../../src/ready/pipe.js';
import type { ReadyPreparation } from '../../src/ready/types.js';
import { fixtureBin } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor, waitForEvent, waitForOutput } from '../helpers/wait-for.js';
import { processSpec, readyContext } from './context.js';

/** Prepares a pipe for a process named `name` in a fresh runtime dir; cleaned up (and the dir removed) after the test. */
async function preparePipe(t: TestContext, params: Record<string, unknown> = {}, name = 'svc', subdirs: string[] = []) {
  const dir = tmpDir();
  for (const sub of subdirs) mkdirSync(join(dir.path, sub));
  const process = processSpec({ name, workingDirectory: dir.path, readyParams: params });
  const ctx = readyContext(params, { process });
  const prep = (await pipeStrategy.prepare?.({ ...ctx, runtimeDir: dir.path })) as ReadyPreparation;
  const path = prep.env?.PILOT_READY_PIPE;
  assert.ok(path, 'prepare hands the FIFO path to the child');
  t.after(async () => {
    await prep.cleanup?.();
    dir.remove();
  });
  return { dir: dir.path, path, prep, ctx: { ...ctx, prepared: prep.state } };
}

/** How many of this process's fds are open on `path` (still there, or since deleted). */
function fdsOpenOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === path || target === `${path} (deleted)`;
    } catch {
      return false;
    }
  }).length;
}

/** Resolves with `promise`'s value, or rejects if it takes longer than `ms` (so a blocked pool fails, not hangs). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Spawns a fixture with the pipe's env; killed after the test. */
function spawnFixture(t: TestContext, name: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [fixtureBin(name), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

describe('pipe ready strategy', () => {
  test('a child that writes "ready" to $PILOT_READY_PIPE is ready; the FIFO is private and removed by cleanup', async (t) => {
    const { dir, path, prep, ctx } = await preparePipe(t);
    assert.equal(path, join(dir, 'svc.ready.fifo'));
    const stats = lstatSync(path);
    assert.ok(stats.isFIFO());
    assert.equal(stats.mode & 0o777, 0o600);
    const child = spawnFixture(t, 'ready-pipe-writer.js', prep.env ?? {});
    assert.ok(child.stdout);
    await waitForOutput(child.stdout, 'armed', 'the writer to install its handler');
    // prepare knows the FIFO it created; describe() alone can only name the variable
    assert.equal(prep.detail, `pipe ${path}`);
    assert.equal(pipeStrategy.describe({}, ctx.process), 'pipe $PILOT_READY_PIPE');
    const pending = awaitReady(pipeStrategy, ctx, { timeoutMs: 5000, detail: prep.detail });
    child.kill('SIGUSR2');
    const outcome = await pending;
    assert.deepEqual({ ...outcome, elapsedMs: 0 }, { ok: true, elapsedMs: 0, detail: `pipe ${path}` });
    assert.equal(fdsOpenOn(path), 1, 'pilot holds one fd on the FIFO while waiting');
    await prep.cleanup?.();
    assert.equal(existsSync(path), false, 'cleanup removes the FIFO');
    await waitFor(() => fdsOpenOn(path) === 0, 'the FIFO reader to close its fd', 2000);
  });

  test('other lines are ignored (and logged briefly) until "ready", which may end in \\r\\n', async (t) => {
    const { prep, ctx } = await preparePipe(t, { path: 'run/ready.fifo' }, 'api', ['run']);
    const child = spawnFixture(t, 'ready-pipe-writer.js', prep.env ?? {}, ['starting', 'loading 50%', 'not ready', 'ready now', 'loading 100%', 'ready\r']);
    assert.ok(child.stdout);
    await waitForOutput(child.stdout, 'armed', 'the writer to install its handler');
    const pending = awaitReady(pipeStrategy, ctx, { timeoutMs: 5000 });
    child.kill('SIGUSR2');
    const outcome = await pending;
    assert.equal(outcome.ok, true);
    assert.equal(outcome.detail, `pipe ${join(ctx.process.workingDirectory, 'run/ready.fifo')}`);
    assert.deepEqual(ctx.logs, [
      'ready pipe: ignoring line "starting" (waiting for "ready")',
      'ready pipe: ignoring line "loading 50%" (waiting for "ready")',
      'ready pipe: ignoring line "not ready" (waiting for "ready")',
      'ready pipe: ignoring further lines until "ready"',
    ]);
  });

  test('"ready" written before the wait starts is not lost', async (t) => {
    const { prep, ctx } = await preparePipe(t);
    const child = spawnFixture(t, 'ready-pipe-writer.js', prep.env ?? {});
    assert.ok(child.stdout);
    await waitForOutput(child.stdout, 'armed', 'the writer to install its handler');
    const written = waitForOutput(child.stdout, 'written', 'the writer to have written');
    child.kill('SIGUSR2');
    await written;
    const outcome = await awaitReady(pipeStrategy, ctx, { timeoutMs: 5000 });
    assert.equal(outcome.ok, true);
  });

  test('a child that exits without writing ends the wait when its exit aborts it', async (t) => {
    const { prep, ctx } = await preparePipe(t);
    const parent = new AbortController();
    const pending = awaitReady(pipeStrategy, ctx, { timeoutMs: 10_000, signal: parent.signal });
    const child = spawnFixture(t, 'ready-exits-without-writing.js', prep.env ?? {});
    const [code] = await waitForEvent<[number | null]>(child, 'exit', () => true, 'the child to exit');
    parent.abort(new Error(`svc exited with code ${code}`));
    const outcome = await pending;
    assert.equal(outcome.ok, false);
    assert.equal(outcome.reason, 'aborted');
    assert.match(outcome.message, /^pipe \$PILOT_READY_PIPE: wait aborted after .* \(svc exited with code 3\)$/);
  });

  test('nobody writing times out; "ready" without a newline is pointed out', async (t) => {
    const silent = await preparePipe(t);
    const outcome = await awaitReady(pipeStrategy, silent.ctx, { timeoutMs: 200 });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.message, 'pipe $PILOT_READY_PIPE no "ready" line written after 0.2s');

    const unterminated = await preparePipe(t);
    writeFileSync(unterminated.path, 'ready');
    const late = await awaitReady(pipeStrategy, unterminated.ctx, { timeoutMs: 200 });
    assert.equal(late.ok, false);
    assert.equal(late.message, 'pipe $PILOT_READY_PIPE no "ready" line written after 0.2s (last error: "ready" was written without a newline)');
  });

  test('prepare replaces a stale FIFO or file, and refuses a directory', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const process = processSpec({ name: 'svc', workingDirectory: dir.path });
    const ctx = { ...readyContext({}, { process }), runtimeDir: dir.path };
    const fifo = join(dir.path, 'svc.ready.fifo');
    writeFileSync(fifo, 'stale');
    const first = (await pipeStrategy.prepare?.(ctx)) as ReadyPreparation;
    assert.ok(lstatSync(fifo).isFIFO());
    const second = (await pipeStrategy.prepare?.(ctx)) as ReadyPreparation; // a restart before cleanup ran
    await first.cleanup?.();
    assert.ok(lstatSync(fifo).isFIFO(), "an older cleanup leaves the newer FIFO alone");
    await second.cleanup?.();
    assert.equal(existsSync(fifo), false);

    mkdirSync(fifo);
    await assert.rejects(pipeStrategy.prepare?.(ctx) ?? Promise.resolve(), (err: unknown) => {
      assert.ok(err instanceof PilotError);
      assert.equal(err.code, 'READY_FAILED');
      assert.match(err.message, /ready pipe path .*svc\.ready\.fifo of "svc" is a directory/);
      return true;
    });
  });

  test('waiting on pipes blocks neither the event loop nor the thread pool', async (t) => {
    const pipes = await Promise.all([1, 2, 3, 4, 5].map((i) => preparePipe(t, {}, `svc${i}`)));
    const parent = new AbortController();
    const waits = pipes.map((p) => awaitReady(pipeStrategy, p.ctx, { timeoutMs: 20_000, signal: parent.signal }));
    let settledEarly = false;
    void Promise.race(waits).then(() => (settledEarly = true));

    // The loop turns: immediates and timers keep running while five waits are pending.
    let turns = 0;
    await within(new Promise<void>((resolve) => {
      const spin = (): void => void (++turns < 50 ? setImmediate(spin) : resolve());
      spin();
    }), 2000, '50 loop turns');
    await within(new Promise((resolve) => setTimeout(resolve, 1)), 2000, 'a 1 ms timer');
    // The thread pool (4 threads by default) is free: file reads complete promptly.
    const started = performance.now();
    const reads = await within(Promise.all(Array.from({ length: 8 }, () => readFile(fixtureBin('ready-pipe-writer.js'), 'utf8'))), 2000, 'reading files');
    const readMs = performance.now() - started;
    assert.ok(reads.every((text) => text.includes('PILOT_READY_PIPE')));
    assert.ok(readMs < 1000, `8 reads took ${readMs.toFixed(0)} ms while pipes were waited on`);
    assert.equal(turns, 50);
    assert.equal(settledEarly, false, 'the pipe waits were still pending during the reads');

    parent.abort(new Error('test over'));
    const outcomes = await Promise.all(waits);
    assert.deepEqual(outcomes.map((o) => (o.ok ? 'ok' : o.reason)), ['aborted', 'aborted', 'aborted', 'aborted', 'aborted']);
  });
});
