// Stop escalation: the policy in virtual time, and the real thing against a process that ignores SIGTERM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stopChild } from '../../src/supervisor/stop-child.js';
import { realClock } from '../../src/supervisor/clock.js';
import { realKill, type KillFn } from '../../src/supervisor/kill-group.js';
import { VirtualClock } from '../helpers/supervisor-clock.js';
import { fixtureBin } from '../helpers/paths.js';
import { isAlive } from '../helpers/procs.js';
import { waitForOutput } from '../helpers/wait-for.js';

function fakeKill(onSignal: (pid: number, signal: NodeJS.Signals) => void = () => {}): { kill: KillFn; sent: [number, NodeJS.Signals][] } {
  const sent: [number, NodeJS.Signals][] = [];
  return { sent, kill: (pid, signal) => (sent.push([pid, signal]), onSignal(pid, signal)) };
}

describe('stopChild in virtual time', () => {
  test('a child that exits on the stop signal is not killed', async () => {
    const clock = new VirtualClock();
    let exit!: () => void;
    const exited = new Promise<void>((r) => (exit = r));
    const { kill, sent } = fakeKill((_pid, signal) => signal === 'SIGINT' && exit());
    const result = stopChild({ pgid: 42, signal: 'SIGINT', timeoutMs: 5000, killTimeoutMs: 5000, exited, kill, clock });
    await clock.advance(0);
    assert.deepEqual(await result, { outcome: 'exited' });
    assert.deepEqual(sent, [[-42, 'SIGINT']]);
  });

  test('SIGKILL to the group exactly when the timeout passes', async () => {
    const clock = new VirtualClock();
    let exit!: () => void;
    const exited = new Promise<void>((r) => (exit = r));
    const at: [NodeJS.Signals, number][] = [];
    const { kill } = fakeKill((_pid, signal) => {
      at.push([signal, clock.now()]);
      if (signal === 'SIGKILL') exit();
    });
    const result = stopChild({ pgid: 7, signal: 'SIGTERM', timeoutMs: 3000, killTimeoutMs: 5000, exited, kill, clock });
    await clock.advance(2999);
    assert.deepEqual(at, [['SIGTERM', 0]]);
    await clock.advance(1);
    assert.deepEqual(await result, { outcome: 'killed' });
    assert.deepEqual(at, [['SIGTERM', 0], ['SIGKILL', 3000]]);
  });

  test('reports an unkillable child after kill_timeout instead of hanging', async () => {
    const clock = new VirtualClock();
    const { kill, sent } = fakeKill();
    const result = stopChild({ pgid: 9, signal: 'SIGTERM', timeoutMs: 1000, killTimeoutMs: 2500, exited: new Promise(() => {}), kill, clock });
    await clock.advance(3500);
    assert.deepEqual(await result, { outcome: 'unkillable', reason: 'could not be killed: still alive 2.5 s after SIGKILL' });
    assert.deepEqual(sent, [[-9, 'SIGTERM'], [-9, 'SIGKILL']]);
  });

  test('a group that is already gone (ESRCH) is fine', async () => {
    const clock = new VirtualClock();
    const kill: KillFn = () => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    };
    const result = stopChild({ pgid: 1234, signal: 'SIGTERM', timeoutMs: 1000, killTimeoutMs: 1000, exited: Promise.resolve(), kill, clock });
    await clock.advance(0);
    assert.deepEqual(await result, { outcome: 'exited' });
  });
});

describe('stopChild with real processes', () => {
  test('escalates to SIGKILL for a child that ignores SIGTERM', async (t) => {
    const child = spawn(process.execPath, [fixtureBin('ignores-sigterm.js')], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = child.pid as number;
    t.after(() => isAlive(pid) && process.kill(pid, 'SIGKILL'));
    const exited = once(child, 'exit');
    await waitForOutput(child.stdout, 'armed', 'the SIGTERM handler to be installed');
    const started = performance.now();
    const result = await stopChild({ pgid: pid, signal: 'SIGTERM', timeoutMs: 200, killTimeoutMs: 2000, exited, kill: realKill, clock: realClock });
    assert.deepEqual(result, { outcome: 'killed' });
    // (its timer counts from the event loop's cached time, which may be a little before `started`, more on a loaded machine)
    assert.ok(performance.now() - started >= 150, 'waited the grace period first');
    const [code, signal] = await exited;
    assert.equal(code, null);
    assert.equal(signal, 'SIGKILL');
    assert.equal(isAlive(pid), false);
  });

  test('a child that honours SIGTERM exits within the grace period', async (t) => {
    const child = spawn(process.execPath, [fixtureBin('forever.js')], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = child.pid as number;
    t.after(() => isAlive(pid) && process.kill(pid, 'SIGKILL'));
    const exited = once(child, 'exit');
    await waitForOutput(child.stdout, 'armed', 'the SIGTERM handler to be installed');
    const result = await stopChild({ pgid: pid, signal: 'SIGTERM', timeoutMs: 5000, killTimeoutMs: 2000, exited, kill: realKill, clock: realClock });
    assert.deepEqual(result, { outcome: 'exited' });
    assert.deepEqual(await exited, [0, null]);
  });
});
