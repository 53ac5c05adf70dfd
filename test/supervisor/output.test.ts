// Output: every line once and in order under a burst, very long lines cut without stalling, last partial lines kept.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeHarness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';

describe('output', () => {
  test('a 200,000-line burst arrives line by line, once each, in order', async (t) => {
    const count = 200_000;
    const h = makeHarness(t, [fixtureSpec('burst', 'burst-lines.js', [count])]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'done', 'the burst to finish', 20_000);
    const lines = h.lines('burst');
    assert.equal(lines.length, count + 1);
    for (let i = 0; i < count; i++) {
      if (lines[i] !== `line ${i + 1}`) assert.fail(`line ${i + 1} arrived as ${JSON.stringify(lines[i])}`);
    }
    assert.deepEqual(h.pilot.tail('burst', 2).map((l) => l.line), [`line ${count}`, 'done']);
    assert.equal(h.pilot.tail('burst').length, 100);
    await h.pilot.stop();
    const log = readFileSync(join(h.home, readdirName(h), 'logs', 'burst.log'), 'utf8');
    assert.ok(log.includes('line 199999') && log.includes('done'), 'the log file has the output');
  });

  test('a multi-megabyte line is cut at 64 KiB and the next line still arrives', async (t) => {
    const bytes = 3 * 1024 * 1024;
    const h = makeHarness(t, [fixtureSpec('huge', 'huge-line.js', [bytes])]);
    await h.pilot.start();
    await h.waitEvent('line', (e) => e.line === 'after', 'the line after the huge one');
    const pieces = h.ofType('line').filter((e) => e.line !== 'after');
    assert.ok(pieces.every((e) => e.truncated === true && Buffer.byteLength(e.line) <= 64 * 1024));
    assert.equal(pieces.reduce((n, e) => n + e.line.length, 0), bytes);
    assert.equal(h.ofType('line').at(-1)?.truncated, undefined);
  });

  test('stdout and stderr are marked, and a last line without a newline is kept', async (t) => {
    const h = makeHarness(t, [
      fixtureSpec('partial', 'partial-line-exit.js', [], { shutdownStrategy: 'do_not_restart' }),
      fixtureSpec('err', 'crash-loop.js', [], { shutdownStrategy: 'do_not_restart' }),
    ]);
    await h.pilot.start();
    await h.waitEvent('state', (e) => e.process === 'partial' && e.to === 'exited', 'partial exited');
    await h.waitEvent('state', (e) => e.process === 'err' && e.to === 'failed', 'err failed');
    assert.deepEqual(h.lines('partial'), ['first', 'no newline at the end']);
    const partialExit = h.ofType('exit').find((e) => e.process === 'partial');
    const lastLine = h.ofType('line').filter((e) => e.process === 'partial').at(-1);
    assert.ok(partialExit && lastLine && h.events.indexOf(lastLine) < h.events.indexOf(partialExit), 'lines come before the exit');
    const errLine = h.ofType('line').find((e) => e.process === 'err');
    assert.equal(errLine?.stream, 'stderr');
    assert.match(errLine?.line ?? '', /^crash \d+$/);
  });
});

// The stack's directory name under PILOT_HOME.
function readdirName(h: ReturnType<typeof makeHarness>): string {
  return h.pilot.paths.dir.slice(h.home.length + 1);
}
