// `pilot top` against a stack run by `pilot up`: in a real terminal (tmux) it shows the processes, acts on
// the selected one, and gives the terminal back on q, Ctrl-C or when the stack goes away; without a terminal
// it prints plain frames; and its parts (keys, sparkline, frame layout) on their own.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { makePaint } from '../../src/cli/colors.js';
import { parseKeys } from '../../src/cli/top/keys.js';
import { TopModel } from '../../src/cli/top/model.js';
import { hostLine, renderTop } from '../../src/cli/top/render.js';
import { hostFacts } from '../../src/stats/host-info.js';
import { readFileSync } from 'node:fs';
import { sparkline } from '../../src/cli/top/sparkline.js';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import { startUp, type UpRun } from '../helpers/cli-up.js';
import { writeManifest } from '../helpers/manifest-file.js';
import { fixtureBin, pilotBin } from '../helpers/paths.js';
import { hasTmux, TmuxPane } from '../helpers/tmux.js';
import { waitForOutput } from '../helpers/wait-for.js';
import { runPilot } from './run-cli.js';

const ESC = '\u001b';
const STACK = `stats_interval_sec: 0.3
processes:
  - { name: db, path: $NODE, args: [$FIX(forever.js)] }
  - { name: api, path: $NODE, args: [$FIX(forever.js)], dependencies: [db] }
  - { name: worker, path: $NODE, args: [$FIX(busy-loop.js)] }
`;

async function bootStack(t: TestContext): Promise<{ file: string; up: UpRun }> {
  const file = writeManifest(t, STACK);
  const up = startUp(t, file);
  await up.waitForText('all processes ready');
  return { file, up };
}

async function statuses(file: string, home: string): Promise<ProcessStatus[]> {
  const r = await runPilot(['ps', '--json', '--file', file], { env: { PILOT_HOME: home } });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ProcessStatus[];
}

// `command` in a tmux pane, after a marker line; once it ends the shell says how, and whether input is cooked again.
function inTmux(t: TestContext, command: string, env: Record<string, string> = {}): TmuxPane {
  const after = 'echo "top exited $?"; stty -a | tr " ;" "\\n\\n" | grep -x -e icanon -e -icanon -e echo -e -echo | tr "\\n" " "; echo; sleep 120';
  return new TmuxPane(t, `echo BEFORE-TOP; ${command}; ${after}`, env);
}

function topInTmux(t: TestContext, file: string, home: string, env: Record<string, string> = {}): TmuxPane {
  return inTmux(t, `env -u FORCE_COLOR ${process.execPath} ${pilotBin} top --file ${file} --interval 0.5`, { PILOT_HOME: home, ...env });
}

// The terminal is as it was: main screen (what was printed before is back), cursor shown, cooked input.
async function assertRestored(pane: TmuxPane, exitCode: number): Promise<string> {
  const screen = await pane.waitFor(/top exited \d+\n.*echo/, 'top to end');
  assert.match(screen, new RegExp(`top exited ${exitCode}\\n`));
  assert.match(screen, /^BEFORE-TOP$/m, 'back on the main screen');
  assert.doesNotMatch(screen, /CPU HISTORY/, 'the full-screen view is gone');
  assert.match(screen, /^icanon echo$/m, 'cooked input again (icanon, echo)');
  assert.equal(pane.info('#{alternate_on}'), '0');
  assert.equal(pane.info('#{cursor_flag}'), '1', 'the cursor is shown');
  return screen;
}

