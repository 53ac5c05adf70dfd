#!/usr/bin/env node
// Measures the /proc walks that look for a stack's marked processes (docs/RELIABILITY.md, "No orphans"):
// CPU and wall time per walk with N processes on the host, for the walk after a child ends (which reads only
// what started since the child) and for the full walk of a stop. Run after `npm run build`:
//   node scripts/measure-marker-walk.mjs [N...]            (default: 100 600)
//   unshare -fp --mount-proc node scripts/measure-marker-walk.mjs 100   (as root: exactly N processes)
// It starts `sleep` processes until /proc lists N and kills them at the end.
import { spawn, spawnSync } from 'node:child_process';
import { markedProcesses } from '../dist/src/supervisor/proc-fs.js';
import { pidMark } from '../dist/src/supervisor/pid-mark.js';
import { listPids } from '../dist/src/stats/proc-stat.js';

const targets = process.argv.slice(2).map(Number);
const RUNS = 40;

async function perWalk(walk, before = () => undefined) {
  for (let i = 0; i < 5; i++) await walk(before()); // warm up
  let cpu = 0;
  let wall = 0;
  for (let i = 0; i < RUNS; i++) {
    const arg = before();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await walk(arg);
    const c = process.cpuUsage(c0);
    wall += performance.now() - t0;
    cpu += c.user + c.system;
  }
  return `${(cpu / 1000 / RUNS).toFixed(2)} ms CPU, ${(wall / RUNS).toFixed(2)} ms wall`;
}

const sleepers = [];
try {
  for (const n of targets.length > 0 ? targets : [100, 600]) {
    while (listPids().length < n) {
      sleepers.push(spawn('sleep', ['3600'], { stdio: 'ignore' }));
      if (sleepers.length % 50 === 0) await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300)); // every sleep has exec'd
    const count = listPids().length;
    const names = new Set(['api']);
    const full = await perWalk(() => markedProcesses('no-such-stack', { names }));
    // as after a restart: the mark is taken before a child starts; the child forks and exits; then the walk
    const afterChild = await perWalk(
      (since) => markedProcesses('no-such-stack', { names, since }),
      () => {
        const mark = pidMark();
        spawnSync('sh', ['-c', 'true | true']);
        return mark;
      },
    );
    const mark = await perWalk(async () => pidMark());
    console.log(`${count} processes: walk after a child ended ${afterChild}; full walk (stop) ${full}; taking a mark ${mark}`);
  }
} finally {
  for (const s of sleepers) s.kill('SIGKILL');
}
