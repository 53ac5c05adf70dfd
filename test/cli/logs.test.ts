// `pilot logs`: the tail of the log files, interleaved by time, filtered by name, read after the stack
// stopped; `-f` following over the socket without gaps or repeats; a closed pipe ending it quietly.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { formatLogLine, parseLogLine } from '../../src/logs/log-format.js';
import { startUp, type UpRun } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { pilotBin } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { runPilot, type CliResult } from './run-cli.js';

interface Stack {
  file: string;
  up: UpRun;
  logsDir: string;
  pilot: (args: string[], cwd?: string) => Promise<CliResult>;
}

// Boots `yaml` with `pilot up` (own PILOT_HOME) and waits until every process is ready.
async function bootStack(t: TestContext, yaml: string): Promise<Stack> {
  const file = writeManifest(t, yaml);
  const up = startUp(t, file);
  await up.waitForText('all processes ready');
  const pilot = (args: string[], cwd?: string): Promise<CliResult> => runPilot(args, { cwd, env: { PILOT_HOME: up.home } });
  return { file, up, logsDir: stackPaths(file, { PILOT_HOME: up.home }).logsDir, pilot };
}

/** A process printing `<word> 1` … `<word> <count>`, one every `everyMs`, then idling until SIGTERM. */
function counter(name: string, count: number, everyMs: number): string {
  const script = `let i = 0; const t = setInterval(() => { console.log('${name} ' + ++i); if (i === ${count}) clearInterval(t); }, ${everyMs}); process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1e9);`;
  return `  - { name: ${name}, path: $NODE, args: ["-e", ${JSON.stringify(script)}] }\n`;
}

/** A process printing `tick 1`, `tick 2`, … every `everyMs` for as long as it runs. */
function ticker(name: string, everyMs: number): string {
  const script = `let i = 0; setInterval(() => console.log('tick ' + ++i), ${everyMs}); process.on('SIGTERM', () => process.exit(0));`;
  return `  - { name: ${name}, path: $NODE, args: ["-e", ${JSON.stringify(script)}] }\n`;
}