describe('pilot top in a terminal', { skip: !hasTmux() && 'tmux is not installed (apt-get install tmux)' }, () => {
  test('shows every process with state, CPU and memory; r restarts the selected one; q gives the terminal back', async (t) => {
    const { file, up } = await bootStack(t);
    const pane = topInTmux(t, file, up.home);
    await pane.waitFor(/worker +running +\d+ +\d+(\.\d)?% +[\d.]+ MB/, 'the processes with their numbers');
    const screen = await pane.waitFor(/^host {2}\d+ × /m, 'the host line (systeminformation is loaded after the first frame)');
    assert.match(screen, /^pilot top {2}.*pilot\.yaml {2}supervisor pid \d+, up \d+s/m);
    assert.match(screen, /^host {2}\d+ × .* · memory [\d.]+ [MG]B available of [\d.]+ [MG]B$/m);
    assert.match(screen, /^ +NAME +STATE +PID +CPU +MEM +RESTARTS +UPTIME +CPU HISTORY$/m);
    assert.match(screen, /^> +db +running +\d+ /m, 'the first process is selected');
    assert.match(screen, /^ +api +running /m);
    assert.match(screen, /r restart {3}s stop {3}u start {3}q quit$/m);
    assert.equal(pane.info('#{alternate_on}'), '1', 'on the alternate screen');
    await pane.waitFor(/worker +running .*[▁▂▃▄▅▆▇█]{2}/, 'a sparkline of a few samples');

    const apiPid = (await statuses(file, up.home)).find((s) => s.name === 'api')?.pid;
    pane.keys('j');
    await pane.waitFor(/^> +api /m, 'the selection on api');
    pane.keys('r');
    await pane.waitFor(/api restarted/, 'the restart to be reported');
    const api = (await statuses(file, up.home)).find((s) => s.name === 'api');
    assert.equal(api?.restarts, 1);
    assert.notEqual(api?.pid, apiPid);
    await pane.waitFor(new RegExp(`^> +api +running +${api?.pid} .* 1 +\\d+s`, 'm'), 'the new pid and one restart on screen');
    const others = await statuses(file, up.home);
    assert.deepEqual(others.filter((s) => s.name !== 'api').map((s) => s.restarts), [0, 0], 'only the selected one');

    pane.keys('s');
    await pane.waitFor(/api stopped/, 'the stop');
    await pane.waitFor(/^> +api +stopped +- +- +- /m, 'api stopped on screen');
    pane.keys('u');
    await pane.waitFor(/api started/, 'the start');

    pane.keys('q');
    await assertRestored(pane, 0);
    assert.equal(up.child.exitCode, null, 'the stack keeps running');
  });

  test('Ctrl-C quits cleanly; NO_COLOR turns colour off but keeps the selection marker', async (t) => {
    const { file, up } = await bootStack(t);
    const pane = topInTmux(t, file, up.home, { NO_COLOR: '1' });
    await pane.waitFor(/worker +running/, 'the processes');
    assert.ok(!pane.screen(true).includes(`${ESC}[`), 'no colour or video attributes');
    assert.match(pane.screen(), /^> +db /m);
    pane.keys('C-c');
    await assertRestored(pane, 0);
  });

  test('an uncaught error while on the alternate screen: the terminal is given back first, then the error shown', async (t) => {
    const pane = inTmux(t, `${process.execPath} ${fixtureBin('terminal-crash.js')}`);
    await pane.waitFor(/ON THE ALTERNATE SCREEN/, 'the full screen');
    const screen = await assertRestored(pane, 1);
    assert.match(screen, /^pilot top: internal error: Error: boom in a callback$/m);
  });

  test('the stack going away ends the view and restores the terminal, saying so', async (t) => {
    const { file, up } = await bootStack(t);
    const pane = topInTmux(t, file, up.home);
    await pane.waitFor(/worker +running/, 'the processes');
    up.child.kill('SIGTERM');
    assert.equal(await up.exited, 0);
    const screen = await assertRestored(pane, 0);
    assert.match(screen, /pilot top: the stack stopped/);
  });
});

