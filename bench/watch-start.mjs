#!/usr/bin/env -S node --max-semi-space-size=1 --expose-gc
// Watch mode's start cost with many files: N files under a watched directory (in 100 directories),
// the same number again in node_modules beside them (ignored: never read). Run after `npm run build`:
//   node --max-semi-space-size=1 --expose-gc bench/watch-start.mjs [--files 10000] [--runs 3]
// Prints, per run: time until the initial scan is done, the supervisor's resident and heap memory
// added by the watcher, the inotify watches it holds, and whether node_modules was read at all.
// The machine may be shared: figures are indicative, compare runs taken side by side.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startWatching } from '../dist/src/watch/watch-process.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
const files = Number(values.files);
const dirs = 100;
const root = mkdtempSync(join(tmpdir(), 'pilot-watch-bench-'));
for (const tree of ['src', 'node_modules']) {
  for (let d = 0; d < dirs; d++) {
    mkdirSync(join(root, tree, `d${d}`), { recursive: true });
    for (let f = 0; f < files / dirs; f++) writeFileSync(join(root, tree, `d${d}`, `f${f}.js`), 'x');
  }
}

const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
// Every inotify watch this process holds (libuv keeps one inotify descriptor; fdinfo lists its watches).
function inotifyWatches() {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    let target;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the descriptor readdir itself used, closed meanwhile
    }
    if (target !== 'anon_inode:inotify') continue;
    count += (readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
  }
  return count;
}

const timers = { setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (h) => clearTimeout(h) };
try {
  for (let run = 1; run <= Number(values.runs); run++) {
    globalThis.gc?.();
    const rss0 = rssKb();
    const heap0 = process.memoryUsage().heapUsed;
    const handle = startWatching({ spec: { paths: [root], ignore: [], debounceMs: 300 }, workingDirectory: root, timers, onTrigger: async () => {}, onProblem: (m) => console.error(`problem: ${m}`) });
    const { entries, elapsedMs } = await handle.ready;
    globalThis.gc?.();
    const rss = (rssKb() - rss0) / 1024;
    const heap = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
    const nodeModulesRead = handle.watchedDirectories().some((d) => d.includes('node_modules'));
    console.log(`run ${run}: ${files} files: ready in ${Math.round(elapsedMs)} ms, ${entries} entries, +${rss.toFixed(1)} MB resident, +${heap.toFixed(1)} MB heap, ${inotifyWatches()} inotify watches, node_modules read: ${nodeModulesRead ? 'YES' : 'no'}`);
    await handle.close();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
