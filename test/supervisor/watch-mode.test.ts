// Watch mode on real files and real children: a change restarts the process (debounced, one restart per
// window, never two at once), atomic saves are one change, ignored paths never trigger, dependents follow
// with restart_dependents, and a watched directory that disappears does not stop supervision.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WatchSpec } from '../../src/manifest/types.js';
import type { EventOf } from '../../src/supervisor/events.js';
import { makeHarness, type Harness } from '../helpers/supervisor-harness.js';
import { fixtureSpec } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';

const pidOf = (h: Harness, name: string): number | null => h.pilot.status().find((s) => s.name === name)?.pid ?? null;

/** A temp project directory with `src/app.js`; removed after the test. */
function project(t: { after(fn: () => void): void }): { dir: string; src: string } {
  const tmp = tmpDir('pilot-watched-');
  t.after(tmp.remove);
  mkdirSync(join(tmp.path, 'src'));
  writeFileSync(join(tmp.path, 'src/app.js'), '1');
  return { dir: tmp.path, src: join(tmp.path, 'src') };
}

const watching = (paths: string[], more: Partial<WatchSpec> = {}): WatchSpec => ({ paths, ignore: [], debounceMs: 300, restartDependents: false, ...more });

/** Starts the stack and waits until every watcher named is watching. */
async function up(h: Harness, names: string[]): Promise<void> {
  await h.pilot.start();
  for (const name of names) await h.waitEvent('watching', (e) => e.process === name, `${name} watching`);
}

const spawnOf = (h: Harness, name: string, attempt: number): Promise<EventOf<'spawn'>> => h.waitEvent('spawn', (e) => e.process === name && e.attempt === attempt, `${name} start #${attempt}`);
const readyOf = (h: Harness, name: string, pid: number): Promise<EventOf<'ready'>> => h.waitEvent('ready', (e) => e.process === name && e.pid === pid, `${name} (pid ${pid}) ready`);

