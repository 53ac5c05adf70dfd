// `pilot ps` / `pilot status` against a stack run by `pilot up` in the foreground, and its table layout.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { formatElapsed, formatUptime } from '../../src/cli/format/duration.js';
import { formatBytes, formatPercent } from '../../src/cli/format/resources.js';
import { statusTable } from '../../src/cli/format/status-table.js';
import { ellipsize, renderTable } from '../../src/cli/format/table.js';
import { makePaint } from '../../src/cli/colors.js';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import { startUp, type UpRun } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';
import { runPilot, type CliResult } from './run-cli.js';

const ESC = '\u001b';
const STATUS_KEYS = ['name', 'state', 'pid', 'restarts', 'exit_code', 'signal', 'started_at', 'ready_at', 'ready_detail', 'cpu_percent', 'memory_bytes', 'reason', 'watchdog'];

interface Stack {
  file: string;
  up: UpRun;
  pilot: (args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }) => Promise<CliResult>;
}

// Boots `yaml` with `pilot up` (own PILOT_HOME) and waits until every process is ready.
async function bootStack(t: TestContext, yaml: string): Promise<Stack> {
  const file = writeManifest(t, yaml);
  const up = startUp(t, file);
  await up.waitForText('all processes ready');
  const pilot = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> =>
    runPilot(args, { cwd: options.cwd, env: { PILOT_HOME: up.home, ...options.env } });
  return { file, up, pilot };
}

function emptyDir(t: TestContext): string {
  const dir = tmpDir('pilot-elsewhere-');
  t.after(dir.remove);
  return dir.path;
}

// THREE booted, once migrate has run its course (so the statuses stay put) and web has its first sample
// (taken at most a quarter-second after the boot: a child younger than 250 ms has no CPU % yet, README).
async function bootThree(t: TestContext): Promise<Stack> {
  const stack = await bootStack(t, THREE);
  await waitFor(async () => {
    const list = await statuses(stack);
    return list.find((s) => s.name === 'migrate')?.state === 'exited' && list.find((s) => s.name === 'web')?.cpu_percent !== null;
  }, 'migrate to exit and web to be sampled');
  return stack;
}

