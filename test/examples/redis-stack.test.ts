// examples/redis-stack: redis-server from the distribution, an API and a worker on it, smoke-tested with `pilot run`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { copyExample } from '../helpers/cli-up.js';
import { skipReason } from '../helpers/examples.js';
import { killAll, pidsWithEnv } from '../helpers/procs.js';
import { tmpDir } from '../helpers/tmp.js';
import { runPilot } from '../cli/run-cli.js';

const skip = skipReason('redis-stack');

describe('examples/redis-stack with pilot run', { skip }, () => {
  for (const [what, cmd, expected] of [
    ['the smoke test passes: exit 0', ['node', 'smoke.js'], 0],
    ['a failing command: its exit code', ['node', '-e', 'process.exit(4)'], 4],
  ] as const) {
    test(what, async (t) => {
      const dir = await copyExample(t, 'redis-stack');
      const home = tmpDir('pilot-home-');
      const file = join(dir, 'pilot.yaml');
      const leftovers = (): number[] => pidsWithEnv('PILOT_STACK', stackPaths(file, { PILOT_HOME: home.path }).stackId);
      t.after(() => {
        killAll(leftovers());
        home.remove();
      });
      const args = cmd.map((a) => (a === 'smoke.js' ? join(dir, a) : a));
      const result = await runPilot(['run', file, '--', ...args], { env: { PILOT_HOME: home.path, NO_COLOR: '1' }, timeoutMs: 30_000 });
      assert.equal(result.code, expected, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, /redis ready in \d+ ms \(tcp 127\.0\.0\.1:\d+\)/);
      if (expected === 0) assert.match(result.stdout, /^smoke: ok/m);
      else assert.match(result.stderr, /the last lines of each process:/);
      assert.deepEqual(leftovers(), [], 'redis-server, the api and the worker are all gone');
    });
  }
});
