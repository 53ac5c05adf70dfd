// kill -9 of the supervisor, which can clean nothing up itself: its children die with it (setpriv's
// parent-death signal), and the next `pilot up` of the same stack sweeps whatever else is left (grandchildren
// that kept their group or left it with setsid). Then `pilot down` must leave nothing alive. Also at the
// worst moments: during the boot, during a restart, during a stop; and commands talking to the supervisor
// when it dies must not hang.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPlatform } from '../../src/supervisor/platform.js';
import { isAlive } from '../helpers/procs.js';
import { waitFor } from '../helpers/wait-for.js';
import { exitWithin, StackCase } from './stack-case.js';
import { ZOO, zooArmed } from './zoo.js';

const CASE = { timeout: 90_000, skip: !detectPlatform().setpriv && 'setpriv not installed (util-linux)' };
const STOP_MS = 20_000;

/** kill -9 of `pid`, waiting until it is gone. */
async function kill9(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await waitFor(() => !isAlive(pid), `supervisor ${pid} to die`, 5000);
}

// What the next up runs: quick to stop (the cases' own manifests make the supervisor wait on purpose).
const CALM = `kill_timeout: 2
processes:
  - { name: stubborn, path: $NODE, args: [$FIX(forever.js)] }
  - { name: forker, path: $NODE, args: [$FIX(forever.js)] }
  - { name: escaper, path: $NODE, args: [$FIX(forever.js)] }
`;

/** The next `up -d` of the same stack (its manifest made quick to stop) sweeps what is left; `down` then leaves nothing. */
async function nextUpSweepsAndDownCleans(s: StackCase, leftBefore: number[]): Promise<void> {
  s.rewrite(CALM);
  await s.upDetached();
  assert.deepEqual(leftBefore.filter(isAlive), [], 'the next up swept everything the killed supervisor left');
  const down = await s.cli(['down', '-f', s.file], { timeoutMs: STOP_MS });
  assert.equal(down.code, 0, down.stderr);
  s.assertNothingLeft();
}

describe('kill -9 of the supervisor', () => {
  test('of a running stack: children die with it, the next up sweeps the grandchildren', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const supervisor = await s.upDetached();
    const grandchildren = await zooArmed(s);
    const census = s.survivors();
    const before = census.map((p) => p.pid);
    const children = census.filter((p) => p.ppid === supervisor).map((p) => p.pid);
    assert.equal(children.length, 7, 'the census sees the seven children of the supervisor');
    await kill9(supervisor);
    // every direct child has setpriv's pdeathsig SIGKILL
    await waitFor(() => !children.some(isAlive), 'the children to die with their supervisor', 5000);
    const left = s.survivors().map((p) => p.pid).sort();
    assert.deepEqual(left, [...grandchildren].sort(), 'what is left is the five grandchildren (the next up sweeps them)');
    await nextUpSweepsAndDownCleans(s, before.filter((pid) => pid !== supervisor));
  });

  test('of a foreground pilot up, then the next pilot up in the foreground', CASE, async (t) => {
    const s = new StackCase(t, ZOO);
    const up = s.upForeground();
    await zooArmed(s);
    const before = s.survivors().map((p) => p.pid).filter((pid) => pid !== up.pid());
    await kill9(up.pid());
    const mark = s.logMark();
    const again = s.upForeground();
    await zooArmed(s, mark);
    assert.match(again.output(), /killed \d+ process\(es\) left running by a previous pilot/);
    assert.deepEqual(before.filter(isAlive), [], 'the leftovers of the killed supervisor are gone');
    process.kill(again.pid(), 'SIGTERM');
    await exitWithin(again.exited, STOP_MS, 'the second pilot up');
    s.assertNothingLeft();
  });

  test('during the boot (a dependency not ready yet)', CASE, async (t) => {
    const s = new StackCase(t, `kill_timeout: 2
processes:
  - { name: forker, path: $NODE, args: [$FIX(grandchildren.js)] }
  - { name: gate, path: $NODE, args: [$FIX(forever.js)], ready_strategy: file, ready_params: { path: gate.ready }, ready_timeout_sec: 60 }
  - { name: after, path: $NODE, args: [$FIX(forever.js)], dependencies: [gate] }
`);
    const up = s.upForeground();
    await s.waitForLines({ forker: /^grandchildren \d+ \d+$/, gate: /^armed$/ });
    assert.deepEqual(s.logLines('after'), [], 'the boot is still waiting for gate');
    const before = s.survivors().map((p) => p.pid).filter((pid) => pid !== up.pid());
    await kill9(up.pid());
    await nextUpSweepsAndDownCleans(s, before);
  });

  test('during a restart (the old process ignores SIGTERM): the restart command does not hang', CASE, async (t) => {
    const s = new StackCase(t, `kill_timeout: 2
processes:
  - { name: stubborn, path: $NODE, args: [$FIX(ignores-sigterm.js)], timeout: 60 }
  - { name: forker, path: $NODE, args: [$FIX(grandchildren.js)] }
`);
    const supervisor = await s.upDetached();
    await s.waitForLines({ stubborn: /^armed$/, forker: /^grandchildren \d+ \d+$/ });
    const before = s.survivors().map((p) => p.pid).filter((pid) => pid !== supervisor);
    const restart = s.cli(['restart', 'stubborn', '-f', s.file], { timeoutMs: 60_000 });
    await s.waitForLines({ stubborn: /^ignoring SIGTERM$/ });
    await kill9(supervisor);
    const res = await restart;
    assert.notEqual(res.code, 0, 'the restart did not succeed');
    assert.equal(res.signal, null, `the restart command ended by itself (${res.stderr})`);
    await nextUpSweepsAndDownCleans(s, before);
  });

  test('during a stop (pilot down waiting for a process that ignores SIGTERM): down does not hang', CASE, async (t) => {
    const s = new StackCase(t, `kill_timeout: 2
processes:
  - { name: stubborn, path: $NODE, args: [$FIX(ignores-sigterm.js)], timeout: 60 }
  - { name: escaper, path: $NODE, args: [$FIX(setsid-grandchild.js)] }
`);
    const supervisor = await s.upDetached();
    await s.waitForLines({ stubborn: /^armed$/, escaper: /^grandchild \d+$/ });
    const before = s.survivors().map((p) => p.pid).filter((pid) => pid !== supervisor);
    const down = s.cli(['down', '-f', s.file], { timeoutMs: 60_000 });
    await s.waitForLines({ stubborn: /^ignoring SIGTERM$/ });
    await kill9(supervisor);
    const res = await down;
    assert.equal(res.signal, null, `pilot down ended by itself (${res.stderr})`);
    await nextUpSweepsAndDownCleans(s, before);
  });
});
