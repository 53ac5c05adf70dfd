// What watch mode looks at: the default ignores, `ignore` globs by name and by path, and `paths` globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpDir } from '../helpers/tmp.js';
import { pathFilter } from '../../src/watch/path-filter.js';
import { watchRoots } from '../../src/watch/watch-roots.js';

const filterFor = (paths: string[], ignore: string[] = []) => pathFilter(watchRoots(paths), ignore, '/app');

test('a glob is watched from its static prefix; plain paths are roots themselves', () => {
  assert.deepEqual(
    watchRoots(['/app/src', '/app/lib/**/*.ts', '/app/lib/*.json']).map((r) => r.root),
    ['/app/src', '/app/lib'],
  );
  const [, lib] = watchRoots(['/app/src', '/app/lib/**/*.ts', '/app/lib/*.json']);
  assert.equal(lib?.matches?.('/app/lib/a/b.ts'), true);
  assert.equal(lib?.matches?.('/app/lib/c.json'), true);
  assert.equal(lib?.matches?.('/app/lib/a/c.json'), false);
});

test('a path that exists as written is watched as that path, even with glob characters in its name', (t) => {
  const tmp = tmpDir('pilot-glob-chars-');
  t.after(tmp.remove);
  const route = join(tmp.path, 'pages', '[id]');
  mkdirSync(route, { recursive: true });
  assert.deepEqual(watchRoots([route]), [{ root: route, matches: null }]);
  assert.equal(watchRoots([join(tmp.path, 'pages', '[ab]')])[0]?.root, join(tmp.path, 'pages'), 'one that does not exist is a glob');
});

test('node_modules, dotfiles, editor backups and swap files are ignored by default, at any depth', () => {
  const f = filterFor(['/app/src']);
  for (const path of ['/app/src/node_modules', '/app/src/a/node_modules/x.js', '/app/src/.git', '/app/src/.cache/x', '/app/src/.app.js.swp', '/app/src/app.js~', '/app/src/4913', '/app/src/#app.js#', '/app/src/__pycache__/m.pyc', '/app/src/app.js___jb_tmp___']) {
    assert.equal(f.ignored(path), true, path);
    assert.equal(f.counts(path), false, path);
  }
  assert.equal(f.counts('/app/src/app.js'), true);
  assert.equal(f.counts('/app/src/deep/er/app.ts'), true);
});

test('a dotfile named in paths is watched (only what lies below a root is judged)', () => {
  const f = filterFor(['/app/.env', '/home/u/.config/app']);
  assert.equal(f.counts('/app/.env'), true);
  assert.equal(f.counts('/home/u/.config/app/settings.json'), true);
  assert.equal(f.counts('/home/u/.config/app/.secret'), false);
});

test('ignore globs without a slash match names at any depth; with one, paths from the working directory', () => {
  const f = filterFor(['/app'], ['*.log', 'tmp', 'dist/**', './cache/*.json']);
  assert.equal(f.ignored('/app/server.log'), true);
  assert.equal(f.ignored('/app/a/b/server.log'), true);
  assert.equal(f.ignored('/app/tmp'), true, 'a directory named tmp is not even read');
  assert.equal(f.ignored('/app/dist'), true);
  assert.equal(f.ignored('/app/dist/bundle.js'), true);
  assert.equal(f.ignored('/app/cache/a.json'), true);
  assert.equal(f.counts('/app/cache/a.txt'), true);
  assert.equal(f.counts('/app/src/dist.js'), true);
});

test('files outside a root\'s globs are neither watched nor counted; directories are still read', () => {
  const f = filterFor(['/app/src/**/*.ts']);
  assert.equal(f.ignored('/app/src/deep', false), false);
  assert.equal(f.ignored('/app/src/deep/readme.md', true), true);
  assert.equal(f.ignored('/app/src/deep/a.ts', true), false);
  assert.equal(f.counts('/app/src/deep/a.ts'), true);
  assert.equal(f.counts('/app/src/deep/readme.md'), false);
  assert.equal(f.ignored('/'), false, 'ancestors of a root are not judged');
});
