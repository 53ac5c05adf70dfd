// Watch mode over a big tree: 10,000 files under a watched path are scanned in bounded time, each one is
// watched, and a change deep in the tree is still seen (README: "What is watched, and what it costs").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeKind } from '../../src/watch/change-batch.js';
import { watchFiles } from '../../src/watch/file-watcher.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitFor } from '../helpers/wait-for.js';

const FILES = 10_000;
const DIRS = 100;
/** A bound for a busy 2-core machine; alone it takes 1–3 s. */
const SCAN_BOUND_MS = 60_000;

test('10,000 files under a watched path: the scan ends in bounded time, every file is watched, a change deep in the tree is seen', async (t) => {
  const tmp = tmpDir('pilot-watch-many-');
  t.after(tmp.remove);
  const src = join(tmp.path, 'src');
  for (let d = 0; d < DIRS; d++) {
    mkdirSync(join(src, `d${d}`), { recursive: true });
    for (let f = 0; f < FILES / DIRS; f++) writeFileSync(join(src, `d${d}`, `f${f}.js`), 'x');
  }
  const changes: { path: string; kind: ChangeKind }[] = [];
  const problems: string[] = [];
  const started = performance.now();
  const watcher = watchFiles({ paths: [src], ignore: [], workingDirectory: tmp.path, onChange: (path, kind) => changes.push({ path, kind }), onProblem: (m) => problems.push(m) });
  t.after(() => watcher.close());
  let timer: NodeJS.Timeout | undefined;
  const watched = await Promise.race([
    watcher.ready,
    new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`the scan took more than ${SCAN_BOUND_MS} ms`)), SCAN_BOUND_MS))),
  ]).finally(() => clearTimeout(timer));
  const scanMs = performance.now() - started;
  t.diagnostic(`scan of ${FILES} files: ${Math.round(scanMs)} ms`);
  assert.deepEqual(problems, []);
  assert.equal(watched, FILES + DIRS + 1, 'every file and directory, the root too');
  assert.equal(changes.length, 0, 'the files there at start are not changes');
  const deep = join(src, `d${DIRS - 1}`, `f${FILES / DIRS - 1}.js`);
  writeFileSync(deep, 'changed');
  await waitFor(() => changes.some((c) => c.path === deep && c.kind === 'change'), `the change of ${deep}`, 15_000);
});