describe('watch mode', () => {
  test('a burst of changes is one restart naming every file; the next change is the next restart', async (t) => {
    const p = project(t);
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { watch: watching([p.src]) })], { pilot: { watch: true } });
    await up(h, ['api']);
    const first = pidOf(h, 'api');
    const burst = ['a.js', 'b.js', 'c.js', 'app.js', 'd.js'].map((f) => join(p.src, f));
    for (const file of burst) writeFileSync(file, 'changed');
    const change = await h.waitEvent('watch', () => true, 'the watch event');
    assert.deepEqual([...change.files].sort(), [...burst].sort());
    assert.deepEqual(change.restart, ['api']);
    const second = await spawnOf(h, 'api', 2);
    await readyOf(h, 'api', second.pid);
    assert.notEqual(second.pid, first);

    writeFileSync(join(p.src, 'app.js'), 'again');
    await spawnOf(h, 'api', 3);
    assert.equal(h.ofType('watch').length, 2, 'one restart per debounce window');
    assert.deepEqual(h.ofType('watch')[1]?.files, [join(p.src, 'app.js')]);
    assert.deepEqual(h.ofType('spawn').map((e) => e.attempt), [1, 2, 3]);
  });

  test("an editor's atomic save (temporary file renamed over the original) is one change of the original", async (t) => {
    const p = project(t);
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { watch: watching([p.dir]) })], { pilot: { watch: true } });
    await up(h, ['api']);
    writeFileSync(join(p.src, '.app.js.swp'), 'vim swap');
    writeFileSync(join(p.src, 'app.js.tmp.8812'), 'new content');
    renameSync(join(p.src, 'app.js.tmp.8812'), join(p.src, 'app.js'));
    const change = await h.waitEvent('watch', () => true, 'the watch event');
    assert.deepEqual(change.files, [join(p.src, 'app.js')]);
    await spawnOf(h, 'api', 2);
  });

  test('node_modules, dotfiles and ignore globs never trigger a restart', async (t) => {
    const p = project(t);
    mkdirSync(join(p.dir, 'node_modules/pkg'), { recursive: true });
    mkdirSync(join(p.dir, 'logs'));
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { workingDirectory: p.dir, watch: watching([p.dir], { ignore: ['logs', '*.tmp', 'src/generated/**'] }) })], { pilot: { watch: true } });
    await up(h, ['api']);
    mkdirSync(join(p.src, 'generated'));
    for (const file of ['node_modules/pkg/index.js', '.env', 'src/.eslintcache', 'logs/today.log', 'src/build.tmp', 'src/generated/types.ts', 'src/app.js~']) writeFileSync(join(p.dir, file), 'x');
    writeFileSync(join(p.src, 'app.js'), 'the one that counts');
    const change = await h.waitEvent('watch', () => true, 'the watch event');
    assert.deepEqual(change.files, [join(p.src, 'app.js')]);
    await spawnOf(h, 'api', 2);
    assert.equal(h.ofType('watch').length, 1);
  });

  test('restart_dependents restarts what depends on the process, in order; without it only the process restarts', async (t) => {
    const p = project(t);
    mkdirSync(join(p.dir, 'cache'));
    const h = makeHarness(
      t,
      [
        fixtureSpec('db', 'forever.js', [], { watch: watching([p.src], { restartDependents: true, debounceMs: 100 }) }),
        fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
        fixtureSpec('cache', 'forever.js', [], { watch: watching([join(p.dir, 'cache')], { debounceMs: 100 }) }),
        fixtureSpec('web', 'forever.js', [], { dependencies: ['cache'] }),
      ],
      { pilot: { watch: true } },
    );
    await up(h, ['db', 'cache']);
    const before = Object.fromEntries(h.pilot.status().map((s) => [s.name, s.pid]));
    writeFileSync(join(p.src, 'app.js'), '2');
    const change = await h.waitEvent('watch', (e) => e.process === 'db', 'db watch event');
    assert.deepEqual(change.restart, ['db', 'api']);
    const api = await spawnOf(h, 'api', 2);
    await readyOf(h, 'api', api.pid);
    const dbReady = h.ofType('ready').find((e) => e.process === 'db' && e.pid !== before.db);
    assert.ok(dbReady, 'db restarted');
    assert.ok(h.events.indexOf(dbReady) < h.events.indexOf(api), 'api restarts once db is ready again');

    writeFileSync(join(p.dir, 'cache/entries.json'), '{}');
    const cacheChange = await h.waitEvent('watch', (e) => e.process === 'cache', 'cache watch event');
    assert.deepEqual(cacheChange.restart, ['cache']);
    const cache = await spawnOf(h, 'cache', 2);
    await readyOf(h, 'cache', cache.pid);
    assert.equal(pidOf(h, 'web'), before.web, 'web keeps its pid');
  });

  test('a change during a restart leads to one more restart after it, never a parallel one', async (t) => {
    const p = project(t);
    // ignores SIGTERM: each restart waits `timeout` (0.5 s) before SIGKILL, long enough to change files meanwhile
    const h = makeHarness(t, [fixtureSpec('slow', 'ignores-sigterm.js', [], { timeout: 0.5, watch: watching([p.src], { debounceMs: 50 }) })], { pilot: { watch: true } });
    await up(h, ['slow']);
    writeFileSync(join(p.src, 'one.js'), '1');
    await h.waitEvent('state', (e) => e.process === 'slow' && e.to === 'stopping', 'the first restart stopping');
    writeFileSync(join(p.src, 'two.js'), '2');
    const third = await spawnOf(h, 'slow', 3);
    await readyOf(h, 'slow', third.pid);
    const watches = h.ofType('watch');
    assert.equal(watches.length, 2);
    assert.deepEqual(watches[1]?.files, [join(p.src, 'two.js')]);
    const second = h.ofType('spawn').find((e) => e.attempt === 2);
    const secondReady = h.ofType('ready').find((e) => e.pid === second?.pid);
    assert.ok(secondReady && h.events.indexOf(secondReady) < h.events.indexOf(watches[1] as EventOf<'watch'>), 'the second restart begins after the first is done');
    // never two children at once: each spawn follows the exit of the one before
    for (const spawn of h.ofType('spawn').slice(1)) {
      const exit = h.ofType('exit').find((e) => e.pid === h.ofType('spawn').find((s) => s.attempt === spawn.attempt - 1)?.pid);
      assert.ok(exit && h.events.indexOf(exit) < h.events.indexOf(spawn), `start #${spawn.attempt} after the exit of #${spawn.attempt - 1}`);
    }
  });

  test('a process stopped with stop stays stopped; a failed one is started again by a change', async (t) => {
    const p = project(t);
    const h = makeHarness(
      t,
      [
        fixtureSpec('api', 'forever.js', [], { watch: watching([p.src], { debounceMs: 50 }) }),
        fixtureSpec('job', 'exit-with.js', [1], { shutdownStrategy: 'do_not_restart', watch: watching([p.src], { debounceMs: 50 }) }),
      ],
      { pilot: { watch: true } },
    );
    await h.pilot.start();
    await h.waitEvent('state', (e) => e.process === 'job' && e.to === 'failed', 'job failed');
    await h.waitEvent('watching', (e) => e.process === 'api', 'api watching');
    await h.waitEvent('watching', (e) => e.process === 'job', 'job watching');
    await h.pilot.stopProcesses(['api']);
    writeFileSync(join(p.src, 'fix.js'), 'fixed');
    const apiChange = await h.waitEvent('watch', (e) => e.process === 'api', 'api watch event');
    assert.deepEqual(apiChange.restart, []);
    await spawnOf(h, 'job', 2);
    assert.equal(h.pilot.status().find((s) => s.name === 'api')?.state, 'stopped');
    assert.equal(h.ofType('spawn').filter((e) => e.process === 'api').length, 1);
  });

  test('a watched directory that is deleted and re-created: a warning, restarts, and supervision goes on', async (t) => {
    const p = project(t);
    const h = makeHarness(t, [fixtureSpec('api', 'forever.js', [], { watch: watching([p.src], { debounceMs: 50 }) })], { pilot: { watch: true } });
    await up(h, ['api']);
    rmSync(p.src, { recursive: true });
    await h.waitEvent('warning', (e) => e.message.includes('was removed; watching for it to come back'), 'the removal warning');
    await spawnOf(h, 'api', 2);
    mkdirSync(p.src);
    writeFileSync(join(p.src, 'app.js'), 'back');
    const third = await spawnOf(h, 'api', 3);
    await readyOf(h, 'api', third.pid);
    writeFileSync(join(p.src, 'app.js'), 'edited');
    await spawnOf(h, 'api', 4);
    assert.equal(h.pilot.status()[0]?.state, 'running');
  });
});
