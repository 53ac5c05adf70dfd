// The chokidar watcher on real files: edits, editors' atomic saves, ignored trees never read, and paths
// that are missing at start or deleted and re-created. Negative checks wait for a later marker change.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import type { ChangeKind } from '../../src/watch/change-batch.js';
import { watchFiles, type FileWatcher } from '../../src/watch/file-watcher.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';

interface Session {
  dir: string;
  watcher: FileWatcher;
  changes: { path: string; kind: ChangeKind }[];
  problems: string[];
  /** Waits until `path` was reported (with `kind`, when given) at index `since` or later. */
  seen(path: string, kind?: ChangeKind, since?: number): Promise<void>;
}

function session(t: TestContext, setup: (dir: string) => void, paths: (dir: string) => string[], ignore: string[] = []): Session {
  const tmp = tmpDir('pilot-watch-');
  t.after(tmp.remove);
  const dir = tmp.path;
  setup(dir);
  const changes: Session['changes'] = [];
  const problems: string[] = [];
  const watcher = watchFiles({ paths: paths(dir), ignore, workingDirectory: dir, onChange: (path, kind) => changes.push({ path, kind }), onProblem: (m) => problems.push(m) });
  t.after(() => watcher.close());
  const seen = (path: string, kind?: ChangeKind, since = 0): Promise<void> =>
    waitFor(() => changes.slice(since).some((c) => c.path === path && (kind === undefined || c.kind === kind)), `${kind ?? 'a change'} of ${path}; got ${JSON.stringify(changes)}`).then(() => undefined);
  return { dir, watcher, changes, problems, seen };
}

test('edits, new files and removed files under a watched directory are reported', async (t) => {
  const s = session(t, (d) => {
    mkdirSync(join(d, 'src/deep'), { recursive: true });
    writeFileSync(join(d, 'src/app.js'), '1');
  }, (d) => [join(d, 'src')]);
  assert.equal(await s.watcher.ready, 3, 'src/app.js, src/deep and their directory entries');
  writeFileSync(join(s.dir, 'src/app.js'), '2');
  await s.seen(join(s.dir, 'src/app.js'), 'change');
  writeFileSync(join(s.dir, 'src/deep/new.js'), '1');
  await s.seen(join(s.dir, 'src/deep/new.js'), 'add');
  unlinkSync(join(s.dir, 'src/app.js'));
  await s.seen(join(s.dir, 'src/app.js'), 'unlink');
  assert.deepEqual(s.problems, []);
});

test('an atomic save (write a temporary file, rename it over the original) is a change of the original', async (t) => {
  const s = session(t, (d) => writeFileSync(join(d, 'app.js'), '1'), (d) => [d]);
  await s.watcher.ready;
  writeFileSync(join(s.dir, 'app.js.tmp-4711'), '2');
  renameSync(join(s.dir, 'app.js.tmp-4711'), join(s.dir, 'app.js'));
  await s.seen(join(s.dir, 'app.js'), 'change');
  assert.ok(s.changes.every((c) => c.path === join(s.dir, 'app.js') || c.path.endsWith('.tmp-4711')), JSON.stringify(s.changes));
});

test("vim's backup-and-replace save reports the file, never the backup or the 4913 probe", async (t) => {
  const s = session(t, (d) => writeFileSync(join(d, 'app.js'), '1'), (d) => [d]);
  await s.watcher.ready;
  const file = join(s.dir, 'app.js');
  writeFileSync(join(s.dir, '4913'), '');
  unlinkSync(join(s.dir, '4913'));
  renameSync(file, `${file}~`);
  writeFileSync(file, '2');
  unlinkSync(`${file}~`);
  await s.seen(file);
  writeFileSync(join(s.dir, 'marker.js'), '1');
  await s.seen(join(s.dir, 'marker.js'));
  assert.deepEqual([...new Set(s.changes.map((c) => c.path))], [file, join(s.dir, 'marker.js')]);
});

// Every directory read through node:fs/promises (what chokidar and readdirp use), for as long as the test runs.
function spyReaddir(t: TestContext): string[] {
  const fsp = createRequire(import.meta.url)('node:fs/promises') as { readdir: (path: unknown, ...rest: unknown[]) => Promise<unknown> };
  const original = fsp.readdir;
  const read: string[] = [];
  fsp.readdir = (path, ...rest) => {
    read.push(String(path));
    return original(path, ...rest);
  };
  syncBuiltinESMExports();
  t.after(() => {
    fsp.readdir = original;
    syncBuiltinESMExports();
  });
  return read;
}

test('node_modules, .git and ignore globs are never read, and changes in them are not reported', async (t) => {
  const read = spyReaddir(t);
  const s = session(
    t,
    (d) => {
      for (let i = 0; i < 20; i++) {
        mkdirSync(join(d, 'node_modules', `pkg${i}`, 'lib'), { recursive: true });
        for (let f = 0; f < 50; f++) writeFileSync(join(d, 'node_modules', `pkg${i}`, 'lib', `f${f}.js`), '');
      }
      mkdirSync(join(d, '.git/objects'), { recursive: true });
      mkdirSync(join(d, 'logs'));
      mkdirSync(join(d, 'src'));
      writeFileSync(join(d, 'src/app.js'), '1');
    },
    (d) => [d],
    ['logs', '*.tmp'],
  );
  await s.watcher.ready;
  assert.ok(read.some((d) => d.endsWith('/src')), `the spy sees the directories read: ${read.join(', ')}`);
  assert.deepEqual(read.filter((d) => /node_modules|\.git|logs/.test(d)), [], 'ignored trees are not even read');
  const dirs = s.watcher.watchedDirectories();
  assert.deepEqual(dirs.filter((d) => /node_modules|\.git|logs/.test(d)), [], `watched: ${dirs.join(', ')}`);
  writeFileSync(join(s.dir, 'node_modules/pkg1/lib/f1.js'), 'changed');
  writeFileSync(join(s.dir, '.git/HEAD'), 'ref');
  writeFileSync(join(s.dir, 'logs/out.log'), 'x');
  writeFileSync(join(s.dir, 'src/scratch.tmp'), 'x');
  writeFileSync(join(s.dir, '.env'), 'x');
  writeFileSync(join(s.dir, 'src/app.js'), '2');
  await s.seen(join(s.dir, 'src/app.js'), 'change');
  assert.deepEqual([...new Set(s.changes.map((c) => c.path))], [join(s.dir, 'src/app.js')]);
});

