// Regression tests through the built CLI, real processes and sockets: Ctrl-C (or `pilot down`) while a
// plugin's control server or pre_start hook is still starting. pilot used to print "stopped" and stay alive
// (the sampler started after the stop; the server, never stopped, went on listening; the hook's timeout was
// reported after "stopped"), and `pilot down` took 12.8 s. Now the process exits promptly, nothing it opened
// stays open, and "stopped" is the last thing it says.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { startUp, type UpRun } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { pidsWithCmdline, pidsWithEnv, killAll } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { accepts } from '../helpers/tcp-probe.js';
import { lifecyclePluginDir, listeningPort } from '../plugins/lifecycle-plugins.js';
import { runPilot } from './run-cli.js';

const FOREVER = `    path: $NODE\n    args: [$FIX(forever.js)]\n`;

/** A manifest using the lifecycle fixture plugins (`body` follows plugin_directory); `$NOTE` is the file they note what happens in. */
function lifecycleStack(t: TestContext, body: string): { file: string; noted: () => string[] } {
  const dir = tmpDir('pilot-notes-');
  t.after(dir.remove);
  const note = join(dir.path, 'notes.txt');
  const file = writeManifest(t, `plugin_directory: ${JSON.stringify(lifecyclePluginDir)}\n${body.replaceAll('$NOTE', JSON.stringify(note))}`);
  const noted = (): string[] => (existsSync(note) ? readFileSync(note, 'utf8').trimEnd().split('\n') : []);
  return { file, noted };
}

// Ctrl-C, then how long pilot took to exit and with which code.
async function interrupt(run: UpRun): Promise<{ code: number; ms: number }> {
  const sent = performance.now();
  run.child.kill('SIGINT');
  const code = await run.exited;
  return { code, ms: performance.now() - sent };
}

const lastLine = (text: string): string | undefined => text.trimEnd().split('\n').at(-1);

describe('a stop while the stack is still starting', () => {
  test('foreground: Ctrl-C while the control server start() hangs: pilot exits within the bound, "stopped" last', async (t) => {
    const s = lifecycleStack(t, `control_server: never-starts\ncontrol_server_params: { note: $NOTE }\nprocesses:\n  - name: api\n${FOREVER}`);
    const run = startUp(t, s.file);
    await waitFor(() => s.noted().includes('start'), 'the control server to be starting');
    const { code, ms } = await interrupt(run);
    assert.equal(code, 0, run.output());
    assert.ok(ms < 3000 + 2500, `pilot exited ${Math.round(ms)} ms after Ctrl-C (3 s at most for the start in flight)`);
    assert.deepEqual(s.noted(), ['start', 'start aborted', 'stop']);
    assert.equal(lastLine(run.output()), 'pilot > stopped', run.output());
    assert.doesNotMatch(run.output(), /api started/);
    assert.deepEqual(run.leftovers(), []);
  });

  test('foreground: Ctrl-C while the control server start() is slow: stop() follows once it listens; the port is closed', async (t) => {
    const s = lifecycleStack(t, `control_server: starts-late\ncontrol_server_params: { note: $NOTE, delay_ms: 1500 }\nprocesses:\n  - name: api\n${FOREVER}`);
    const run = startUp(t, s.file);
    await waitFor(() => s.noted().includes('start'), 'the control server to be starting');
    const { code, ms } = await interrupt(run);
    assert.equal(code, 0, run.output());
    assert.ok(ms < 1500 + 2500, `pilot exited ${Math.round(ms)} ms after Ctrl-C`);
    const port = listeningPort(s.noted());
    assert.ok(port !== null, s.noted().join(', '));
    assert.deepEqual(s.noted(), ['start', `listening ${port}`, 'stop: closing']);
    assert.equal(await accepts(port), false, 'nothing listens once pilot is gone');
    assert.equal(lastLine(run.output()), 'pilot > stopped', run.output());
  });

  test('foreground: Ctrl-C during a hanging pre_start aborts it: pilot exits at once, nothing said after "stopped"', async (t) => {
    const s = lifecycleStack(t, `processes:\n  - name: api\n${FOREVER}    lifecycle_hooks: [pre-start-hangs]\n    hook_timeout_sec: 10\n    env: { NOTE: $NOTE }\n`);
    const run = startUp(t, s.file);
    await waitFor(() => s.noted().includes('pre_start api'), 'pre_start to be running');
    const { code, ms } = await interrupt(run);
    assert.equal(code, 0, run.output());
    assert.ok(ms < 2500, `pilot exited ${Math.round(ms)} ms after Ctrl-C (the hook's timeout is 10 s)`);
    assert.deepEqual(s.noted(), ['pre_start api', 'pre_start aborted']);
    assert.equal(lastLine(run.output()), 'pilot > stopped', run.output());
    assert.doesNotMatch(run.output(), /timed out/);
  });

  test('a plugin that leaves a timer running does not keep pilot alive after "stopped" (and --debug says so)', async (t) => {
    const s = lifecycleStack(t, `processes:\n  - name: api\n${FOREVER}    lifecycle_hooks: [leaves-timer]\n    env: { NOTE: $NOTE }\n`);
    const run = startUp(t, s.file, { args: ['--debug'] });
    await run.waitForText('all processes ready');
    const { code, ms } = await interrupt(run);
    assert.equal(code, 0, run.output());
    assert.ok(ms < 1000 + 2500, `pilot exited ${Math.round(ms)} ms after Ctrl-C`);
    assert.match(run.output(), /pilot > stopped\npilot: exiting although something still runs in pilot's process .*: a plugin left it behind\n$/);
  });

  for (const [server, params] of [['never-starts', ''], ['starts-late', ', delay_ms: 1500']] as const) {
    test(`up -d, then pilot down while the control server (${server}) is starting: down returns within the bound, the boot reports the stop`, async (t) => {
      const s = lifecycleStack(t, `control_server: ${server}\ncontrol_server_params: { note: $NOTE${params} }\nprocesses:\n  - name: api\n${FOREVER}`);
      const { file } = s;
      const home = tmpDir('pilot-home-');
      const env = { PILOT_HOME: home.path, NO_COLOR: '1' };
      const stackId = stackPaths(file, { PILOT_HOME: home.path }).stackId;
      t.after(() => {
        killAll(pidsWithCmdline(` up ${file}`));
        killAll(pidsWithEnv('PILOT_STACK', stackId));
        home.remove();
      });
      const up = runPilot(['up', file, '-d'], { env, timeoutMs: 30_000 });
      await waitFor(() => s.noted().includes('start'), 'the control server to be starting');
      const sent = performance.now();
      const down = await runPilot(['down', '-f', file], { env });
      const ms = performance.now() - sent;
      assert.equal(down.code, 0, down.stderr);
      assert.ok(ms < 3000 + 2500, `pilot down took ${Math.round(ms)} ms`);
      const launched = await up;
      assert.equal(launched.code, 1);
      assert.match(launched.stdout + launched.stderr, /^pilot: boot interrupted: pilot down$/m);
      assert.deepEqual(pidsWithCmdline(` up ${file}`), [], 'the supervisor is gone');
      const port = listeningPort(s.noted());
      if (port !== null) assert.equal(await accepts(port), false, 'nothing listens once the supervisor is gone');
      assert.equal(s.noted().at(-1)?.startsWith('stop'), true, s.noted().join(', '));
    });
  }
});