/** Records of a log file as written. */
function fileRecords(logsDir: string, name: string): { at: number; line: string }[] {
  let text: string;
  try {
    text = readFileSync(join(logsDir, `${name}.log`), 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((l) => parseLogLine(l) ?? []);
}

/** `pilot logs ARGS` kept running (for -f), its stdout collected; killed after the test. */
function spawnLogs(t: TestContext, home: string, args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const env: NodeJS.ProcessEnv = { ...process.env, PILOT_HOME: home, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [pilotBin, 'logs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with `promise`'s value, or rejects after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const TWO_COUNTERS = `processes:\n${counter('a', 20, 7)}${counter('b', 20, 7)}`;

// Both counters have finished and their lines are on disk.
async function countersDone(stack: Stack): Promise<void> {
  await waitFor(() => fileRecords(stack.logsDir, 'a').length === 20 && fileRecords(stack.logsDir, 'b').length === 20, 'both counters in the log files');
}

describe('pilot logs', () => {
  test('the last N lines of each process, interleaved by time, prefixed like the foreground; a name filter', async (t) => {
    const stack = await bootStack(t, TWO_COUNTERS);
    await countersDone(stack);
    const r = await stack.pilot(['logs', '-n', '5', '--file', stack.file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    // Expected: the last 5 records of each file, ordered by their time (a before b on a tie).
    const last5 = (name: string): { at: number; text: string }[] => fileRecords(stack.logsDir, name).slice(-5).map((rec) => ({ at: rec.at, text: `${name} | ${rec.line}` }));
    const expected = [...last5('a'), ...last5('b')].sort((x, y) => x.at - y.at).map((x) => x.text);
    assert.deepEqual(r.stdout.split('\n').slice(0, -1), expected);
    assert.equal(new Set(r.stdout.split('\n').filter(Boolean)).size, 10);
    assert.match(r.stdout, /^a \| a 20$/m);

    const filtered = await stack.pilot(['logs', 'b', '-n', '3', '--file', stack.file]);
    assert.equal(filtered.code, 0, filtered.stderr);
    assert.equal(filtered.stdout, 'b | b 18\nb | b 19\nb | b 20\n');
    const fromCwd = await stack.pilot(['logs', 'a', '-n', '1'], dirname(stack.file));
    assert.equal(fromCwd.stdout, 'a | a 20\n', 'the manifest in the current directory names the stack');
    const all = await stack.pilot(['logs', '--file', stack.file]);
    assert.equal(all.stdout.split('\n').filter(Boolean).length, 40, 'default: up to 100 lines per process');

    const unknown = await stack.pilot(['logs', 'b', 'nope', '--file', stack.file]);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, '');
    assert.equal(unknown.stderr, 'pilot: unknown process "nope" (processes: a, b)\n');
  });

  test('works after the stack stopped, from the files alone; -f then exits 3', async (t) => {
    const stack = await bootStack(t, TWO_COUNTERS);
    await countersDone(stack);
    stack.up.child.kill('SIGINT');
    assert.equal(await stack.up.exited, 0);
    const r = await stack.pilot(['logs', '-n', '2', 'a', '--file', stack.file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'a | a 19\na | a 20\n');
    const follow = await stack.pilot(['logs', '-f', '--file', stack.file]);
    assert.equal(follow.code, 3);
    assert.match(follow.stderr, /^pilot: no running stack for /);
    const nowhere = tmpDir('pilot-elsewhere-');
    t.after(nowhere.remove);
    const none = await stack.pilot(['logs'], nowhere.path);
    assert.equal(none.code, 3, 'no --file, no manifest here, nothing running');
  });

  test('reads rotated files when N needs them; a stack without logs is exit 3', async (t) => {
    const file = writeManifest(t, `processes:\n  - { name: api, path: $NODE }\n  - { name: worker, path: $NODE }\n`);
    const home = tmpDir('pilot-home-');
    t.after(home.remove);
    const env = { PILOT_HOME: home.path };
    const empty = await runPilot(['logs', '--file', file], { env });
    assert.equal(empty.code, 3);
    assert.match(empty.stderr, /^pilot: no logs for .*pilot\.yaml/);

    const { logsDir } = stackPaths(file, env);
    mkdirSync(logsDir, { recursive: true });
    const at = Date.parse('2030-05-06T07:08:09.000Z');
    const write = (name: string, lines: [number, string][]): void =>
      writeFileSync(join(logsDir, name), lines.map(([ms, text]) => formatLogLine(at + ms, text.startsWith('E') ? 'stderr' : 'stdout', text)).join(''));
    write('api.log.2', [[0, 'api oldest']]);
    write('api.log.1', [[10, 'api r1'], [30, 'Eapi r2']]);
    write('api.log', [[50, 'api c1']]);
    write('worker.log', [[20, 'worker 1'], [40, 'worker 2'], [60, 'worker 3']]);
    const r = await runPilot(['logs', '-n', '3', '--file', file], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, ['api    | api r1', 'worker | worker 1', 'api    ! Eapi r2', 'worker | worker 2', 'api    | api c1', 'worker | worker 3', ''].join('\n'));
    const deep = await runPilot(['logs', 'api', '-n', '10', '--file', file], { env });
    assert.equal(deep.stdout, 'api | api oldest\napi | api r1\napi ! Eapi r2\napi | api c1\n');
  });

  test('-f: the recent lines, then new ones as they come, none repeated or missing; Ctrl-C and the stack going down end it with 0', async (t) => {
    const stack = await bootStack(t, `processes:\n${ticker('clock', 2)}  - { name: quiet, path: $NODE, args: [$FIX(forever.js)] }\n`);
    await waitFor(() => fileRecords(stack.logsDir, 'clock').length >= 50, 'some ticks on disk');
    const follower = spawnLogs(t, stack.up.home, ['-f', '-n', '20', '--file', stack.file]);
    const interrupted = spawnLogs(t, stack.up.home, ['-f', '-n', '1', 'quiet', '--file', stack.file]);
    const ticks = (): number[] => [...follower.stdout().matchAll(/^clock \| tick (\d+)$/gm)].map((m) => Number(m[1]));
    await waitFor(() => ticks().length >= 300, 'ticks streamed past the history', 15_000);
    const seen = ticks();
    const first = seen[0] ?? 0;
    assert.deepEqual(seen, seen.map((_, i) => first + i), 'consecutive ticks: no gap or repeat between the files and the stream');
    assert.match(follower.stdout(), /^quiet +\| armed$/m, 'other processes\' recent lines too');

    // new output of a restarted process shows up as it comes (the name-filtered follower subscribes before it
    // prints its history line, so once that is out it is following)
    await waitFor(() => interrupted.stdout() === 'quiet | armed\n', 'the name-filtered follower to print quiet\'s last line');
    assert.equal((await stack.pilot(['restart', 'quiet', '--file', stack.file])).code, 0);
    await waitFor(() => follower.stdout().match(/^quiet +\| armed$/gm)?.length === 2, 'the restarted quiet to say armed');
    await waitFor(() => interrupted.stdout() === 'quiet | armed\nquiet | armed\n', 'the name-filtered follower to print only quiet\'s new line');

    interrupted.child.kill('SIGINT');
    assert.equal(await within(interrupted.exited, 5000, 'logs -f after Ctrl-C'), 0);
    stack.up.child.kill('SIGINT');
    assert.equal(await within(follower.exited, 10_000, 'logs -f after the stack went down'), 0);
    assert.equal(follower.stderr(), '');
  });

  test('a closed pipe (pilot logs | head -n 1) ends it at once with 0, following or not', async (t) => {
    const stack = await bootStack(t, `processes:\n${ticker('clock', 2)}  - { name: burst, path: $NODE, args: [$FIX(burst-lines.js), "50000"] }\n`);
    await waitFor(() => fileRecords(stack.logsDir, 'burst').length >= 50_001, 'the burst on disk', 15_000);
    for (const args of [['-n', '60000'], ['-f']]) {
      const logs = spawnLogs(t, stack.up.home, [...args, '--file', stack.file]);
      await waitFor(() => logs.stdout().includes('\n'), `a first line of logs ${args.join(' ')}`);
      logs.child.stdout?.destroy();
      assert.equal(await within(logs.exited, 3000, `logs ${args.join(' ')} after its reader went away`), 0);
      assert.equal(logs.stderr(), '');
    }
  });
});
