// The jsonl statistics handler on real stacks sampled by the real sampler: one line per sample of the
// processes that list it, rotation by size, a deleted directory made anew, a full disk (/dev/full) and
// an unwritable path reported once while the stack runs on, and the recovery announced.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import type { EventOf } from '../../src/supervisor/events.js';
import { firstPartyPlugins } from '../../test/helpers/first-party.js';
import { makeHarness } from '../../test/helpers/supervisor-harness.js';
import { fixtureSpec } from '../../test/helpers/supervisor-spec.js';
import { tmpDir } from '../../test/helpers/tmp.js';
import { waitFor } from '../../test/helpers/wait-for.js';
import { readSettings } from './lib/settings.js';

const plugins = () => firstPartyPlugins('jsonl-stats');

interface Line {
  time: string;
  process: string;
  pid: number;
  cpu_percent: number;
  memory_bytes: number;
  process_count: number;
}

/** The lines of `file` (none when it does not exist), parsed: each must be one JSON object. */
function lines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((text) => JSON.parse(text) as Line);
}

/** A stack of `listing` (processes listing jsonl) and `others`, sampled every 50 ms, writing per `params`. */
async function stack(t: Parameters<typeof makeHarness>[0], listing: string[], others: string[], params?: Record<string, unknown>) {
  const specs = [...listing.map((name) => fixtureSpec(name, 'forever.js', [], { statHandlers: ['jsonl'] })), ...others.map((name) => fixtureSpec(name, 'forever.js'))];
  const h = makeHarness(t, specs, { pilot: { plugins: await plugins() }, manifest: { statsIntervalSec: 0.05, statHandlerParams: params ? { jsonl: params } : {} } });
  await h.pilot.start();
  // What the handler itself says (under load pilot may add that a tick was skipped or a call timed out).
  const say = (level: string) =>
    h
      .ofType('plugin')
      .filter((e: EventOf<'plugin'>) => e.plugin === 'jsonl-stats' && e.level === level && /^(cannot write|writing)/.test(e.message))
      .map((e) => e.message);
  return { h, warnings: () => say('warning'), infos: () => say('info') };
}

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = tmpDir('pilot-jsonl-');
  t.after(dir.remove);
  return dir.path;
}

describe('jsonl statistics handler on a real stack', () => {
  test('one line per sample, of exactly the processes that list it, with their pids; by default in the state directory', async (t) => {
    const { h, infos, warnings } = await stack(t, ['api', 'db'], ['web']);
    const file = join(stackPaths(h.manifest.file, { PILOT_HOME: h.home }).dir, 'stats.jsonl');
    await waitFor(() => new Set(lines(file).map((l) => l.process)).size === 2 && lines(file).length >= 6, 'samples of api and db in stats.jsonl');
    const pids = new Map(h.pilot.status().map((s) => [s.name, s.pid]));
    for (const l of lines(file)) {
      assert.ok(l.process === 'api' || l.process === 'db', `only processes listing jsonl: ${l.process}`);
      assert.equal(l.pid, pids.get(l.process));
      assert.ok(l.memory_bytes > 0 && l.cpu_percent >= 0 && l.process_count === 1, JSON.stringify(l));
      assert.ok(Math.abs(Date.parse(l.time) - Date.now()) < 60_000, l.time);
    }
    // One line per process per tick: no time twice for a process. A child is reported only once its CPU %
    // spans enough time, so the first ticks may hold one of them; from the first tick with both, all do.
    const all = lines(file);
    const ticks = [...new Set(all.map((l) => l.time))].map((time) => all.filter((l) => l.time === time).map((l) => l.process).sort());
    assert.ok(ticks.every((names) => new Set(names).size === names.length), JSON.stringify(ticks));
    const firstFull = ticks.findIndex((names) => names.length === 2);
    assert.ok(firstFull >= 0 && ticks.slice(firstFull, -1).every((names) => names.length === 2), JSON.stringify(ticks));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(infos(), [`writing samples to ${file}`]);
    assert.deepEqual(warnings(), []);
  });

  test('rotation: the file is rotated before it passes max_size_mb, max_files kept; a deleted directory is made anew', async (t) => {
    const dir = join(scratch(t), 'stats');
    const file = join(dir, 'samples.jsonl');
    const limit = 0.0005 * 1024 * 1024;
    const { warnings } = await stack(t, ['api'], [], { path: file, max_size_mb: 0.0005, max_files: 2 });
    await waitFor(() => existsSync(`${file}.1`) && lines(file).length > 0, 'a rotation');
    assert.equal(existsSync(`${file}.2`), false, 'max_files 2: the current file and one more');
    for (const f of [file, `${file}.1`]) {
      assert.ok(statSync(f).size <= limit, `${f} is ${statSync(f).size} bytes`);
      assert.ok(lines(f).every((l) => l.process === 'api'));
    }
    rmSync(dir, { recursive: true });
    await waitFor(() => lines(file).length > 0, 'the file written again in a new directory');
    assert.deepEqual(warnings(), [], 'a missing directory is no failure');
  });

  test('a full disk is reported once and the stack runs on; an unwritable path recovers, saying how much was dropped', async (t) => {
    const full = await stack(t, ['api'], [], { path: '/dev/full' });
    await waitFor(() => full.warnings().length > 0, 'the warning');
    const ticks = full.h.ofType('stats').length;
    await waitFor(() => full.h.ofType('stats').length >= ticks + 3, 'three more ticks');
    assert.deepEqual(full.warnings(), ['cannot write to /dev/full: ENOSPC: no space left on device, write; samples are dropped until it works again']);
    assert.equal(full.h.pilot.status()[0]?.state, 'running');

    const dir = scratch(t);
    const file = join(dir, 'taken.jsonl');
    mkdirSync(file); // a directory where the file should be: EISDIR
    const blocked = await stack(t, ['api'], [], { path: file });
    await waitFor(() => blocked.warnings().length > 0, 'the warning');
    assert.match(blocked.warnings()[0] ?? '', /^cannot write to .*taken\.jsonl: EISDIR/);
    rmSync(file, { recursive: true });
    await waitFor(() => blocked.infos().some((m) => m.includes('again')), 'the recovery');
    assert.match(blocked.infos().find((m) => m.includes('again')) ?? '', /^writing to .*taken\.jsonl again \(\d+ samples? dropped meanwhile\)$/);
    assert.ok(lines(file).length > 0);
    assert.equal(blocked.warnings().length, 1, 'reported once');
  });
});

describe('jsonl: parameters', () => {
  test('path, max_size_mb > 0, max_files an integer ≥ 1; unknown keys named', () => {
    const problems = (params: Record<string, unknown>) => readSettings(params).problems.map((p) => [p.key ?? null, p.message]);
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ path: '', max_size_mb: 0, max_files: 1.5, size: 3 }), [
      ['size', 'is not a parameter of the jsonl handler'],
      ['path', 'must be a non-empty string, got ""'],
      ['max_size_mb', 'must be a number > 0, got 0'],
      ['max_files', 'must be an integer ≥ 1, got 1.5'],
    ]);
  });
});
