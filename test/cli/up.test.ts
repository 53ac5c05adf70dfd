// `pilot up` in the foreground, end to end through the built CLI with real processes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyExample, startUp } from '../helpers/cli-up.js';
import { freePort } from '../helpers/free-port.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { isAlive } from '../helpers/procs.js';

describe('pilot up (foreground)', () => {
  test('boots the demo stack in dependency order, Ctrl-C stops it in reverse order, exit 0, nothing left', async (t) => {
    const dir = await copyExample(t, 'demo');
    const up = startUp(t, join(dir, 'pilot.yaml'));
    await up.waitForText('all processes ready');
    const out = up.output();
    for (const name of ['db', 'api', 'cache', 'worker']) assert.match(out, new RegExp(`${name} ready in \\d+ ms`));
    assert.ok(out.indexOf('db ready') < out.indexOf('api started'), 'api starts after db is ready');
    assert.ok(out.indexOf('api ready') < out.indexOf('worker started'), 'worker starts after api is ready');
    assert.match(out, /^db +\| db: listening/m, 'output lines are prefixed with the process name');
    up.child.kill('SIGINT');
    assert.equal(await up.exited, 0);
    const end = up.output();
    assert.ok(end.indexOf('worker stopped') < end.indexOf('api stopped'), 'worker stops before api');
    assert.ok(end.indexOf('api stopped') < end.indexOf('db stopped'), 'api stops before db');
    assert.deepEqual(up.leftovers(), []);
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    test(`${signal} to pilot stops the stack gracefully and exits 0`, async (t) => {
      const file = writeManifest(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: b, path: $NODE, args: [$FIX(forever.js)], dependencies: [a] }\n`);
      const up = startUp(t, file);
      await up.waitForText('all processes ready');
      await up.waitForText(/^b +\| armed/m);
      up.child.kill(signal);
      assert.equal(await up.exited, 0);
      assert.match(up.output(), new RegExp(`received ${signal}`));
      assert.deepEqual(up.leftovers(), []);
    });
  }

  test('a second Ctrl-C kills at once a process that ignores SIGTERM', async (t) => {
    const file = writeManifest(t, `processes:\n  - { name: stubborn, path: $NODE, args: [$FIX(ignores-sigterm.js)], timeout: 60 }\n`);
    const up = startUp(t, file);
    await up.waitForText(/stubborn +\| armed/);
    up.child.kill('SIGINT');
    await up.waitForText('ignoring SIGTERM');
    const before = performance.now();
    up.child.kill('SIGINT');
    await up.exited;
    assert.ok(performance.now() - before < 10_000, 'the second Ctrl-C did not wait for the 60 s grace');
    assert.match(up.output(), /killing every process now/);
    assert.deepEqual(up.leftovers(), []);
  });

  test('a process that exits before it is ready fails the boot: report, last lines, exit 1', async (t) => {
    const port = await freePort();
    const file = writeManifest(
      t,
      `processes:\n  - { name: ok, path: $NODE, args: [$FIX(forever.js)] }\n  - name: db\n    path: $NODE\n    args: [$FIX(exit-with.js), "3"]\n    dependencies: [ok]\n    ready_strategy: tcp\n    ready_params: { port: ${port} }\n`,
    );
    const up = startUp(t, file);
    assert.equal(await up.exited, 1);
    const out = up.output();
    assert.match(out, /boot failed/);
    assert.match(out, /db/);
    assert.match(out, /exiting with 3 in 0 ms/, 'the report shows the last lines of the process');
    assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
    assert.deepEqual(up.leftovers(), []);
  });

  test('readiness that never comes fails the boot naming what was awaited', async (t) => {
    const port = await freePort();
    const file = writeManifest(t, `processes:\n  - name: db\n    path: $NODE\n    args: [$FIX(forever.js)]\n    ready_strategy: tcp\n    ready_timeout_sec: 0.5\n    ready_params: { port: ${port} }\n`);
    const up = startUp(t, file);
    assert.equal(await up.exited, 1);
    assert.match(up.output(), new RegExp(`tcp 127\\.0\\.0\\.1:${port} not accepting connections after 0\\.5\\s?s`));
    assert.deepEqual(up.leftovers(), []);
  });

  test('shutdown_everything: the CI example exits 0 by itself once its check passes', async (t) => {
    const dir = await copyExample(t, 'ci');
    const up = startUp(t, join(dir, 'pilot.yaml'));
    assert.equal(await up.exited, 0);
    assert.deepEqual(up.leftovers(), []);
  });

  test('shutdown_everything: pilot exits with the code of the process that ended the stack', async (t) => {
    const file = writeManifest(
      t,
      `processes:\n  - { name: server, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: check, path: $NODE, args: [$FIX(exit-with.js), "7", "50"], dependencies: [server], shutdown_strategy: shutdown_everything }\n`,
    );
    const up = startUp(t, file);
    assert.equal(await up.exited, 7);
    assert.deepEqual(up.leftovers(), []);
  });

  test('an invalid manifest: located diagnostic, exit 2, nothing started', async (t) => {
    const file = writeManifest(t, `processes:\n  - name: a\n    path: $NODE\n    shutdown_strategy: sometimes\n`);
    const up = startUp(t, file);
    assert.equal(await up.exited, 2);
    assert.match(up.output(), /pilot\.yaml:4:24: error: .*shutdown_strategy/);
    assert.doesNotMatch(up.output(), /\n\s+at /);
  });

  test('a closed stdout (pilot up | head) does not take the supervisor down', async (t) => {
    const file = writeManifest(t, `processes:\n  - { name: chatty, path: $NODE, args: [-e, "setInterval(() => console.log('tick', Date.now()), 5)"] }\n`);
    const up = startUp(t, file);
    await up.waitForText('tick');
    up.child.stdout?.destroy();
    const { readFileSync } = await import('node:fs');
    const { stackPaths } = await import('../../src/control/state-dir.js');
    const log = join(stackPaths(file, { PILOT_HOME: up.home }).logsDir, 'chatty.log');
    const lines = (): number => readFileSync(log, 'utf8').split('\n').length;
    const { waitFor } = await import('../helpers/wait-for.js');
    const seen = await waitFor(() => lines(), 'the log file');
    // the supervisor keeps capturing output long after its stdout is gone
    await waitFor(() => lines() > seen + 100, 'more lines after stdout closed', 15_000);
    assert.ok(isAlive(up.child.pid ?? 0));
    up.child.kill('SIGTERM');
    assert.equal(await up.exited, 0);
    assert.deepEqual(up.leftovers(), []);
  });

  test('after kill -9 of pilot, the next pilot up kills what the dead one left running', async (t) => {
    const file = writeManifest(t, `processes:\n  - { name: escaper, path: $NODE, args: [$FIX(setsid-grandchild.js)] }\n`);
    const first = startUp(t, file);
    await first.waitForText(/grandchild (\d+)/);
    const grandchild = Number(/grandchild (\d+)/.exec(first.output())?.[1]);
    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(isAlive(grandchild), 'the setsid grandchild outlived the killed supervisor');
    const second = startUp(t, file, { home: first.home });
    await second.waitForText('left running by a previous pilot');
    assert.match(second.output(), new RegExp(`pid ${grandchild}`));
    assert.equal(isAlive(grandchild), false);
    await second.waitForText('all processes ready');
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
    assert.deepEqual(second.leftovers(), []);
  });
});
