// Regression tests: the boot failure report said `pilot: boot failed: boot failed: …`, and a ready strategy
// ignoring its abort signal went unreported when the boot failed (the supervisor exited before the warning
// was due). Now the report says it once, the warning comes before it (and, for `up -d`, in it). Also the
// exit guard: once a command is over, nothing a plugin left running keeps pilot alive.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PilotError } from '../../src/errors.js';
import { bootFailureReport } from '../../src/cli/up/boot-report.js';
import { exitWhenDone } from '../../src/cli/exit-guard.js';
import { startUp } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { stackPluginDir } from '../plugins/plugin-stack.js';
import { runPilot } from './run-cli.js';

// A process whose (plugin) ready strategy ignores its signal and never settles.
const DEAF = `plugin_directory: ${JSON.stringify(stackPluginDir)}\nprocesses:\n  - name: api\n    path: $NODE\n    args: [$FIX(forever.js)]\n    ready_strategy: deaf\n    ready_timeout_sec: 0.2\n`;

describe('the boot failure report', () => {
  test('says "boot failed" once, and "boot interrupted" as such', () => {
    const failed = new PilotError('BOOT_FAILED', 'boot failed: "db" not ready: tcp 127.0.0.1:5432 not accepting connections after 5.0s', { context: { process: 'db', lastLines: ['listening soon'] } });
    assert.deepEqual(bootFailureReport(failed), ['pilot: boot failed: "db" not ready: tcp 127.0.0.1:5432 not accepting connections after 5.0s', '  last 1 line(s) of db:', '    | listening soon']);
    assert.deepEqual(bootFailureReport(new PilotError('BOOT_FAILED', 'boot interrupted: pilot down')), ['pilot: boot interrupted: pilot down']);
  });

  test('pilot up: a ready strategy that ignored its signal is reported before the boot failure, which says "boot failed" once', async (t) => {
    const file = writeManifest(t, DEAF);
    const run = startUp(t, file);
    assert.equal(await run.exited, 1);
    const out = run.output();
    const warning = out.indexOf('its wait() ignored the abort signal: still pending 1 s after it fired');
    const report = out.indexOf('pilot: boot failed: "api" not ready: deaf not ready after 0.2s');
    assert.ok(warning >= 0 && report > warning, out);
    assert.doesNotMatch(out, /boot failed: boot failed/);
  });

  test('pilot up -d: the report of a failed boot also says what plugins reported meanwhile', async (t) => {
    const file = writeManifest(t, DEAF);
    const home = tmpDir('pilot-home-');
    t.after(home.remove);
    const up = await runPilot(['up', file, '-d'], { env: { PILOT_HOME: home.path, NO_COLOR: '1' } });
    assert.equal(up.code, 1);
    const report = (up.stdout + up.stderr).trimEnd().split('\n');
    assert.deepEqual(report, [
      'pilot: boot failed: "api" not ready: deaf not ready after 0.2s',
      '  last 1 line(s) of api:',
      '    | armed',
      '  plugin problems during the boot:',
      `    warning: plugin "strategies" (${join(stackPluginDir, 'ready.mjs')}), ready strategy "deaf": its wait() ignored the abort signal: still pending 1 s after it fired (pilot went on without it; stop work when ctx.signal aborts)`,
    ]);
  });
});

describe('exit guard', () => {
  const fakeProcess = (resources: string[]) => {
    const said: string[] = [];
    const proc = {
      exitCode: undefined as number | string | null | undefined,
      exited: null as number | null,
      exit: (code?: number) => void (proc.exited = code ?? 0),
      getActiveResourcesInfo: () => resources,
      stderr: { write: (text: string) => said.push(text) },
    };
    return { proc, said };
  };

  test('exits with the code once the grace has passed, saying what still ran with --debug', async () => {
    const { proc, said } = fakeProcess(['TCPServerWrap', 'Timeout']);
    exitWhenDone(3, { debug: true, graceMs: 10, proc: proc as never });
    assert.equal(proc.exitCode, 3, 'the exit code is set at once (a process that empties its loop exits with it)');
    await waitFor(() => proc.exited !== null, 'the guard to exit');
    assert.equal(proc.exited, 3);
    assert.deepEqual(said, ["pilot: exiting although something still runs in pilot's process (TCPServerWrap): a plugin left it behind\n"]);
  });

  test('says nothing without --debug', async () => {
    const { proc, said } = fakeProcess(['TCPServerWrap']);
    exitWhenDone(0, { debug: false, graceMs: 10, proc: proc as never });
    await waitFor(() => proc.exited !== null, 'the guard to exit');
    assert.deepEqual(said, []);
  });
});
