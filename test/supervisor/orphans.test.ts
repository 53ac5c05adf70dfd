// No orphans: a supervisor killed with -9 leaves survivors that the next start of the stack sweeps; one live
// supervisor per stack; the sweep never touches a pid whose start time does not match the record.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { PilotError } from '../../src/errors.js';
import { realKill } from '../../src/supervisor/kill-group.js';
import { startTimeOf } from '../../src/supervisor/proc-fs.js';
import { readStateFile, writeStateFile } from '../../src/supervisor/state-file.js';
import { sweepLeftovers } from '../../src/supervisor/sweep.js';
import { detectPlatform } from '../../src/supervisor/platform.js';
import { fixtureBin, fixturesDir } from '../helpers/paths.js';
import { isAlive } from '../helpers/procs.js';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor, waitForOutput } from '../helpers/wait-for.js';

const processes = (): ReturnType<typeof fixtureSpec>[] => [fixtureSpec('escaper', 'setsid-grandchild.js'), fixtureSpec('plain', 'forever.js')];

/** Runs a supervisor in a child process over `processes()`, then kills it with SIGKILL; returns what it left. */
async function runAndKillSupervisor(t: TestContext, home: string, env: Record<string, string> = {}): Promise<{ grandchild: number; children: number[] }> {
  const manifest = makeManifest(home, processes(), { killTimeout: 2 });
  const file = join(home, 'manifest.json');
  writeFileSync(file, JSON.stringify(manifest));
  const host = spawn(process.execPath, [join(fixturesDir, 'supervisor-host.js'), file], { env: { ...process.env, PILOT_HOME: home, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => host.exitCode === null && host.signalCode === null && host.kill('SIGKILL'));
  const text = await waitForOutput(host.stdout, /(?=[\s\S]*^up$)(?=[\s\S]*^escaper: grandchild \d+$)(?=[\s\S]*^plain: armed$)/m, 'the hosted stack to be up');
  const grandchild = Number(/^escaper: grandchild (\d+)$/m.exec(text)?.[1]);
  const state = readStateFile(stackPaths(manifest.file, { PILOT_HOME: home }).stateFile);
  assert.ok(state, 'the host recorded its state');
  assert.equal(state.supervisor.pid, host.pid);
  assert.deepEqual(state.children.map((c) => c.process).sort(), ['escaper', 'plain']);
  host.kill('SIGKILL');
  await once(host, 'exit');
  return { grandchild, children: state.children.map((c) => c.pid) };
}

describe('orphan sweep', { skip: process.platform !== 'linux' }, () => {
  test('children die with a killed supervisor (pdeathsig); a setsid grandchild is swept by the next start', { skip: !detectPlatform().setpriv && 'setpriv not installed' }, async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const left = await runAndKillSupervisor(t, dir.path);
    await waitFor(() => left.children.every((pid) => !isAlive(pid)), 'the children to die with their supervisor');
    assert.ok(isAlive(left.grandchild), 'the setsid grandchild survived the supervisor');
    const h = makeHarness(t, processes(), { home: dir.path });
    await h.pilot.start();
    const sweep = h.ofType('sweep')[0];
    assert.deepEqual(sweep?.killed, [{ process: 'escaper', pid: left.grandchild }]);
    assert.equal(isAlive(left.grandchild), false);
  });

  test('without setpriv, recorded groups and marked processes are all swept', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const left = await runAndKillSupervisor(t, dir.path, { PILOT_TEST_NO_SETPRIV: '1' });
    assert.ok([...left.children, left.grandchild].every(isAlive), 'everything outlived the supervisor');
    const h = makeHarness(t, processes(), { home: dir.path });
    await h.pilot.start();
    const killed = h.ofType('sweep')[0]?.killed.map((k) => k.pid).sort();
    assert.deepEqual(killed, [...left.children, left.grandchild].sort());
    assert.deepEqual([...left.children, left.grandchild].filter(isAlive), []);
  });

  test('a pid whose start time does not match the record is left alone', async (t) => {
    const child = spawn(process.execPath, [fixtureBin('forever.js')], { detached: true, stdio: 'ignore' });
    const pid = child.pid as number;
    t.after(() => isAlive(pid) && process.kill(pid, 'SIGKILL'));
    const startTime = startTimeOf(pid);
    const record = (st: string | null) => ({ version: 1 as const, supervisor: { pid: 2 ** 22 + 1, startTime: '1' }, children: [{ process: 'x', pid, pgid: pid, startTime: st }] });
    assert.deepEqual(await sweepLeftovers(record(`${startTime}1`), 'no-such-stack', realKill, 1000), []);
    assert.ok(isAlive(pid));
    assert.deepEqual(await sweepLeftovers(record(startTime), 'no-such-stack', realKill, 1000), [{ process: 'x', pid }]);
    assert.equal(isAlive(pid), false);
  });
});

describe('one supervisor per stack', () => {
  test('a second Pilot on a running stack fails with ALREADY_RUNNING and leaves the first alone', async (t) => {
    const first = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
    await first.pilot.start();
    const second = makeHarness(t, [fixtureSpec('svc', 'forever.js')], { home: first.home });
    const err = await second.pilot.start().then(() => null, (e: unknown) => e);
    assert.ok(err instanceof PilotError);
    assert.equal(err.code, 'ALREADY_RUNNING');
    assert.equal(err.exitCode, 1);
    assert.match(err.message, new RegExp(`supervisor pid ${process.pid}\\b`));
    assert.equal((await second.pilot.done).exitCode, 1);
    await second.pilot.stop();
    assert.equal(first.pilot.status()[0]?.state, 'running');
    assert.ok(isAlive(first.pilot.status()[0]?.pid ?? 0));
  });

  test('an empty or garbage state file does not prevent a start; a full stop removes it', async (t) => {
    for (const content of ['', '{"supervisor": 12', '[]']) {
      const h = makeHarness(t, [fixtureSpec('svc', 'forever.js')]);
      const { stateFile, dir } = h.pilot.paths;
      mkdirSync(dir, { recursive: true });
      writeFileSync(stateFile, content);
      await h.pilot.start();
      const state = readStateFile(stateFile);
      assert.equal(state?.supervisor.pid, process.pid);
      assert.deepEqual(state?.children.map((c) => c.process), ['svc']);
      await h.pilot.stop();
      assert.equal(readStateFile(stateFile), null);
    }
  });

  test('state files are written whole (tmp + rename)', () => {
    const dir = tmpDir();
    try {
      const file = join(dir.path, 'state.json');
      writeStateFile(file, { version: 1, supervisor: { pid: 1, startTime: '5' }, children: [{ process: 'a', pid: 2, pgid: 2, startTime: null }] });
      assert.deepEqual(readStateFile(file), { version: 1, supervisor: { pid: 1, startTime: '5' }, children: [{ process: 'a', pid: 2, pgid: 2, startTime: null }] });
      assert.deepEqual(readdirSync(dir.path), ['state.json'], 'no temporary file is left');
    } finally {
      dir.remove();
    }
  });
});
