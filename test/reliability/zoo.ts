// The awkward stack every stop path is tried on: a plain process and its dependent, one that ignores SIGTERM,
// one whose grandchildren stay in its group, two that double-fork (the grandchild in the group, and in a new
// session), and one whose grandchild calls setsid while it stays alive.
import assert from 'node:assert/strict';
import type { StackCase } from './stack-case.js';

export const ZOO = `kill_timeout: 2
processes:
  - { name: plain, path: $NODE, args: [$FIX(forever.js)] }
  - { name: dependent, path: $NODE, args: [$FIX(forever.js)], dependencies: [plain] }
  - { name: stubborn, path: $NODE, args: [$FIX(ignores-sigterm.js)], timeout: 0.5 }
  - { name: forker, path: $NODE, args: [$FIX(grandchildren.js)] }
  - { name: daemon-group, path: $NODE, args: [$FIX(daemonize.js), group] }
  - { name: daemon-setsid, path: $NODE, args: [$FIX(daemonize.js), setsid] }
  - { name: escaper, path: $NODE, args: [$FIX(setsid-grandchild.js)] }
`;

const ARMED: Record<string, RegExp> = {
  plain: /^armed$/,
  dependent: /^armed$/,
  stubborn: /^armed$/,
  forker: /^grandchildren (\d+) (\d+)$/,
  'daemon-group': /^daemonized (\d+)$/,
  'daemon-setsid': /^daemonized (\d+)$/,
  escaper: /^grandchild (\d+)$/,
};

/**
 * Waits until every process of the zoo says it is armed (grandchildren included), then checks that the
 * census sees the grandchildren, so that an empty census afterwards means something. Returns their pids.
 */
export async function zooArmed(s: StackCase, since?: Record<string, number>): Promise<number[]> {
  const found = await s.waitForLines(ARMED, since ? { since } : {});
  const grandchildren = Object.values(found).flatMap((m) => m.slice(1).map(Number));
  assert.equal(grandchildren.length, 5);
  const seen = new Set(s.survivors().map((p) => p.pid));
  assert.deepEqual(grandchildren.filter((pid) => !seen.has(pid)), [], 'the census sees every grandchild of the armed zoo');
  assert.ok(seen.size >= 7 + 5, `the census sees the children and grandchildren (${seen.size})`);
  return grandchildren;
}