describe('pilot top without a terminal', () => {
  test('plain frames every interval: a time stamp, the host, the ps table; -n stops after that many', async (t) => {
    const { file, up } = await bootStack(t);
    const r = await runPilot(['top', '--file', file, '-n', '3', '--interval', '0.2'], { env: { PILOT_HOME: up.home } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(!r.stdout.includes(ESC), 'no colour codes in a pipe');
    const frames = r.stdout.trimEnd().split('\n\n');
    assert.equal(frames.length, 3);
    const stamps = frames.map((f) => Date.parse(f.split('  ')[0] ?? ''));
    for (let i = 1; i < stamps.length; i++) assert.ok((stamps[i] ?? 0) - (stamps[i - 1] ?? 0) >= 150, 'an interval apart');
    for (const frame of frames) {
      const lines = frame.split('\n');
      assert.match(lines[0] ?? '', /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}.*pilot\.yaml {2}supervisor pid \d+, up \d+s$/);
      assert.match(lines[1] ?? '', /^host {2}\d+ × /);
      assert.match(lines[2] ?? '', /^NAME +STATE +PID +UPTIME +RESTARTS +CPU +MEM +LAST EXIT +READY$/);
      assert.deepEqual(lines.slice(3).map((l) => l.split(/ +/).slice(0, 2)), [['db', 'running'], ['api', 'running'], ['worker', 'running']]);
    }
    assert.match(frames[2] ?? '', /^worker +running +\d+ +\d+s +0 +\d+(\.\d)?% +[\d.]+ MB /m);
  });

  test('without -n it follows until the stack stops, then says so and exits 0', async (t) => {
    const { file, up } = await bootStack(t);
    const top = spawn(process.execPath, [pilotBin, 'top', '--file', file, '--interval', '0.2'], { env: { ...process.env, PILOT_HOME: up.home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => top.kill('SIGKILL'));
    let stderr = '';
    top.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => top.once('exit', resolve));
    await waitForOutput(top.stdout, /^worker +running .*\n\n.*^worker +running /ms, 'two frames');
    up.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(stderr, 'pilot top: the stack stopped\n');
  });

  test('no running stack: exit 3 at once', async (t) => {
    const file = writeManifest(t, STACK);
    const r = await runPilot(['top', '--file', file, '-n', '1'], { env: { PILOT_HOME: (await import('node:os')).tmpdir() + `/pilot-none-${process.pid}` } });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^pilot: no running stack for /);
  });
});

describe('pilot top parts', () => {
  // Regression: the host line said "load 1.95 per CPU" while /proc/loadavg said 1.40 2.83 3.91 on 2 CPUs
  // (systeminformation's avgLoad, labelled as the 1-minute average per CPU, which it is not).
  test('the host line shows the 1, 5 and 15-minute load averages, as /proc/loadavg gives them', { skip: process.platform !== 'linux' && '/proc/loadavg' }, async () => {
    const facts = await hostFacts();
    const proc = (): number[] => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    // (the kernel updates the averages every 5 s: compare with a reading taken around it)
    const [before, after] = [proc(), (await hostFacts(), proc())];
    assert.ok([before, after].some((p) => p.every((v, i) => Math.abs(v - (facts.loadAverage[i] ?? NaN)) < 0.01)), `${facts.loadAverage.join(' ')} vs /proc/loadavg ${before.join(' ')}`);
    const line = hostLine({ ...facts, cpus: 2, cpuModel: 'AMD EPYC', busyPercent: 37, loadAverage: [1.4, 2.834, 3.91], availableBytes: 20.8e9, totalBytes: 23.5e9 });
    assert.match(line, /· load 1\.40 2\.83 3\.91 \(1\/5\/15 min\) ·/);
    assert.doesNotMatch(line, /per CPU/);
  });

  test('keys: arrows and vi keys, actions, several keys in one chunk, unknown ones ignored', () => {
    assert.deepEqual(parseKeys('\u001b[A\u001b[Bjkrsuq\u0003x\u001b[5~'), ['up', 'down', 'down', 'up', 'restart', 'stop', 'start', 'quit', 'quit']);
    assert.deepEqual(parseKeys('\u001bOA\u001b[H\u001b[FgG'), ['up', 'first', 'last', 'first', 'last']);
  });

  test('sparkline: newest values kept, one core fills a bar unless a value was higher', () => {
    assert.equal(sparkline([0, 50, 100], 10), '▁▅█');
    assert.equal(sparkline([0, 100, 200], 10), '▁▅█');
    assert.equal(sparkline([1, 2, 3, 100], 2), '▁█');
    assert.equal(sparkline([], 5), '');
  });

  test('a frame: the selection follows its process, the table fits the width, scrolls to the selection', () => {
    const model = new TopModel();
    const status = (name: string, pid: number): ProcessStatus => ({ name, state: 'running', pid, restarts: 0, exit_code: null, signal: null, started_at: '2030-01-01T00:00:00.000Z', ready_at: null, ready_detail: null, cpu_percent: null, memory_bytes: null, reason: null, watchdog: null });
    model.setStatuses(Array.from({ length: 30 }, (_, i) => status(`p${i}`, 100 + i)));
    model.addTick({ at: 0, intervalMs: 1000, samples: [{ process: 'p0', pid: 100, cpuPercent: 50, memoryBytes: 2 * 1024 * 1024, processCount: 1 }] });
    const view = { width: 80, height: 12, now: Date.parse('2030-01-01T00:01:00.000Z'), paint: makePaint(false), manifest: 'pilot.yaml', supervisorPid: 7, supervisorSince: Date.parse('2030-01-01T00:00:00.000Z') };
    let lines = renderTop(model, view);
    assert.equal(lines.length, 12);
    assert.ok(lines.every((l) => [...l].length <= 80));
    assert.match(lines[4] ?? '', /^> +p0 +running +100 +50\.0% +2\.00 MB +0 +1m00s +▅$/);
    assert.match(lines[10] ?? '', /\(24 more: ↑\/↓ to scroll\)/);
    model.move(20);
    lines = renderTop(model, view);
    assert.match(lines[9] ?? '', /^> +p20 /, 'scrolled: the selection is on the last visible row');
    model.setStatuses(model.statuses.filter((s) => s.name !== 'p3'));
    assert.equal(model.selected, 'p20', 'follows its process when rows change');
  });
});
