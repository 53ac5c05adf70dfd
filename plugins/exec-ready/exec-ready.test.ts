// The exec ready strategy on real stacks: a probe that succeeds once the process did its part (a file,
// after a handshake), probes that hang (killed with their process group, none left behind), fail with
// output (quoted), or cannot run (fail at once); the probe's environment and directory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { firstPartyPlugins } from '../../test/helpers/first-party.js';
import { pidsWithEnv } from '../../test/helpers/procs.js';
import { makeHarness } from '../../test/helpers/supervisor-harness.js';
import { fixtureSpec } from '../../test/helpers/supervisor-spec.js';
import { tmpDir } from '../../test/helpers/tmp.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { readSettings } from './lib/settings.js';

const plugins = () => firstPartyPlugins('exec-ready');

/** A scratch directory removed after the test. */
function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = tmpDir('pilot-exec-');
  t.after(dir.remove);
  return dir.path;
}

/** Why `start()` failed: the BOOT_FAILED message. */
async function bootFailure(start: Promise<void>): Promise<string> {
  const err = await start.then(() => assert.fail('the boot should fail'), (e: unknown) => e);
  assert.ok(err instanceof PilotError && err.code === 'BOOT_FAILED', String(err));
  return err.message;
}

describe('exec ready strategy on a real stack', () => {
  test('ready once the probe exits 0; a hanging probe is killed with what it started, every attempt; none is left', async (t) => {
    const dir = scratch(t);
    const flag = join(dir, 'flag');
    const attempts = join(dir, 'attempts');
    const mark = `probe-${process.pid}-${Date.now()}`;
    // Until the file exists: count the attempt, start a grandchild, hang. Then succeed.
    const script = `echo x >> "${attempts}"; [ -e "${flag}" ] && exit 0; sleep 30 & sleep 30`;
    const h = makeHarness(t, [fixtureSpec('api', 'touch-when-told.js', [flag], { readyStrategy: 'exec', readyParams: { command: script, shell: true, attempt_timeout_sec: 0.15, interval_sec: 0.01, env: { PROBE_MARK: mark } } })], {
      pilot: { plugins: await plugins() },
    });
    const started = h.pilot.start();
    const count = () => readFileSync(attempts, 'utf8').split('\n').filter(Boolean).length;
    await waitFor(() => count() >= 3, 'three probe attempts');
    // One attempt at a time: its shell and two sleeps at most.
    assert.ok(pidsWithEnv('PROBE_MARK', mark).length <= 3, `probes overlap: ${pidsWithEnv('PROBE_MARK', mark).length} marked processes`);
    assert.equal(h.pilot.status()[0]?.state, 'starting');
    const pid = h.pilot.status()[0]?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGUSR1');
    await started;
    assert.match(h.ofType('ready')[0]?.detail ?? '', /^exec echo x >> ".*attempts"; \[ -e/);
    await waitFor(() => pidsWithEnv('PROBE_MARK', mark).length === 0, 'no probe (nor any sleep it started) left running', 2000);
    assert.equal(h.pilot.status()[0]?.state, 'running', 'the stack is up: no sweep has run');
  });

  test('a failing probe\'s last lines are the reason; the probe gets the process\'s environment, its env and directory', async (t) => {
    const dir = scratch(t);
    const all = await plugins();
    const failing = makeHarness(t, [fixtureSpec('db', 'forever.js', [], { readyStrategy: 'exec', readyTimeoutSec: 0.5, readyParams: { command: [process.execPath, '-e', "console.log('db: not yet'); console.error('connection refused'); process.exit(2)"] } })], {
      pilot: { plugins: all },
    });
    assert.match(await bootFailure(failing.pilot.start()), / not succeeding after 0\.5s \(last error: exited with code 2: db: not yet \| connection refused\)$/);

    const check = `test "$PILOT_PROCESS" = api && test "$GLOBAL" = g && test "$EXTRA" = 1 && test "$(pwd)" = "${dir}"`;
    const ok = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'exec', readyTimeoutSec: 3, readyParams: { command: ['sh', '-c', check], env: { EXTRA: 1 }, working_directory: dir } })], {
      pilot: { plugins: all },
      manifest: { env: { GLOBAL: 'g' } },
    });
    await ok.pilot.start();
    assert.equal(ok.pilot.status()[0]?.state, 'running');
  });

  test('a probe that cannot run fails the start at once, saying why', async (t) => {
    const all = await plugins();
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { readyStrategy: 'exec', readyTimeoutSec: 30, readyParams: { command: ['no-such-probe-for-pilot'] } })], { pilot: { plugins: all } });
    const t0 = performance.now();
    const message = await bootFailure(h.pilot.start());
    assert.ok(performance.now() - t0 < 10_000, 'it did not wait for the 30 s deadline');
    assert.match(message, /cannot run "no-such-probe-for-pilot": not found on the PATH the process sees \(ready strategy "exec", plugin "exec-ready"/);
  });
});

describe('exec ready: parameters', () => {
  test('a list runs without a shell; a string needs shell: true; each problem is named by its key', () => {
    const problems = (params: Record<string, unknown>) => readSettings(params).problems.map((p) => [p.key ?? null, p.message]);
    assert.deepEqual(problems({}), [[null, 'command is required']]);
    assert.deepEqual(problems({ command: 'pg_isready -h 127.0.0.1' }), [['command', 'is a string, which needs shell: true; without a shell, write it as a list of arguments']]);
    assert.deepEqual(problems({ command: ['a'], shell: true }), [['command', 'must be a non-empty string with shell: true, got a list']]);
    assert.deepEqual(problems({ command: ['', { x: 1 }], env: { 'A=B': 1 }, attempt_timeout_sec: -1, comand: [] }), [
      ['comand', 'is not a parameter of the exec strategy'],
      ['command.1', 'must be a string or a number, got an object'],
      ['command.0', 'must name a program'],
      ['env.A=B', 'is not a valid environment variable name'],
      ['attempt_timeout_sec', 'must be a number > 0, got -1'],
    ]);
    const { settings } = readSettings({ command: ['redis-cli', '-p', 6390, 'ping'] });
    assert.deepEqual([settings.argv, settings.display], [['redis-cli', '-p', '6390', 'ping'], 'redis-cli -p 6390 ping']);
    assert.deepEqual(readSettings({ command: 'a | b', shell: true }).settings.argv, ['/bin/sh', '-c', 'a | b']);
  });
});
