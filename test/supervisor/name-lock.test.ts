// Turns at claiming a name (name-lock.ts): one holder at a time, and a holder that dies frees the turn —
// the OS is the subject, so the holder is a real process behind a handshake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { lockName, turnName } from '../../src/supervisor/name-lock.js';
import { repoRoot } from '../helpers/paths.js';
import { waitForOutput } from '../helpers/wait-for.js';

const LOCK = join(repoRoot, 'dist', 'src', 'supervisor', 'name-lock.js');
const linux = process.platform === 'linux';

// Whether the turn at `path` is free: binding its socket here succeeds (and is undone at once).
function turnFree(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(turnName(path), () => server.close(() => resolve(true)));
  });
}

test('a turn is held by one process at a time; the kernel ends it when its holder is killed', { skip: !linux && 'turns exist on Linux only', timeout: 20_000 }, async (t) => {
  const path = `/tmp/pilot-name-lock-test-${process.pid}/control.sock`;
  assert.equal(await turnFree(path), true, 'nobody has the turn yet');
  const holder = spawn(process.execPath, ['--input-type=module', '-e', `const { lockName } = await import(${JSON.stringify(LOCK)}); await lockName(${JSON.stringify(path)}); console.log('held'); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => holder.kill('SIGKILL'));
  if (!holder.stdout) throw new Error('no stdout');
  await waitForOutput(holder.stdout, 'held\n', 'the holder to take its turn');
  assert.equal(await turnFree(path), false, 'the holder has the turn');
  assert.equal(await turnFree(`${path}.other`), true, 'a turn at another name is free');

  const waiting = lockName(path);
  holder.kill('SIGKILL');
  const release = await waiting;
  assert.ok(release, 'the turn passed to the waiter once the holder was killed');
  assert.equal(await turnFree(path), false, 'the waiter has the turn');
  release();
  release(); // (twice is harmless)
  assert.equal(await turnFree(path), true, 'released');
});

test('where there are no turns, lockName says so (null) and callers fall back to their inode checks', { skip: linux && 'Linux has turns' }, async () => {
  assert.equal(await lockName('/tmp/x'), null);
});
