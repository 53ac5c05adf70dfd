// `pilot up -d` (the supervisor in the background) and `pilot down`, end to end through the built CLI.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { freePort } from '../helpers/free-port.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { pilotBin } from '../helpers/paths.js';
import { isAlive, killAll, pidsWithCmdline, pidsWithEnv } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { runPilot, type CliResult } from './run-cli.js';

interface Stack {
  file: string;
  home: string;
  /** `pilot ARGS…` with this stack's PILOT_HOME, from the manifest's directory's parent. */
  pilot(args: string[], timeoutMs?: number): Promise<CliResult>;
  /** Live processes of the stack (its marker) and background supervisors of it. */
  leftovers(): number[];
  supervisors(): number[];
}

/** A manifest in its own PILOT_HOME; everything still running of it is killed after the test. */
function stack(t: TestContext, yaml: string): Stack {
  const file = writeManifest(t, yaml);
  const home = tmpDir('pilot-home-');
  const env = { PILOT_HOME: home.path, NO_COLOR: '1' };
  const stackId = stackPaths(file, { PILOT_HOME: home.path }).stackId;
  const supervisors = (): number[] => pidsWithCmdline(` up ${file}`);
  const leftovers = (): number[] => pidsWithEnv('PILOT_STACK', stackId);
  t.after(() => {
    killAll(supervisors());
    killAll(leftovers());
    home.remove();
  });
  return { file, home: home.path, pilot: (args, timeoutMs) => runPilot(args, { env, timeoutMs }), leftovers, supervisors };
}

const supervisorPid = (stdout: string): number => Number(/supervisor pid (\d+)/.exec(stdout)?.[1]);

