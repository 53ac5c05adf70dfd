#!/usr/bin/env node
// Resident memory of a foreground `pilot up` supervising N idle processes (Linux: reads /proc).
//   node bench/rss.mjs [--n 200] [--runs 3] [--settle 2] [--bin bin/pilot.js] [--manifest FILE] [--json]
// Boots N `sleep` children (or the stack of --manifest) with the built CLI, run as an executable so the
// node flags in its shebang apply; waits for "all processes ready" plus --settle seconds; reads VmRSS
// (/proc/PID/status) and Private_Dirty (/proc/PID/smaps_rollup) of the supervisor; stops it. Prints
// each run and the medians. The machine is shared: compare builds with several runs, interleaved.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    settle: { type: 'string', default: '2' },
    bin: { type: 'string', default: new URL('../bin/pilot.js', import.meta.url).pathname },
    manifest: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (process.platform !== 'linux') usage('needs Linux (/proc)');
const n = positiveInt(values.n, '--n');
const runs = positiveInt(values.runs, '--runs');
const settleMs = Number(values.settle) * 1000;
if (!(settleMs >= 0)) usage('--settle must be a number of seconds');

const work = mkdtempSync(join(tmpdir(), 'pilot-rss-'));
const manifest = values.manifest ? resolve(values.manifest) : join(work, 'pilot.yaml');
if (!values.manifest) {
  const sleep = onPath('sleep');
  writeFileSync(manifest, `processes:\n${Array.from({ length: n }, (_, i) => `  - { name: p${i}, path: ${sleep}, args: ["100000"] }\n`).join('')}`);
}
const label = values.manifest ? values.manifest : `${n} processes`;

const results = [];
try {
  for (let r = 0; r < runs; r++) {
    const m = await measure(r);
    results.push(m);
    if (!values.json) console.log(`run ${r + 1}: VmRSS ${mb(m.vmRssKb)} MB  Private_Dirty ${mb(m.privateDirtyKb)} MB  (boot ${m.bootMs} ms)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const summary = {
  manifest: values.manifest ?? null,
  n: values.manifest ? null : n,
  runs,
  vmRssKb: median(results.map((m) => m.vmRssKb)),
  privateDirtyKb: median(results.map((m) => m.privateDirtyKb)),
  bootMs: median(results.map((m) => m.bootMs)),
};
if (values.json) console.log(JSON.stringify({ ...summary, results }));
else console.log(`median of ${runs}, ${label}: VmRSS ${mb(summary.vmRssKb)} MB  Private_Dirty ${mb(summary.privateDirtyKb)} MB  (boot ${summary.bootMs} ms)`);

// One boot: start, wait for "all processes ready", settle, read /proc, stop.
async function measure(run) {
  const home = join(work, `home${run}`);
  const log = join(work, `up${run}.log`);
  const fd = openSync(log, 'w');
  const t0 = Date.now();
  const child = spawn(values.bin, ['up', manifest], { stdio: ['ignore', fd, fd], env: { ...process.env, PILOT_HOME: home, NO_COLOR: '1' } });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await until(() => readFileSync(log, 'utf8').includes('all processes ready'), 60_000, () => `not up after 60 s:\n${readFileSync(log, 'utf8').slice(-2000)}`, exited);
    const bootMs = Date.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rollup = readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8');
    return { vmRssKb: kb(status, 'VmRSS'), privateDirtyKb: kb(rollup, 'Private_Dirty'), bootMs };
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

// Polls `cond` every 20 ms; rejects after `ms` or when the supervisor exits first.
async function until(cond, ms, message, exited) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (gone) throw new Error(`the supervisor exited before it was up: ${message()}`);
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function kb(text, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!m) throw new Error(`no ${field} in /proc`);
  return Number(m[1]);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  usage(`${name} not found on PATH`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

function mb(kbytes) {
  return (kbytes / 1024).toFixed(1);
}

function positiveInt(text, flag) {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) usage(`${flag} must be a positive integer`);
  return v;
}

function usage(message) {
  process.stderr.write(`bench/rss.mjs: ${message}\nusage: node bench/rss.mjs [--n 200] [--runs 3] [--settle 2] [--bin PATH] [--manifest FILE] [--json]\n`);
  process.exit(2);
}
