// No orphans when the stack ends itself or is hammered: a shutdown_everything process that exits, and a
// restart storm (a process that crashes at once, every time, with no backoff and no restart limit, leaving a
// grandchild behind each time) while restarts are requested by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAlive } from '../helpers/procs.js';
import { waitFor } from '../helpers/wait-for.js';
import { exitWithin, StackCase } from './stack-case.js';
import { ZOO, zooArmed } from './zoo.js';

const CASE = { timeout: 90_000 };
const STOP_MS = 20_000;

describe('the stack ending itself, and restart storms', () => {
  test('shutdown_everything: the process exits, pilot up exits with its code and leaves nothing', CASE, async (t) => {
    const s = new StackCase(t, `${ZOO}  - { name: leader, path: $NODE, args: [$FIX(exit-on-signal.js), 7], shutdown_strategy: shutdown_everything }\n`);
    const up = s.upForeground();
    await zooArmed(s);
    const [, pid] = (await s.waitForLines({ leader: /^armed (\d+)$/ })).leader ?? [];
    process.kill(Number(pid), 'SIGUSR2');
    assert.deepEqual(await exitWithin(up.exited, STOP_MS, 'pilot up'), { code: 7, signal: null });
    s.assertNothingLeft();
  });

  for (const where of ['group', 'setsid'] as const) {
    test(`a restart storm whose crashes leave a grandchild each time (${where === 'group' ? 'in their group' : 'in a new session'})`, CASE, async (t) => {
      const s = new StackCase(t, `kill_timeout: 2
processes:
  - name: storm
    path: /bin/sh
    args: [$FIX(storm-crasher.sh)${where === 'setsid' ? ', setsid' : ''}]
    restart_policy: { backoff_initial_sec: 0, backoff_max_sec: 0, max_restarts: 0 }
  - { name: forker, path: $NODE, args: [$FIX(grandchildren.js)] }
`);
      const supervisor = await s.upDetached();
      await s.waitForLines({ forker: /^grandchildren \d+ \d+$/ });
      // restarts by hand in the middle of the storm
      const restarts = Promise.all([1, 2, 3].map(() => s.cli(['restart', 'forker', '-f', s.file])));
      let peak = 0;
      await waitFor(() => {
        peak = Math.max(peak, s.survivors().length);
        return s.logLines('storm').filter((l) => l.startsWith('crash ')).length >= 150;
      }, '150 crashes of the storm', 60_000, 20);
      for (const r of await restarts) assert.equal(r.code, 0, r.stderr);
      t.diagnostic(`peak census during the storm: ${peak} processes`);
      // in its group, a crash's grandchild dies with the group; in a new session, it is found by its markers and
      // killed before the next start
      assert.ok(peak < 20, `a crash's grandchild does not outlive the crash (peak census ${peak})`);
      const down = await s.cli(['down', '-f', s.file], { timeoutMs: STOP_MS });
      assert.equal(down.code, 0, down.stderr);
      assert.equal(isAlive(supervisor), false);
      s.assertNothingLeft();
    });
  }
});
