#!/usr/bin/env node
// What one sampling tick costs with N processes (Linux): pilot's /proc reader — the process alone, and with
// the /proc scan of stats_include_children — against systeminformation's process list (which runs `ps`).
//   node bench/sampling-cost.mjs [--n 100] [--ticks 50] [--si-ticks 10] [--json]
// For each: wall time per tick, CPU per tick (this process's; for systeminformation also its `ps` child's),
// and the longest the event loop was held during a tick. Needs `npm run build`.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cpuMs } from './lib/proc.mjs';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '100' }, ticks: { type: 'string', default: '50' }, 'si-ticks': { type: 'string', default: '10' }, json: { type: 'boolean', default: false } },
});
if (process.platform !== 'linux') {
  console.error('sampling-cost: needs Linux (/proc)');
  process.exit(2);
}
const n = Number(values.n);
const GAP_MS = 600;
const dist = new URL('../dist/src/stats/', import.meta.url);
const { LinuxProcSource } = await import(new URL('linux-source.js', dist).href);
const { default: si } = await import('systeminformation');

// Ticks `gapMs` apart, as in a supervisor (systeminformation also caches its list for 500 ms). Per tick: wall time,
// this process's CPU, its children's (ps). The longest hold of the event loop is taken in CPU time between two
// turns of a setImmediate spinner, so that the machine descheduling us (it is shared) does not count as blocking.
async function measure(name, ticks, gapMs, tick) {
  await tick(); // warm-up
  let wall = 0;
  let own = 0;
  let children = 0;
  let longest = 0;
  let longestWall = 0;
  for (let i = 0; i < ticks; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    let spinning = true;
    let lastCpu = process.cpuUsage();
    let lastWall = performance.now();
    const spin = () => {
      const cpuNow = process.cpuUsage();
      const wallNow = performance.now();
      longest = Math.max(longest, (cpuNow.user + cpuNow.system - lastCpu.user - lastCpu.system) / 1000);
      longestWall = Math.max(longestWall, wallNow - lastWall);
      lastCpu = cpuNow;
      lastWall = wallNow;
      if (spinning) setImmediate(spin);
    };
    const c0 = cpuMs('self'); // its children's: the `ps` systeminformation waited for
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    setImmediate(spin);
    await tick();
    wall += performance.now() - t0;
    spinning = false;
    const u = process.cpuUsage(u0);
    own += (u.user + u.system) / 1000;
    children += cpuMs('self').children - c0.children;
  }
  const per = (x) => +(x / ticks).toFixed(3);
  return { name, n, ticks, wall_ms: per(wall), cpu_ms: per(own), child_cpu_ms: per(children), longest_hold_cpu_ms: +longest.toFixed(2), longest_hold_wall_ms: +longestWall.toFixed(2) };
}

const sleepers = Array.from({ length: n }, () => spawn('sleep', ['600'], { stdio: 'ignore' }));
try {
  await new Promise((r) => setTimeout(r, 300));
  const pids = sleepers.map((s) => s.pid);
  const source = new LinuxProcSource();
  const results = [
    await measure('pilot /proc (process alone)', Number(values.ticks), GAP_MS, () => source.read(pids, false)),
    await measure('pilot /proc (whole groups: /proc scan)', Number(values.ticks), GAP_MS, () => source.read(pids, true)),
    await measure('systeminformation processes() (runs ps)', Number(values['si-ticks']), GAP_MS, () => si.processes()),
  ];
  for (const r of results) {
    if (values.json) console.log(JSON.stringify({ ...r, load1: +(await import('node:os')).loadavg()[0].toFixed(2) }));
    else console.log(`${r.name.padEnd(42)} ${String(r.wall_ms).padStart(8)} ms/tick  cpu ${String(r.cpu_ms).padStart(7)} ms  +ps ${String(r.child_cpu_ms).padStart(6)} ms  longest hold ${r.longest_hold_cpu_ms} ms cpu (${r.longest_hold_wall_ms} ms wall)`);
  }
} finally {
  for (const s of sleepers) s.kill('SIGKILL');
}
