// No orphans, whichever way a stack is stopped: pilot down, Ctrl-C (a real terminal, and SIGINT to the foreground
// process group, also of pilot run), SIGTERM and SIGHUP to the supervisor (foreground and detached), a closed
// terminal, and a second Ctrl-C that kills at once. Each case stops the zoo (zoo.ts) and then counts what is left: it must be nothing,
// as soon as pilot has returned or exited.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureBin } from '../helpers/paths.js';
import { isAlive } from '../helpers/procs.js';
import { waitFor } from '../helpers/wait-for.js';
import { exitWithin, StackCase } from './stack-case.js';
import { ZOO, zooArmed } from './zoo.js';

const STOP_MS = 20_000;
const CASE = { timeout: 60_000 };

describe('stopping the zoo leaves nothing alive', () => {
  test('pilot down (detached stack)', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const supervisor = await s.upDetached();
    await zooArmed(s);
    const down = await s.cli(['down', '-f', s.file], { timeoutMs: STOP_MS });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(isAlive(supervisor), false, 'the supervisor is gone when down returns');
    s.assertNothingLeft();
  });

  test('pilot down (foreground stack)', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const up = s.upForeground();
    await zooArmed(s);
    const down = await s.cli(['down', '-f', s.file], { timeoutMs: STOP_MS });
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(await exitWithin(up.exited, STOP_MS, 'pilot up'), { code: 0, signal: null });
    s.assertNothingLeft();
  });

  test('Ctrl-C in a real terminal (pty): the children, in their own sessions, get it only through pilot', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const up = s.upForeground({ terminal: true });
    await zooArmed(s);
    const pid = up.pid();
    up.child.stdin?.write('\x03');
    await exitWithin(up.exited, STOP_MS, 'pilot up under a terminal');
    assert.equal(isAlive(pid), false);
    assert.match(up.output(), /stopping \(press Ctrl-C again to kill at once\)/);
    s.assertNothingLeft();
  });

  test('SIGINT to the foreground process group (what Ctrl-C sends)', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const up = s.upForeground();
    await zooArmed(s);
    process.kill(-up.pid(), 'SIGINT');
    assert.deepEqual(await exitWithin(up.exited, STOP_MS, 'pilot up'), { code: 0, signal: null });
    s.assertNothingLeft();
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    test(`${signal} to the foreground supervisor`, CASE, async (t) => {
      const s = new StackCase(t, ZOO);
      const up = s.upForeground();
      await zooArmed(s);
      process.kill(up.pid(), signal);
      assert.deepEqual(await exitWithin(up.exited, STOP_MS, 'pilot up'), { code: 0, signal: null });
      assert.match(up.output(), new RegExp(`received ${signal}, stopping`));
      s.assertNothingLeft();
    });

    test(`${signal} to the background supervisor (up -d)`, CASE, async (t) => {
      const s = new StackCase(t, ZOO);
      const supervisor = await s.upDetached();
      await zooArmed(s);
      process.kill(supervisor, signal);
      await waitFor(() => !isAlive(supervisor), 'the background supervisor to exit', STOP_MS);
      s.assertNothingLeft();
    });
  }

  test('pilot run: Ctrl-C (SIGINT to the group, which CMD shares with pilot) while CMD runs', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const run = s.foreground(['run', s.file, '--', process.execPath, fixtureBin('forever.js')]);
    await zooArmed(s);
    await waitFor(() => /^armed$/m.test(run.output()), 'CMD to be armed', STOP_MS);
    process.kill(-run.pid(), 'SIGINT');
    await exitWithin(run.exited, STOP_MS, 'pilot run');
    s.assertNothingLeft();
  });

  test('the terminal closes (its master side goes away: SIGHUP, then a stdout that fails with EIO)', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const up = s.upForeground({ terminal: true });
    await zooArmed(s);
    const pid = up.pid();
    up.child.kill('SIGKILL'); // the terminal emulator dies; the kernel hangs up the pty
    await waitFor(() => !isAlive(pid), 'pilot to exit after the hang-up', STOP_MS);
    s.assertNothingLeft();
  });

  test('a second Ctrl-C kills at once, without waiting for a long stop timeout', CASE, async (t) => {
    const s = new StackCase(t, `kill_timeout: 2\nprocesses:\n  - { name: slow, path: $NODE, args: [$FIX(ignores-sigterm.js)], timeout: 120 }\n  - { name: forker, path: $NODE, args: [$FIX(grandchildren.js)], timeout: 120 }\n`);
    const up = s.upForeground({ terminal: true });
    await s.waitForLines({ slow: /^armed$/, forker: /^grandchildren \d+ \d+$/ });
    up.child.stdin?.write('\x03');
    await s.waitForLines({ slow: /^ignoring SIGTERM$/ });
    const started = performance.now();
    up.child.stdin?.write('\x03');
    await exitWithin(up.exited, STOP_MS, 'pilot up after the second Ctrl-C');
    assert.ok(performance.now() - started < 10_000, 'killed at once, not after the 120 s timeout');
    s.assertNothingLeft();
  });
});
