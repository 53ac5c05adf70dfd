// Two or three supervisors of one stack starting at the same moment: exactly one gets the control socket,
// exactly one the state file — also when a dead supervisor left its socket or its state file behind.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectControl } from '../../src/control/client.js';
import { controlSocketPath } from '../../src/control/socket-path.js';
import { stackPaths } from '../../src/control/state-dir.js';
import { stateFileText } from '../../src/supervisor/state-file.js';
import { lockName } from '../../src/supervisor/name-lock.js';
import { repoRoot } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitForOutput } from '../helpers/wait-for.js';
import { leaveStaleSocket } from './setup.js';

const RIVAL = join(repoRoot, 'dist', 'test', 'control', 'rival.js');
const ROUNDS = 16;

interface Rival {
  child: ChildProcess;
  pid: number;
  verdict: Promise<string>;
}

// Starts `count` rivals, waits until each is ready, then lets them all go at once; their verdicts follow.
async function race(t: TestContext, mode: 'socket' | 'state', home: string, manifest: string, count: number): Promise<Rival[]> {
  const rivals = await Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, [RIVAL, mode, home, manifest], { stdio: ['pipe', 'pipe', 'inherit'] });
      t.after(() => child.kill('SIGKILL'));
      const stdout = child.stdout;
      if (!stdout || child.pid === undefined) throw new Error('no rival');
      await waitForOutput(stdout, 'ready\n', 'a rival to be ready');
      return { child, pid: child.pid, stdout };
    }),
  );
  const started = rivals.map(({ child, pid, stdout }) => ({ child, pid, verdict: waitForOutput(stdout, /(won|lost)( \S+)?\n/, 'its verdict', 20_000) }));
  for (const { child } of rivals) child.stdin?.write('go\n');
  return started;
}

async function release(rivals: Rival[]): Promise<void> {
  await Promise.all(rivals.map(({ child }) => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(null);
    child.once('exit', resolve);
    child.stdin?.end();
  })));
}

function stack(t: TestContext): { home: string; manifest: string } {
  const dir = tmpDir('pilot-rivals-');
  t.after(dir.remove);
  const manifest = join(dir.path, 'pilot.yaml');
  writeFileSync(manifest, 'processes: []\n');
  return { home: dir.path, manifest };
}

describe('rival supervisors', () => {
  // Five: it takes three rivals over a stale socket for one's removal of it to move aside another's fresh
  // one while a third links its own (name-lock.ts); more make that likelier.
  test(`the control socket: one of five wins, the others are told it is up; ${ROUNDS} rounds, every other one over a stale socket`, { timeout: 120_000 }, async (t) => {
    const { home, manifest } = stack(t);
    const socketPath = controlSocketPath(stackPaths(manifest, { PILOT_HOME: home }).dir);
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 1) {
        mkdirSync(join(socketPath, '..'), { recursive: true, mode: 0o700 });
        await leaveStaleSocket(socketPath);
      }
      const rivals = await race(t, 'socket', home, manifest, 5);
      const verdicts = await Promise.all(rivals.map((r) => r.verdict));
      assert.deepEqual(verdicts.map((v) => v.trim()).sort(), ['lost ALREADY_RUNNING', 'lost ALREADY_RUNNING', 'lost ALREADY_RUNNING', 'lost ALREADY_RUNNING', 'won'], `round ${round}`);
      // the name leads to the winner
      const winner = rivals[verdicts.findIndex((v) => v.startsWith('won'))];
      const client = await connectControl(socketPath);
      try {
        assert.equal((await client.call('ping')).pid, winner?.pid, `round ${round}: the socket is the winner's`);
      } finally {
        client.close();
      }
      await release(rivals);
    }
  });

  test(`the state file: one of three claims it, the others name the winner; ${ROUNDS} rounds, every other one over a dead supervisor's file`, { timeout: 120_000 }, async (t) => {
    const { home, manifest } = stack(t);
    const { stateFile, dir } = stackPaths(manifest, { PILOT_HOME: home });
    const turn = await lockName(join(home, 'turns?'));
    const turns = turn !== null;
    turn?.();
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((resolve) => dead.once('exit', () => resolve(dead.pid ?? 0)));
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 1) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(stateFile, stateFileText({ version: 1, supervisor: { pid: deadPid, startTime: null }, children: [] }));
      }
      const rivals = await race(t, 'state', home, manifest, 3);
      const verdicts = (await Promise.all(rivals.map((r) => r.verdict))).map((v) => v.trim());
      const winners = verdicts.filter((v) => v.startsWith('won'));
      assert.equal(winners.length, 1, `round ${round}: ${verdicts.join(', ')}`);
      // the dead one's record is the winner's to sweep where rivals take turns (name-lock.ts); elsewhere one
      // that moved it aside may lose to one that never saw it (the marker sweep then finds the dead one's
      // children: sweep.ts)
      const expected = round % 2 === 1 ? `won ${deadPid}` : 'won -';
      if (turns) assert.equal(winners[0], expected, `round ${round}`);
      else assert.ok(winners[0] === 'won -' || winners[0] === expected, `round ${round}: ${winners[0]}`);
      const winner = rivals[verdicts.indexOf(winners[0] ?? '')];
      assert.deepEqual(verdicts.filter((v) => v.startsWith('lost')), [`lost ${winner?.pid}`, `lost ${winner?.pid}`], `round ${round}`);
      await release(rivals);
      writeFileSync(stateFile, ''); // (no supervisor removes it here: an empty file is no one's)
    }
  });
});
