// `pilot run [FILE] -- CMD…` (CI): boot, run CMD against the stack, tear down, exit with CMD's code.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { splitRunArgv } from '../../src/cli/run/run-argv.js';
import { stackPaths } from '../../src/control/state-dir.js';
import { freePort } from '../helpers/free-port.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { fixtureBin, pilotBin } from '../helpers/paths.js';
import { killAll, pidsWithEnv } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitForOutput } from '../helpers/wait-for.js';
import { runPilot, type CliResult } from './run-cli.js';

interface RunStack {
  file: string;
  home: string;
  stackId: string;
  run(args: string[], timeoutMs?: number): Promise<CliResult>;
  leftovers(): number[];
}

/** A manifest in its own PILOT_HOME; whatever of it still runs is killed after the test. */
function stack(t: TestContext, yaml: string): RunStack {
  const file = writeManifest(t, yaml);
  const home = tmpDir('pilot-home-');
  const stackId = stackPaths(file, { PILOT_HOME: home.path }).stackId;
  const leftovers = (): number[] => pidsWithEnv('PILOT_STACK', stackId);
  t.after(() => {
    killAll(leftovers());
    home.remove();
  });
  return { file, home: home.path, stackId, leftovers, run: (args, timeoutMs) => runPilot(['run', ...args], { env: { PILOT_HOME: home.path, NO_COLOR: '1' }, timeoutMs }) };
}

const TWO = `env: { GREETING: hello }\nprocesses:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: b, path: $NODE, args: [$FIX(forever.js)], dependencies: [a] }\n`;