describe('pilot up -d', () => {
  test('returns 0 once every process is ready, releases the caller\'s pipes; down stops everything', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - { name: db, path: $NODE, args: [$FIX(tcp-after.js), "${port}", "300"], ready_strategy: tcp, ready_params: { port: ${port} } }\n  - { name: app, path: $NODE, args: [$FIX(forever.js)], dependencies: [db] }\n`);
    // runPilot resolves only once stdout and stderr reach EOF: a daemon holding them would make it time out.
    const up = await s.pilot(['up', s.file, '-d'], 15_000);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /^pilot: stack .*pilot\.yaml is up \(2 processes, supervisor pid \d+\); pilot ps \/ pilot logs -f \/ pilot down\n$/);
    const pid = supervisorPid(up.stdout);
    assert.ok(isAlive(pid), 'the supervisor runs on after pilot up -d returned');

    const ps = await s.pilot(['ps', '--json', '--file', s.file]);
    assert.equal(ps.code, 0, ps.stderr);
    const states = (JSON.parse(ps.stdout) as { name: string; state: string }[]).map((p) => `${p.name}:${p.state}`);
    assert.deepEqual(states, ['db:running', 'app:running']);

    const log = readFileSync(join(stackPaths(s.file, { PILOT_HOME: s.home }).dir, 'supervisor.log'), 'utf8');
    assert.match(log, /all processes ready/, 'the supervisor log holds pilot\'s own messages');
    assert.ok(!log.includes('\u001b['), 'uncoloured');

    const down = await s.pilot(['down', '--file', s.file]);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /^pilot: stopped .*pilot\.yaml\n$/);
    assert.equal(isAlive(pid), false, 'the supervisor is gone once down returns');
    assert.deepEqual(s.leftovers(), []);
  });

  test('a failed boot: non-zero, the failure report, nothing left', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - { name: ok, path: $NODE, args: [$FIX(forever.js)] }\n  - name: db\n    path: $NODE\n    args: [$FIX(exit-with.js), "3"]\n    dependencies: [ok]\n    ready_strategy: tcp\n    ready_params: { port: ${port} }\n`);
    const up = await s.pilot(['up', s.file, '-d'], 15_000);
    assert.equal(up.code, 1, up.stderr);
    assert.equal(up.stdout, '');
    assert.match(up.stderr, /^pilot: boot failed: .*db/m);
    assert.match(up.stderr, /exiting with 3 in 0 ms/, 'the report shows the last lines of the process');
    assert.doesNotMatch(up.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(s.supervisors(), []);
    assert.deepEqual(s.leftovers(), []);
  });

  test('--timeout shorter than a slow readiness: exit 1, says what it waited for, nothing left', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - { name: fast, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: slow, path: $NODE, args: [$FIX(tcp-after.js), "${port}", "60000"], ready_strategy: tcp, ready_timeout_sec: 120, ready_params: { port: ${port} } }\n`);
    const started = performance.now();
    // 2 s: time enough for the background supervisor to start and spawn `slow`, even on a busy machine
    const up = await s.pilot(['up', s.file, '-d', '--timeout', '2'], 20_000);
    assert.equal(up.code, 1, up.stderr);
    assert.ok(performance.now() - started < 10_000, 'gave up long before the 120 s ready timeout');
    assert.match(up.stderr, /was not up within 2 s \(still waiting for: slow \(starting\)\); stopping it/);
    assert.deepEqual(s.supervisors(), []);
    assert.deepEqual(s.leftovers(), []);
  });

  test('a supervisor that dies without reporting: exit 1 with the tail of supervisor.log', async (t) => {
    const port = await freePort();
    const s = stack(t, `processes:\n  - { name: slow, path: $NODE, args: [$FIX(tcp-after.js), "${port}", "60000"], ready_strategy: tcp, ready_timeout_sec: 120, ready_params: { port: ${port} } }\n`);
    const launcher = spawn(process.execPath, [pilotBin, 'up', s.file, '-d'], { env: { ...process.env, PILOT_HOME: s.home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => launcher.kill('SIGKILL'));
    let stderr = '';
    launcher.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once('close', (code) => resolve(code)));
    const log = join(stackPaths(s.file, { PILOT_HOME: s.home }).dir, 'supervisor.log');
    // the supervisor log holds pilot's own messages (the processes' output goes to their log files)
    await waitFor(() => /slow started \(pid \d+\)/.test(readFileSync(log, 'utf8')), 'the supervisor to log that slow started', 15_000);
    const [daemon] = pidsWithCmdline(`--no-color up ${s.file}`);
    assert.ok(daemon, 'the background supervisor runs');
    process.kill(daemon, 'SIGKILL');
    assert.equal(await exited, 1, stderr);
    assert.match(stderr, /^pilot: the background supervisor of .*pilot\.yaml was killed by SIGKILL before the stack was up; last lines of .*supervisor\.log:$/m);
    assert.match(stderr, /^ {2}\| pilot +> slow started \(pid \d+\)$/m);
    // its children die with it (setpriv --pdeathsig), and the next `pilot up` would sweep any survivor
    await waitFor(() => s.leftovers().length === 0, 'the children of the killed supervisor to die');
  });

  test('two `up -d` of one stack at once: exactly one boots, the other says it is already up', async (t) => {
    const s = stack(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n  - { name: b, path: $NODE, args: [$FIX(forever.js)], dependencies: [a] }\n`);
    const results = await Promise.all([s.pilot(['up', s.file, '-d'], 15_000), s.pilot(['up', s.file, '-d'], 15_000)]);
    const codes = results.map((r) => r.code).sort();
    assert.deepEqual(codes, [0, 1], results.map((r) => r.stderr).join('\n'));
    const loser = results.find((r) => r.code === 1);
    assert.match(loser?.stderr ?? '', /already up/);
    assert.equal(s.supervisors().length, 1, 'one supervisor runs');
    assert.equal(s.leftovers().length, 2, 'one copy of each process');
    assert.equal((await s.pilot(['down', '--file', s.file])).code, 0);
    assert.deepEqual(s.leftovers(), []);
  });

  test('up -d of a stack that is already up: a clear message, exit 1, the running one untouched', async (t) => {
    const s = stack(t, `processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n`);
    const first = await s.pilot(['up', s.file, '-d'], 15_000);
    assert.equal(first.code, 0, first.stderr);
    const before = s.leftovers();
    const second = await s.pilot(['up', s.file, '-d'], 15_000);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`^pilot: stack .*pilot\\.yaml is already up \\(supervisor pid ${supervisorPid(first.stdout)}\\)`));
    assert.deepEqual(s.leftovers(), before);
    assert.equal((await s.pilot(['down', '--file', s.file])).code, 0);
  });

  test('down after kill -9 of the supervisor: exit 3; the next up -d sweeps what it left', async (t) => {
    const s = stack(t, `processes:\n  - { name: escaper, path: $NODE, args: [$FIX(setsid-grandchild.js)] }\n`);
    const first = await s.pilot(['up', s.file, '-d'], 15_000);
    assert.equal(first.code, 0, first.stderr);
    const log = join(stackPaths(s.file, { PILOT_HOME: s.home }).logsDir, 'escaper.log');
    const grandchild = Number(await waitFor(() => /grandchild (\d+)/.exec(readFileSync(log, 'utf8'))?.[1], 'the grandchild pid in the log'));
    const pid = supervisorPid(first.stdout);
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 'the supervisor to die');

    const down = await s.pilot(['down', '--file', s.file]);
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /no running stack for .*pilot\.yaml/);
    assert.ok(isAlive(grandchild), 'the setsid grandchild outlived the killed supervisor');

    const second = await s.pilot(['up', s.file, '-d'], 15_000);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(isAlive(grandchild), false, 'swept before the new boot');
    const supervisorLog = readFileSync(join(stackPaths(s.file, { PILOT_HOME: s.home }).dir, 'supervisor.log'), 'utf8');
    assert.match(supervisorLog, new RegExp(`left running by a previous pilot: .*pid ${grandchild}`));
    assert.equal((await s.pilot(['down', '--file', s.file])).code, 0);
    assert.deepEqual(s.leftovers(), []);
  });
});
