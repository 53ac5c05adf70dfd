// No lost lines: bursts of 200,000 lines from two processes at once, each ending in a last line without a
// newline right before exit, arrive once each and in order in the log files, through `pilot logs`, and (in
// the foreground) on pilot's own stdout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait-for.js';
import { exitWithin, StackCase } from './stack-case.js';

const COUNT = 200_000;
const CASE = { timeout: 120_000 };

// Two bursts at once, and a process whose last line has no newline; none restarts (the lines are the point).
const BURSTS = `kill_timeout: 2
logs: { max_size_mb: 100 }
processes:
  - { name: burst-a, path: $NODE, args: [$FIX(output-burst.js), ${COUNT}], shutdown_strategy: do_not_restart }
  - { name: burst-b, path: $NODE, args: [$FIX(output-burst.js), ${COUNT}], shutdown_strategy: do_not_restart }
  - { name: partial, path: $NODE, args: [$FIX(partial-line-exit.js)], shutdown_strategy: do_not_restart }
`;

/** What output-burst.js COUNT writes, as lines. */
const expectedBurst = (): string[] => [...Array.from({ length: COUNT }, (_, i) => `line ${i + 1}`), `end ${COUNT}`];

/** The first index where `got` and `want` differ, or -1; with context for the message. */
function firstDifference(got: readonly string[], want: readonly string[]): string | null {
  const n = Math.max(got.length, want.length);
  for (let i = 0; i < n; i++) {
    if (got[i] !== want[i]) return `line ${i + 1} of ${got.length}: got ${JSON.stringify(got[i])}, expected ${JSON.stringify(want[i])}`;
  }
  return null;
}

function assertComplete(got: readonly string[], want: readonly string[], where: string): void {
  const diff = firstDifference(got, want);
  assert.equal(diff, null, `${where}: ${diff}`);
}

describe('no lost lines', () => {
  test('two 200,000-line bursts and an unterminated last line: log files and pilot logs', CASE, async (t) => {
    const s = new StackCase(t, BURSTS);
    await s.upDetached();
    await waitFor(() => s.lastLogLine('burst-a') === `end ${COUNT}` && s.lastLogLine('burst-b') === `end ${COUNT}` && s.logLines('partial').length === 2, 'every burst to end in the log files', 60_000, 50);
    const want = expectedBurst();
    assertComplete(s.logLines('burst-a'), want, 'log file of burst-a');
    assertComplete(s.logLines('burst-b'), want, 'log file of burst-b');
    assert.deepEqual(s.logLines('partial'), ['first', 'no newline at the end']);

    const logs = await s.cli(['logs', 'burst-a', '-n', String(COUNT + 1), '--file', s.file], { timeoutMs: 60_000 });
    assert.equal(logs.code, 0, logs.stderr);
    const printed = logs.stdout.split('\n').filter((l) => l !== '').map((l) => l.replace(/^burst-a\s*\| /, ''));
    assertComplete(printed, want, 'pilot logs burst-a');
    const partial = await s.cli(['logs', 'partial', '--file', s.file]);
    assert.deepEqual(partial.stdout.split('\n').filter((l) => l !== '').map((l) => l.replace(/^partial\s*\| /, '')), ['first', 'no newline at the end']);
    assert.equal((await s.cli(['down', '-f', s.file])).code, 0);
    s.assertNothingLeft();
  });

  test('in the foreground: every line on pilot\'s stdout too, once, in order per process', CASE, async (t) => {
    const s = new StackCase(t, BURSTS.replace(/shutdown_strategy: do_not_restart \}\n {2}- \{ name: partial.*\n/, 'shutdown_strategy: do_not_restart }\n'));
    const up = s.upForeground();
    await waitFor(() => s.lastLogLine('burst-a') === `end ${COUNT}` && s.lastLogLine('burst-b') === `end ${COUNT}`, 'both bursts to end', 60_000, 50);
    // the foreground printer may still be writing: wait for the last lines to reach stdout
    await waitFor(() => /burst-a\s*\| end \d+/.test(up.output()) && /burst-b\s*\| end \d+/.test(up.output()), 'the last lines on stdout', 30_000, 50);
    process.kill(up.pid(), 'SIGTERM');
    await exitWithin(up.exited, 20_000, 'pilot up');
    const lines = up.output().split('\n');
    for (const name of ['burst-a', 'burst-b']) {
      const prefix = new RegExp(`^${name}\\s*\\| `);
      assertComplete(lines.filter((l) => prefix.test(l)).map((l) => l.replace(prefix, '')), expectedBurst(), `stdout of pilot up, ${name}`);
    }
    s.assertNothingLeft();
  });
});
