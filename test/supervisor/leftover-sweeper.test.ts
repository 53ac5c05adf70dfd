// What an ended child left outside its group is swept before its process starts again: one walk for every
// process that ended in the same turn, each waiting only for its own sweep, and a failed walk is not fatal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeftoverSweeper, type MarkedScan } from '../../src/supervisor/leftover-sweeper.js';
import type { PidMark } from '../../src/supervisor/pid-mark.js';
import type { Swept } from '../../src/supervisor/sweep.js';

function sweeper(scan: MarkedScan, mark: () => PidMark | null = () => null) {
  const signalled: [number, string][] = [];
  const reports: [string, Swept[]][] = [];
  const s = new LeftoverSweeper({
    stackId: 'stack-1',
    // the pids are made up: "killing" them only records it (and waitGone finds them gone at once)
    kill: (pid, signal) => void signalled.push([pid, signal]),
    waitMs: () => 100,
    report: (process, killed) => reports.push([process, killed]),
    scan,
    mark,
  });
  return { s, signalled, reports };
}

test('processes that ended in the same turn share one walk; each is told what was killed of its own', async () => {
  const walks: string[][] = [];
  const { s, signalled, reports } = sweeper((stackId, names) => {
    assert.equal(stackId, 'stack-1');
    walks.push([...names].sort());
    return Promise.resolve([
      { pid: 2 ** 22 + 1, process: 'api' },
      { pid: 2 ** 22 + 2, process: 'worker' },
    ]);
  });
  s.childEnded('api');
  s.childEnded('worker');
  await Promise.all([s.settled('api'), s.settled('worker')]);
  // (the second walk looks for what the killed might have forked meanwhile, and finds nothing new)
  assert.deepEqual(walks, [['api', 'worker'], ['api', 'worker']]);
  assert.deepEqual(signalled, [[2 ** 22 + 1, 'SIGKILL'], [2 ** 22 + 2, 'SIGKILL']]);
  assert.deepEqual(reports, [['api', [{ pid: 2 ** 22 + 1, process: 'api' }]], ['worker', [{ pid: 2 ** 22 + 2, process: 'worker' }]]]);
});

test('settled() waits for the pending sweep of that process only, and is immediate when none is pending', async () => {
  let release!: () => void;
  const { s } = sweeper(() => new Promise((resolve) => (release = () => resolve([]))));
  let settled = false;
  assert.equal(await Promise.race([s.settled('db').then(() => 'now'), new Promise((r) => setImmediate(() => r('later')))]), 'now');
  s.childEnded('api');
  void s.settled('api').then(() => (settled = true));
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(settled, false, 'still walking');
  release();
  await s.settled('api');
  assert.equal(settled, true);
});

test('a walk that fails (no /proc) lets the process start again; nothing is killed or reported', async () => {
  const { s, signalled, reports } = sweeper(() => Promise.reject(new Error('ENOENT /proc')));
  s.childEnded('api');
  await s.settled('api');
  assert.deepEqual(signalled, []);
  assert.deepEqual(reports, []);
});

// Regression: every child exit walked the whole host's /proc. The walk reads only what started after the
// child that ended (its descendants cannot be older): the mark taken just before that child was started.
test('each walk reads only what started since the oldest child that ended: the mark taken before its start', async () => {
  let forks = 100;
  const marks: PidMark[] = [];
  const takeMark = (): PidMark => {
    const m = { lastPid: 1000 + forks, forks: (forks += 10), tasks: 50, pidMax: 32768 };
    marks.push(m);
    return m;
  };
  const walks: [string[], PidMark | null][] = [];
  const { s } = sweeper((_stack, names, since) => {
    walks.push([[...names].sort(), since]);
    return Promise.resolve([]);
  }, takeMark);
  await s.settled('api'); // api starts
  await s.settled('worker'); // then worker
  s.childEnded('worker');
  s.childEnded('api');
  await s.settled('api'); // api starts again while the walk is pending: a new mark, not the walk's
  await s.settled('worker');
  assert.deepEqual(walks, [[['api', 'worker'], marks[0]]]);
  s.childEnded('worker');
  await s.settled('worker');
  assert.deepEqual(walks[1], [['worker'], marks[3]]);
});

test('a child started without a mark (/proc unreadable then) makes its walk read every process', async () => {
  const walks: (PidMark | null)[] = [];
  const { s } = sweeper((_stack, _names, since) => {
    walks.push(since);
    return Promise.resolve([]);
  });
  s.childEnded('api'); // never started through settled(): no mark either
  await s.settled('api');
  assert.deepEqual(walks, [null]);
});

test('a leftover that forked between the listing and its kill: the walk goes on until it finds nothing more', async () => {
  const answers = [[{ pid: 2 ** 22 + 1, process: 'api' }], [{ pid: 2 ** 22 + 2, process: 'api' }], []];
  let walks = 0;
  const { s, signalled, reports } = sweeper(() => Promise.resolve(answers[walks++] ?? []));
  s.childEnded('api');
  await s.settled('api');
  assert.equal(walks, 3);
  assert.deepEqual(signalled, [[2 ** 22 + 1, 'SIGKILL'], [2 ** 22 + 2, 'SIGKILL']]);
  assert.deepEqual(reports, [['api', [{ pid: 2 ** 22 + 1, process: 'api' }, { pid: 2 ** 22 + 2, process: 'api' }]]]);
});