test('a path missing at start is waited for; once created, it counts as a change and is watched', async (t) => {
  const s = session(t, () => {}, (d) => [join(d, 'gen/out'), join(d, 'conf/*.json')]);
  assert.equal(await s.watcher.ready, 0);
  assert.equal(s.problems.length, 2);
  assert.match(s.problems[0] ?? '', /gen\/out does not exist \(yet\); watching for it to appear/);
  mkdirSync(join(s.dir, 'gen/out'), { recursive: true });
  await s.seen(join(s.dir, 'gen/out'), 'add');
  const since = s.changes.length;
  writeFileSync(join(s.dir, 'gen/out/bundle.js'), '1');
  await s.seen(join(s.dir, 'gen/out/bundle.js'), undefined, since);
  mkdirSync(join(s.dir, 'conf'));
  await s.seen(join(s.dir, 'conf'), 'add');
  writeFileSync(join(s.dir, 'conf/a.txt'), '1');
  writeFileSync(join(s.dir, 'conf/a.json'), '1');
  await s.seen(join(s.dir, 'conf/a.json'));
  assert.equal(s.changes.some((c) => c.path.endsWith('a.txt')), false, 'outside the glob');
});

test('a watched directory that is deleted is reported, and watched again once re-created', async (t) => {
  const s = session(t, (d) => {
    mkdirSync(join(d, 'src'));
    writeFileSync(join(d, 'src/app.js'), '1');
  }, (d) => [join(d, 'src')]);
  await s.watcher.ready;
  const src = join(s.dir, 'src');
  rmSync(src, { recursive: true });
  await s.seen(src, 'unlink');
  await waitFor(() => s.problems.some((p) => p.includes('was removed; watching for it to come back')), 'the removal message');
  mkdirSync(src);
  await s.seen(src, 'add');
  const since = s.changes.length;
  writeFileSync(join(src, 'app.js'), '2');
  await s.seen(join(src, 'app.js'), undefined, since);
  const again = s.changes.length;
  rmSync(src, { recursive: true }); // at once: the new directory may even get the old inode number
  mkdirSync(src);
  await s.seen(src, undefined, again);
  writeFileSync(join(src, 'app.js'), '3');
  await s.seen(join(src, 'app.js'), undefined, again);
});

test('a watched file that is deleted, then written again later, is watched again', async (t) => {
  const s = session(t, (d) => writeFileSync(join(d, 'config.json'), '{}'), (d) => [join(d, 'config.json')]);
  await s.watcher.ready;
  const file = join(s.dir, 'config.json');
  unlinkSync(file);
  await s.seen(file, 'unlink');
  writeFileSync(file, '{"a":1}');
  await s.seen(file, 'add');
  const since = s.changes.length;
  writeFileSync(file, '{"a":2}');
  await s.seen(file, 'change', since);
});

// fs.watch as chokidar calls it, failing with the inotify limit's ENOSPC after the first `allowed` watches
// (as Node throws it when fs.inotify.max_user_watches is reached): the real limit is not exhausted.
function inotifyLimitAfter(t: TestContext, allowed: number): { refused: () => number } {
  const fs = createRequire(import.meta.url)('node:fs') as { watch: (...args: unknown[]) => unknown };
  const original = fs.watch;
  let calls = 0;
  let refused = 0;
  fs.watch = (path: unknown, ...rest: unknown[]) => {
    if (++calls <= allowed) return original(path, ...rest);
    refused++;
    throw Object.assign(new Error(`ENOSPC: System limit for number of file watchers reached, watch '${String(path)}'`), { code: 'ENOSPC', errno: -28, syscall: 'watch', path: String(path) });
  };
  syncBuiltinESMExports();
  t.after(() => {
    fs.watch = original;
    syncBuiltinESMExports();
  });
  return { refused: () => refused };
}

test('the inotify limit (ENOSPC) is said once, with the limit and how to raise it; what is watched already goes on', { skip: process.platform !== 'linux' && 'inotify' }, async (t) => {
  const limit = inotifyLimitAfter(t, 2);
  const s = session(t, (d) => {
    mkdirSync(join(d, 'src'));
    for (let i = 0; i < 20; i++) writeFileSync(join(d, 'src', `f${i}.js`), '1');
  }, (d) => [join(d, 'src')]);
  await s.watcher.ready;
  await waitFor(() => s.problems.length > 0, 'the problem');
  assert.ok(limit.refused() > 1, `several watches were refused (${limit.refused()})`);
  const max = readFileSync('/proc/sys/fs/inotify/max_user_watches', 'utf8').trim();
  assert.deepEqual(s.problems, [
    `the system's limit of inotify watches is reached, at fs.inotify.max_user_watches = ${max}: raise it (sysctl fs.inotify.max_user_watches=524288) or watch fewer files (narrower paths, more ignore globs)`,
  ], 'once, however many watches failed');
  // the directory itself got its watch before the limit: a file added there is still seen
  writeFileSync(join(s.dir, 'src', 'new.js'), '1');
  await s.seen(join(s.dir, 'src', 'new.js'), 'add');
});
