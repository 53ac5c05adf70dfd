#!/usr/bin/env node
// What pilot's supervisor spends on a burst of output: the CPU time (not wall time: the machine may be shared)
// of the background supervisor while one child writes N numbered 100-byte lines, and optionally a V8 CPU profile.
//   node bench/profile-log-burst.mjs [--lines 200000] [--runs 3] [--node-flags="--max-semi-space-size=1 --expose-gc"]
//                                    [--cpu-prof DIR] [--top 25] [--cli SCRIPT] [--json]
// --node-flags replaces the flags of bin/pilot.js's shebang for the supervisor (compare builds or GC settings);
// --cpu-prof writes the supervisor's profile to DIR and prints the functions with the most self time, and the
// share of the garbage collector. --cli runs another script instead of bin/pilot.js (one that imports
// dist/src/cli/main.js gives profiles with pilot's own file names). Each run checks that every line arrived once, in order. Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { waitFor } from './lib/clock.mjs';
import { cpuMs } from './lib/proc.mjs';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    'node-flags': { type: 'string', default: '--max-semi-space-size=1 --expose-gc' },
    'cpu-prof': { type: 'string' },
    cli: { type: 'string' },
    top: { type: 'string', default: '25' },
    json: { type: 'boolean', default: false },
  },
});
if (process.platform !== 'linux') fail('needs Linux (/proc)');
const lines = Number(values.lines);
const runs = Number(values.runs);
const cli = values.cli ?? new URL('../bin/pilot.js', import.meta.url).pathname;
const logger = new URL('lib/children/logger.cjs', import.meta.url).pathname;
if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) fail('run `npm run build` first');
const flags = values['node-flags'].split(/\s+/).filter(Boolean);
if (values['cpu-prof']) flags.push('--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`);

const results = [];
/** The supervisor of each run and its burst, in CLOCK_MONOTONIC µs (the clock of V8's profile timestamps). */
const windows = [];
for (let r = 0; r < runs; r++) results.push(await burst().catch((err) => fail(err.message)));
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const summary = {
  lines, runs, node_flags: values['node-flags'],
  supervisor_cpu_ms: results.map((x) => x.cpuMs), median_cpu_ms: med(results.map((x) => x.cpuMs)),
  wall_ms: results.map((x) => x.wallMs), complete: results.every((x) => x.complete),
  us_per_line: Math.round((med(results.map((x) => x.cpuMs)) / lines) * 1000 * 100) / 100,
};
if (values['cpu-prof']) summary.profile = summarizeProfiles(values['cpu-prof'], Number(values.top));
if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
else print(summary);
process.exit(summary.complete ? 0 : 1);

async function burst() {
  const dir = mkdtempSync(join(tmpdir(), 'pilot-burst-'));
  const home = join(dir, 'home');
  const env = { ...process.env, PILOT_HOME: home };
  copyFileSync(logger, join(dir, 'logger.cjs'));
  const manifest = join(dir, 'pilot.yaml');
  writeFileSync(manifest, [
    'logs: { max_size_mb: 100 }', // one file for the whole burst
    'processes:',
    '  - name: logger',
    `    path: ${JSON.stringify(process.execPath)}`,
    `    args: [${JSON.stringify(join(dir, 'logger.cjs'))}, ${JSON.stringify(dir)}, "${lines}"]`,
    `    working_directory: ${JSON.stringify(dir)}`,
  ].join('\n') + '\n');
  const pilot = (...args) => spawnSync(process.execPath, [...flags, cli, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000, encoding: 'utf8' });
  try {
    const up = pilot('up', manifest, '-d');
    if (up.status !== 0) throw new Error(`pilot up -d failed: ${up.stderr}`);
    await waitFor('the logger to start', () => existsSync(join(dir, 'logger.ready')), { timeoutMs: 30_000, intervalMs: 5 });
    const pid = Number(readFileSync(join(dir, 'logger.ready'), 'utf8'));
    const supervisor = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    const log = join(home, readdirSync(home).find((d) => existsSync(join(home, d, 'logs'))), 'logs', 'logger.log');
    const expected = statSync(log).size + lines * (100 + 29); // each record: `<24-char time> out ` + the line
    const cpu0 = cpuMs(supervisor).own;
    const t0 = performance.now();
    const mono0 = monoUs();
    process.kill(pid, 'SIGUSR2');
    await waitFor('the whole burst in the log', () => statSync(log).size >= expected, { timeoutMs: 60_000, intervalMs: 5 });
    const wallMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 300)); // the supervisor's last batch of bookkeeping
    const cpuMsUsed = cpuMs(supervisor).own - cpu0;
    windows.push({ pid: supervisor, from: mono0, to: monoUs() });
    const complete = inOrderOnce(readFileSync(log, 'latin1'));
    return { cpuMs: cpuMsUsed, wallMs: Math.round(wallMs), complete };
  } finally {
    pilot('down', '--file', manifest);
    rmSync(dir, { recursive: true, force: true });
  }
}

function monoUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

function inOrderOnce(text) {
  let next = 0;
  for (const l of text.split('\n')) {
    const m = / out L(\d{6}) /.exec(l);
    if (!m) continue;
    if (+m[1] !== next) return false;
    next++;
  }
  return next === lines;
}

// Self time per function in the supervisors' profiles, during the bursts only (not boot or shutdown).
function summarizeProfiles(dir, top) {
  const self = new Map();
  let total = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const pid = Number(f.split('.')[3]); // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
    const win = windows.find((w) => w.pid === pid);
    if (!win) continue;
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const dt = new Map();
    let at = p.startTime;
    p.samples.forEach((id, i) => {
      const delta = p.timeDeltas[i] ?? 0;
      at += delta;
      if (at >= win.from && at <= win.to) dt.set(id, (dt.get(id) ?? 0) + delta);
    });
    for (const [id, us] of dt) {
      const n = byId.get(id).callFrame;
      if (n.functionName === '(idle)') continue;
      const key = `${n.functionName || '(anonymous)'} ${n.url ? n.url.replace(/^.*\/(dist|node_modules)\//, '$1/') : ''}:${n.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + us);
      total += us;
    }
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10, pct: Math.round((us / total) * 1000) / 10 }));
  const gc = self.get('(garbage collector) :0') ?? 0;
  return { total_ms: Math.round(total / 1000), gc_pct: Math.round((gc / total) * 1000) / 10, top: rows };
}

function print(s) {
  console.log(`${s.lines} lines, ${s.runs} runs, supervisor node flags: ${s.node_flags || '(none)'}`);
  console.log(`supervisor CPU per burst: ${s.supervisor_cpu_ms.join(', ')} ms (median ${s.median_cpu_ms} ms, ${s.us_per_line} µs per line)`);
  console.log(`wall time to the last line: ${s.wall_ms.join(', ')} ms; every line once, in order: ${s.complete ? 'yes' : 'NO'}`);
  if (s.profile) {
    console.log(`\nprofile of the supervisor during the bursts: ${s.profile.total_ms} ms of samples (all runs), garbage collector ${s.profile.gc_pct}%`);
    for (const r of s.profile.top) console.log(`${String(r.ms).padStart(8)} ms ${String(r.pct).padStart(5)}%  ${r.fn}`);
  }
}

function fail(message) {
  console.error(`profile-log-burst: ${message}`);
  process.exit(2);
}