async function statuses(stack: Stack): Promise<ProcessStatus[]> {
  const r = await stack.pilot(['ps', '--json', '--file', stack.file]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ProcessStatus[];
}

const THREE = `processes:
  - { name: web, path: $NODE, args: [$FIX(forever.js)] }
  - { name: migrate, path: $NODE, args: [$FIX(exit-with.js), "0"], shutdown_strategy: do_not_restart }
  - { name: background_worker, path: $NODE, args: [$FIX(forever.js)], dependencies: [web] }
`;

describe('pilot ps', () => {
  test('a table of every process and its state, aligned, states coloured only when asked', async (t) => {
    const stack = await bootThree(t);
    assert.equal((await stack.pilot(['stop', 'background_worker', '--file', stack.file])).code, 0);

    const r = await stack.pilot(['ps', '--file', stack.file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /pilot\.yaml {2}supervisor pid \d+, up \d+s$/);
    assert.match(lines[1] ?? '', /^NAME +STATE +PID +UPTIME +RESTARTS +CPU +MEM +LAST EXIT +READY$/);
    const web = (await statuses(stack)).find((s) => s.name === 'web');
    // sampled once the stack was up: CPU and memory of the live child
    assert.match(lines[2] ?? '', new RegExp(`^web +running +${web?.pid} +\\d+s +0 +\\d+(\\.\\d)?% +\\d+(\\.\\d+)? MB +- +ready in \\d+ ms$`));
    assert.match(lines[3] ?? '', /^migrate +exited +- +- +0 +- +- +0 +\S/);
    assert.match(lines[4] ?? '', /^background_worker +stopped +- +- +0 +- +- +0 +stop requested$/);
    assert.equal(lines.length, 5);
    const stateColumn = (lines[1] ?? '').indexOf('STATE');
    for (const line of lines.slice(2)) assert.match(line.slice(stateColumn), /^(running|exited|stopped) /, 'columns are aligned');
    assert.ok(!r.stdout.includes(ESC), 'no colour codes when stdout is not a terminal');

    const coloured = await stack.pilot(['ps', '--file', stack.file], { env: { FORCE_COLOR: '1' } });
    assert.ok(coloured.stdout.includes(`${ESC}[32mrunning${ESC}[39m`), 'running is green');
    assert.ok(coloured.stdout.includes(`${ESC}[2mstopped${ESC}[22m`), 'stopped is dim');
    const plain = await stack.pilot(['ps', '--no-color', '--file', stack.file], { env: { FORCE_COLOR: '1' } });
    assert.ok(!plain.stdout.includes(ESC), '--no-color wins');
  });

  test('--json: the status array with its documented keys and types; `status` is the same command', async (t) => {
    const stack = await bootThree(t);
    const json = await stack.pilot(['ps', '--json', '--file', stack.file]);
    assert.equal(json.code, 0, json.stderr);
    assert.ok(json.stdout.endsWith('}\n]\n'), 'pretty-printed and newline-terminated');
    const list = JSON.parse(json.stdout) as Record<string, unknown>[];
    assert.deepEqual(list.map((s) => s.name), ['web', 'migrate', 'background_worker']);
    for (const s of list) {
      assert.deepEqual(Object.keys(s), STATUS_KEYS);
      assert.equal(typeof s.restarts, 'number');
      for (const key of ['pid', 'exit_code', 'cpu_percent', 'memory_bytes']) assert.ok(s[key] === null || typeof s[key] === 'number', `${key} is a number or null`);
      for (const key of ['signal', 'started_at', 'ready_at', 'reason', 'watchdog']) assert.ok(s[key] === null || typeof s[key] === 'string', `${key} is a string or null`);
    }
    const web = list[0] as unknown as ProcessStatus;
    assert.equal(web.state, 'running');
    assert.ok(Number.isInteger(web.pid) && (web.pid ?? 0) > 0, 'a running process has a pid');
    assert.ok(!Number.isNaN(Date.parse(web.started_at ?? '')) && !Number.isNaN(Date.parse(web.ready_at ?? '')), 'ISO times');
    assert.ok(typeof web.cpu_percent === 'number' && web.cpu_percent >= 0, 'a running process has its sample as a number');
    assert.ok(typeof web.memory_bytes === 'number' && web.memory_bytes > 1024 * 1024, 'node holds megabytes');
    assert.deepEqual([list[1]?.cpu_percent, list[1]?.memory_bytes], [null, null], 'an exited one has no numbers');

    const alias = await stack.pilot(['status', '--json', '--file', stack.file]);
    assert.equal(alias.code, 0, alias.stderr);
    const again = JSON.parse(alias.stdout) as ProcessStatus[];
    assert.deepEqual(again.map((s) => [s.name, s.pid]), list.map((s) => [s.name, s.pid]));
  });

  test('no running stack: exit 3 at once with a clear message, never a stack trace', async (t) => {
    const file = writeManifest(t, THREE);
    const home = emptyDir(t);
    const started = performance.now();
    const named = await runPilot(['ps', '--file', file], { env: { PILOT_HOME: home } });
    const elapsed = performance.now() - started;
    assert.equal(named.code, 3);
    assert.match(named.stderr, /^pilot: no running stack for .*pilot\.yaml\n$/);
    assert.equal(named.stdout, '');
    // at once: not after the client's 10 s connection timeout (a cold start of the CLI alone took 1.5 s under load)
    assert.ok(elapsed < 5000, `answered in ${Math.round(elapsed)} ms`);

    const fromCwd = await runPilot(['status'], { cwd: dirname(file), env: { PILOT_HOME: home } });
    assert.equal(fromCwd.code, 3);
    assert.match(fromCwd.stderr, /no running stack for pilot\.yaml/);
    const nowhere = await runPilot(['ps', '--json'], { cwd: emptyDir(t), env: { PILOT_HOME: home } });
    assert.equal(nowhere.code, 3);
    assert.match(nowhere.stderr, /no running stack/);
    assert.equal(nowhere.stdout, '');
  });

  test('finds the stack from --file in another directory, from the manifest\'s directory, and as the only running stack', async (t) => {
    const stack = await bootThree(t);
    const elsewhere = emptyDir(t);
    const byFile = await stack.pilot(['ps', '-f', stack.file, '--json'], { cwd: elsewhere });
    const byCwd = await stack.pilot(['ps', '--json'], { cwd: dirname(stack.file) });
    const byDiscovery = await stack.pilot(['ps', '--json'], { cwd: elsewhere });
    for (const r of [byFile, byCwd, byDiscovery]) assert.equal(r.code, 0, r.stderr);
    const pids = (r: CliResult): unknown => (JSON.parse(r.stdout) as ProcessStatus[]).map((s) => [s.name, s.pid]);
    assert.deepEqual(pids(byCwd), pids(byFile));
    assert.deepEqual(pids(byDiscovery), pids(byFile));
    const table = await stack.pilot(['ps'], { cwd: elsewhere });
    assert.equal(resolve(elsewhere, table.stdout.split('  ')[0] ?? ''), stack.file, 'the header names the manifest found');
  });
});

describe('ps formatting', () => {
  test('uptimes: two units at most, rounded down', () => {
    const s = 1000;
    assert.deepEqual([0, 3 * s, 59_999, 4 * 60 * s + 12 * s, 2 * 3600 * s + 3 * 60 * s + 59 * s, 28 * 3600 * s + 5 * 60 * s, -5].map(formatUptime), ['0s', '3s', '59s', '4m12s', '2h03m', '1d04h', '0s']);
    assert.deepEqual([231, 12_345, 125_000].map(formatElapsed), ['231 ms', '12.3 s', '2m05s']);
  });

  test('a table too wide for the terminal cuts its last column first, then the name, with an ellipsis', () => {
    const columns = [{ header: 'NAME', minWidth: 4 }, { header: 'PID', align: 'right' as const }, { header: 'READY', minWidth: 5 }];
    const rows = [[{ text: 'a-very-long-name' }, { text: '12' }, { text: 'not ready: tcp 127.0.0.1:8080 refused' }]];
    const full = renderTable(columns, rows);
    assert.deepEqual(full, ['NAME              PID  READY', 'a-very-long-name   12  not ready: tcp 127.0.0.1:8080 refused']);
    const narrow = renderTable(columns, rows, { maxWidth: 40 });
    assert.deepEqual(narrow, ['NAME              PID  READY', 'a-very-long-name   12  not ready: tcp 1…']);
    assert.ok(narrow.every((l) => l.length <= 40));
    const tiny = renderTable(columns, rows, { maxWidth: 16 });
    assert.deepEqual(tiny, ['NAME  PID  READY', 'a-v…   12  not …']);
    assert.equal(ellipsize('abc', 3), 'abc');
  });

  test('rows: uptime and pid only while up, CPU and memory once sampled, last exit by signal or code, readiness or the reason', () => {
    const now = Date.parse('2030-01-01T00:10:00.000Z');
    const base: ProcessStatus = { name: 'x', state: 'running', pid: 10, restarts: 2, exit_code: null, signal: 'SIGKILL', started_at: '2030-01-01T00:05:48.000Z', ready_at: '2030-01-01T00:05:48.231Z', ready_detail: 'tcp 127.0.0.1:8080', cpu_percent: 12.3, memory_bytes: 45.2 * 1024 * 1024, reason: null, watchdog: null };
    const rows = statusTable(
      [
        base,
        { ...base, name: 'y', state: 'failed', pid: null, signal: null, exit_code: 3, reason: 'restart budget spent' },
        { ...base, name: 'z', state: 'starting', signal: null, cpu_percent: null, memory_bytes: null },
        { ...base, name: 'w', ready_detail: 'spawned', cpu_percent: 187.4, memory_bytes: 1.5 * 1024 ** 3, watchdog: 'memory 812 MB > 512 MB' },
      ],
      { now, paint: makePaint(false) },
    );
    assert.deepEqual(rows, [
      'NAME  STATE     PID  UPTIME  RESTARTS    CPU      MEM  LAST EXIT  READY',
      'x     running    10   4m12s         2  12.3%  45.2 MB  SIGKILL    tcp 127.0.0.1:8080 (ready in 231 ms)',
      'y     failed      -       -         2      -        -  3          restart budget spent',
      'z     starting   10   4m12s         2      -        -  -          awaiting readiness',
      'w     running    10   4m12s         2   187%  1.50 GB  SIGKILL    ready in 231 ms; last watchdog stop: memory 812 MB > 512 MB',
    ]);
  });

  test('CPU and memory figures: one decimal below 100 %, three significant digits in binary units', () => {
    assert.deepEqual([0, 0.04, 12.345, 99.95, 100, 187.4, null].map(formatPercent), ['0.0%', '0.0%', '12.3%', '100%', '100%', '187%', '-']);
    assert.deepEqual([0, 512 * 1024, 1024 * 1024, 45.23 * 1024 * 1024, 812 * 1024 * 1024, 1.25 * 1024 ** 3, 12.5 * 1024 ** 3, null].map(formatBytes), ['0 KB', '512 KB', '1.00 MB', '45.2 MB', '812 MB', '1.25 GB', '12.5 GB', '-']);
  });
});
