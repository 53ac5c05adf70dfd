// `pilot down` against a foreground `pilot up`, end to end through the built CLI.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { startUp } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { isAlive } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { runPilot } from './run-cli.js';

const TWO = `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: b, path: $NODE, args: [$FIX(forever.js)], dependencies: [a] }\n`;

describe('pilot down', () => {
  test('stops the stack in reverse order and returns once the supervisor has exited', async (t) => {
    const file = writeManifest(t, TWO);
    const up = startUp(t, file);
    await up.waitForText('all processes ready');
    const down = await runPilot(['down', '-f', file], { env: { PILOT_HOME: up.home, NO_COLOR: '1' } });
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /^pilot: stopped .*pilot\.yaml\n$/);
    assert.equal(isAlive(up.child.pid ?? 0), false, 'the supervisor is gone when down returns');
    assert.equal(await up.exited, 0);
    const out = up.output();
    assert.match(out, /stopping the stack \(pilot down\)/);
    assert.ok(out.indexOf('b stopped') < out.indexOf('a stopped'), 'b (the dependent) stops before a');
    assert.deepEqual(up.leftovers(), []);
  });

  test('finds the stack from the manifest\'s directory, and from elsewhere when it is the only one running', async (t) => {
    for (const where of ['manifest dir', 'elsewhere'] as const) {
      const file = writeManifest(t, TWO);
      const up = startUp(t, file);
      await up.waitForText('all processes ready');
      const elsewhere = tmpDir('pilot-cwd-');
      t.after(elsewhere.remove);
      const cwd = where === 'manifest dir' ? dirname(file) : elsewhere.path;
      const down = await runPilot(['down'], { cwd, env: { PILOT_HOME: up.home, NO_COLOR: '1' } });
      assert.equal(down.code, 0, `${where}: ${down.stderr}`);
      assert.equal(await up.exited, 0);
      assert.deepEqual(up.leftovers(), []);
    }
  });

  test('without a running stack: exit 3 at once', async (t) => {
    const file = writeManifest(t, TWO);
    const home = tmpDir('pilot-home-');
    t.after(home.remove);
    for (const args of [['down', '-f', file], ['down']]) {
      const started = performance.now();
      const down = await runPilot(args, { cwd: home.path, env: { PILOT_HOME: home.path, NO_COLOR: '1' } });
      assert.equal(down.code, 3, `${args.join(' ')}: ${down.stderr}`);
      assert.match(down.stderr, /^pilot: no running stack/);
      assert.ok(performance.now() - started < 5000, 'no waiting');
    }
  });

  test('after kill -9 of the supervisor (a stale socket): exit 3', async (t) => {
    const file = writeManifest(t, TWO);
    const up = startUp(t, file);
    await up.waitForText('all processes ready');
    up.child.kill('SIGKILL');
    await up.exited;
    const down = await runPilot(['down', '-f', file], { env: { PILOT_HOME: up.home, NO_COLOR: '1' } });
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /^pilot: no running stack for .*pilot\.yaml/);
  });

  test('--timeout: a stop that takes longer exits 1 and says the supervisor is still stopping', async (t) => {
    const file = writeManifest(t, `processes:\n  - { name: stubborn, path: $NODE, args: [$FIX(ignores-sigterm.js)], timeout: 60 }\n`);
    const up = startUp(t, file);
    await up.waitForText(/stubborn +\| armed/);
    const down = await runPilot(['down', '-f', file, '--timeout', '0.3'], { env: { PILOT_HOME: up.home, NO_COLOR: '1' } });
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stderr, new RegExp(`is still stopping after 0\\.3 s \\(supervisor pid ${up.child.pid}\\)`));
    await up.waitForText('ignoring SIGTERM');
    // Ctrl-C twice kills at once (the first only joins the stop that down started)
    up.child.kill('SIGINT');
    await up.waitForText('press Ctrl-C again');
    up.child.kill('SIGINT');
    await up.exited;
    assert.deepEqual(up.leftovers(), []);
  });
});