describe('pilot run', () => {
  for (const code of [0, 5]) {
    test(`exits with CMD's exit code (${code}), the stack torn down`, async (t) => {
      const s = stack(t, TWO);
      const result = await s.run([s.file, '--', process.execPath, '-e', `process.exit(${code})`]);
      assert.equal(result.code, code, result.stderr);
      assert.match(result.stderr, /^pilot +> all processes ready$/m);
      assert.match(result.stderr, new RegExp(`exited with code ${code}$`, 'm'));
      assert.match(result.stderr, /stopping the stack/);
      assert.doesNotMatch(result.stderr, /^[ab] +\| armed/m, 'stack output goes to the log files, not to the terminal');
      assert.deepEqual(s.leftovers(), []);
    });
  }

  test('a failed CMD: the last lines of each process are printed', async (t) => {
    const s = stack(t, TWO);
    // CMD fails once both processes have printed (their log files show it), so the tails are known
    const logs = stackPaths(s.file, { PILOT_HOME: s.home }).logsDir;
    const script = `const fs = require('fs'); const seen = (n) => { try { return fs.readFileSync(${JSON.stringify(logs)} + '/' + n + '.log', 'utf8').includes('armed'); } catch { return false; } };
      const end = Date.now() + 10000; const poll = () => (seen('a') && seen('b')) || Date.now() > end ? process.exit(4) : setTimeout(poll, 10); poll();`;
    const result = await s.run([s.file, '--', process.execPath, '-e', script]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /the last lines of each process:\n {2}a \| armed\n {2}b \| armed\n/);
  });

  test('CMD killed by a signal: 128 + its number', async (t) => {
    const s = stack(t, TWO);
    const result = await s.run([s.file, '--', process.execPath, '-e', "process.kill(process.pid, 'SIGKILL')"]);
    assert.equal(result.code, 137, result.stderr);
    assert.match(result.stderr, /killed by SIGKILL/);
  });

  test('CMD gets the stack\'s environment: the manifest\'s env, PILOT_STACK, PILOT_MANIFEST', async (t) => {
    const s = stack(t, TWO);
    const script = "console.log(JSON.stringify({ stack: process.env.PILOT_STACK, manifest: process.env.PILOT_MANIFEST, greeting: process.env.GREETING, process: process.env.PILOT_PROCESS ?? null }))";
    const result = await s.run([s.file, '--', process.execPath, '-e', script]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { stack: s.stackId, manifest: s.file, greeting: 'hello', process: null });
  });

  test('FILE defaults to the pilot.yaml of the current directory', async (t) => {
    const s = stack(t, TWO);
    const result = await runPilot(['run', '--', process.execPath, '-e', 'console.log(process.env.PILOT_MANIFEST)'], { cwd: dirname(s.file), env: { PILOT_HOME: s.home, NO_COLOR: '1' } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), s.file);
  });

  test('a failed boot: the failure report, exit 1, CMD not run', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - name: db\n    path: $NODE\n    args: [$FIX(exit-with.js), "3"]\n    ready_strategy: tcp\n    ready_params: { port: ${port} }\n`);
    const marker = join(s.home, 'cmd-ran');
    const result = await s.run([s.file, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^pilot: boot failed: .*db/m);
    assert.match(result.stderr, /exiting with 3 in 0 ms/, 'the report shows the last lines of the process');
    assert.match(result.stderr, /was not run$/m);
    assert.equal(existsSync(marker), false, 'CMD was not run');
    assert.deepEqual(s.leftovers(), []);
  });

  test('--timeout: a boot that takes longer exits 1 without running CMD', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - { name: slow, path: $NODE, args: [$FIX(tcp-after.js), "${port}", "60000"], ready_strategy: tcp, ready_timeout_sec: 120, ready_params: { port: ${port} } }\n`);
    const marker = join(s.home, 'cmd-ran');
    const result = await s.run([s.file, '--timeout', '0.5', '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`], 15_000);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /not ready within 0\.5 s \(still waiting for: slow \(starting\)\)/);
    assert.equal(existsSync(marker), false, 'CMD was not run');
    assert.deepEqual(s.leftovers(), []);
  });

  for (const args of [['FILE'], ['FILE', process.execPath, 'x.js'], ['FILE', '--']]) {
    test(`usage: pilot run ${args.join(' ')} (no "--" or no CMD) exits 2, nothing started`, async (t) => {
      const s = stack(t, TWO);
      const result = await s.run(args.map((a) => (a === 'FILE' ? s.file : a)));
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /^pilot: /);
      assert.doesNotMatch(result.stderr, /started/);
      assert.deepEqual(s.leftovers(), []);
    });
  }

  test('SIGTERM during CMD: forwarded to CMD, the stack torn down, exit 143', async (t) => {
    const s = stack(t, TWO);
    const child = spawn(process.execPath, [pilotBin, 'run', s.file, '--', process.execPath, fixtureBin('forever.js')], { env: { ...process.env, PILOT_HOME: s.home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // CMD's own output comes through pilot's stdout: "armed" once its SIGTERM handler is installed
    await waitForOutput(child.stdout, 'armed', 'CMD to start', 15_000);
    child.kill('SIGTERM');
    assert.equal(await exited, 143, stderr);
    assert.match(stderr, /received SIGTERM, stopping/);
    assert.match(stderr, /forever\.js exited with code 0/, 'CMD got the signal and ended by itself');
    assert.deepEqual(s.leftovers(), []);
  });

  test('SIGINT during the boot: the stack stopped, CMD not run, exit 130', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - { name: slow, path: $NODE, args: [$FIX(tcp-after.js), "${port}", "60000"], ready_strategy: tcp, ready_timeout_sec: 120, ready_params: { port: ${port} } }\n`);
    const marker = join(s.home, 'cmd-ran');
    const cmd = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
    const child = spawn(process.execPath, [pilotBin, 'run', s.file, '--', ...cmd], { env: { ...process.env, PILOT_HOME: s.home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const stderr = await waitForOutput(child.stderr, /slow started/, 'slow to start', 15_000);
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.equal(existsSync(marker), false, 'CMD was not run');
    assert.deepEqual(s.leftovers(), []);
  });

  test('a process with shutdown_everything ending the stack during CMD stops CMD: exit 1 with a message', async (t) => {
    const s = stack(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: once, path: $NODE, args: [$FIX(exit-with.js), "0", "500"], shutdown_strategy: shutdown_everything }\n`);
    const result = await s.run([s.file, '--', process.execPath, fixtureBin('forever.js')], 15_000);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /the stack is stopping while .*forever\.js runs \("once" .*\(shutdown_everything\)\); stopping it/);
    assert.deepEqual(s.leftovers(), []);
  });

  test('a stack that is already up is refused: exit 1, CMD not run', async (t) => {
    const s = stack(t, TWO);
    const up = await runPilot(['up', s.file, '-d'], { env: { PILOT_HOME: s.home, NO_COLOR: '1' } });
    assert.equal(up.code, 0, up.stderr);
    try {
      const marker = join(s.home, 'cmd-ran');
      const result = await s.run([s.file, '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /already up/);
      assert.equal(existsSync(marker), false);
    } finally {
      assert.equal((await runPilot(['down', '--file', s.file], { env: { PILOT_HOME: s.home } })).code, 0);
    }
  });
});

describe('pilot run: FILE and CMD from the raw arguments', () => {
  test('everything after the first "--" is CMD, verbatim; FILE is the one operand before it', () => {
    assert.deepEqual(splitRunArgv(['run', '--', 'make']), { file: undefined, cmd: ['make'] });
    assert.deepEqual(splitRunArgv(['--debug', 'run', 'ci.yaml', '--timeout', '5', '--', 'npm', 'test', '--', '--grep', 'x']), { file: 'ci.yaml', cmd: ['npm', 'test', '--', '--grep', 'x'] });
    assert.deepEqual(splitRunArgv(['run', '--timeout=5', 'ci.yaml', '--', 'node', '-e', '1']), { file: 'ci.yaml', cmd: ['node', '-e', '1'] });
  });

  test('no "--", nothing after it, or two files: USAGE (exit 2)', () => {
    for (const argv of [['run', 'ci.yaml', 'node', 'x.js'], ['run', 'ci.yaml', '--'], ['run', 'a.yaml', 'b.yaml', '--', 'make']]) {
      assert.throws(() => splitRunArgv(argv), (err: Error & { code?: string; exitCode?: number }) => err.code === 'USAGE' && err.exitCode === 2, argv.join(' '));
    }
  });
});
