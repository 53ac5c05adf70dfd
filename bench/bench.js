#!/usr/bin/env node
'use strict';
// Side-by-side benchmark harness for process supervisors (pm2, supervisord, pilot).
// Usage: node bench.js <scenario> [options]      (see README.md)
//   scenarios: spawn_n restart_latency log_throughput cli_latency dep_chain
//   tools:     meta | report FILE.jsonl... | cleanup
// Each scenario prints ONE JSON line per system on stdout (progress on stderr).

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const U = require('./lib/util');

const ADAPTERS = {
  pm2: require('./lib/adapters/pm2'),
  supervisord: require('./lib/adapters/supervisord'),
  pilot: require('./lib/adapters/pilot'),
};

// ---------------------------------------------------------------- options --

function parseArgs(argv) {
  const o = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { o._.push(a); continue; }
    const eq = a.indexOf('=');
    const k = (eq > 0 ? a.slice(2, eq) : a.slice(2)).replace(/-/g, '_');
    if (eq > 0) o[k] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) o[k] = argv[++i];
    else o[k] = true;
  }
  return o;
}

const ARGS = parseArgs(process.argv.slice(2));
const CMD = ARGS._[0];
const num = (k, d) => (ARGS[k] === undefined ? d : Number(ARGS[k]));
const OPT = {
  systems: String(ARGS.systems || 'pm2,supervisord,pilot').split(',').map((s) => s.trim()).filter(Boolean),
  n: num('n', 50),
  runs: num('runs', null), // per-scenario default below
  reps: num('reps', 10),
  warmup: num('warmup', 1),
  lines: num('lines', 200000),
  pollMs: num('poll_ms', 10),
  settleMs: num('settle_ms', 1000),
  timeoutMs: num('timeout_s', 120) * 1000, // per wait loop
  out: ARGS.out || null,
  hyperfine: !!ARGS.hyperfine,
  unordered: !!ARGS.unordered,
  chainLen: num('chain', 5),
  chainDelayMs: num('chain_delay_ms', 200),
  maxSeconds: num('max_seconds', 1800),
  rounds: num('rounds', 1), // restart_latency / cli_latency: split reps into interleaved rounds
};
const SESSION = (process.env.BENCH_SESSION || String(process.pid)).replace(/[^A-Za-z0-9_.-]/g, '_');
const CHILDREN_DIR = path.join(__dirname, 'lib', 'children');

// --------------------------------------------------------- cleanup / trap --

const ACTIVE = new Set();
let cleaningUp = false;
function cleanupAll(why) {
  if (cleaningUp) return;
  cleaningUp = true;
  for (const sys of [...ACTIVE]) {
    U.log(`cleanup (${why}): ${sys.constructor.id} ${sys.run.dir}`);
    try { sys.cleanup({ keepDir: true }); } catch (e) { U.log(`cleanup error: ${e.message}`); }
    ACTIVE.delete(sys);
  }
  cleaningUp = false;
}
process.on('exit', () => cleanupAll('exit'));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { cleanupAll(sig); process.exit(128 + os.constants.signals[sig]); });
}
process.on('uncaughtException', (e) => { U.log(`uncaught: ${e.stack || e}`); cleanupAll('uncaught'); process.exit(1); });
process.on('unhandledRejection', (e) => { U.log(`unhandled: ${e && e.stack || e}`); cleanupAll('unhandled'); process.exit(1); });
setTimeout(() => { U.log(`watchdog: exceeded --max-seconds ${OPT.maxSeconds}`); cleanupAll('watchdog'); process.exit(124); },
  OPT.maxSeconds * 1000).unref();

// ------------------------------------------------------------------ output --

function emit(obj) {
  if (obj.system && !obj.skipped) obj.load1 = U.r1(os.loadavg()[0]); // 1-min load when the row is written
  const line = JSON.stringify(obj);
  process.stdout.write(line + '\n');
  if (OPT.out) fs.appendFileSync(OPT.out, line + '\n');
}

function selectedSystems() {
  const out = [];
  for (const id of OPT.systems) {
    const A = ADAPTERS[id];
    if (!A) throw new Error(`unknown system ${id} (known: ${Object.keys(ADAPTERS).join(', ')})`);
    out.push({ id, A, probe: A.probe() });
  }
  return out;
}

// ------------------------------------------------------------ run context --

let runCounter = 0;
function newRun(scenario, sysId) {
  const dir = `/tmp/bench-run-${SESSION}-${scenario}-${sysId}-${process.pid}-${++runCounter}`;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
  // A private copy of sleep(1): its path contains the run dir, so the harness
  // can find exactly this run's children in /proc by cmdline.
  const bsleep = path.join(dir, 'bin', 'bsleep');
  fs.copyFileSync(fs.realpathSync(U.which('sleep') || '/bin/sleep'), bsleep);
  fs.chmodSync(bsleep, 0o755);
  for (const f of fs.readdirSync(CHILDREN_DIR)) fs.copyFileSync(path.join(CHILDREN_DIR, f), path.join(dir, f));
  return { dir, logFile: path.join(dir, 'cli.log'), bsleep };
}

function app(run, name, kind, argv, extra = {}) {
  return {
    name, kind, argv, cwd: run.dir,
    out: path.join(run.dir, 'logs', `${name}.out.log`),
    err: path.join(run.dir, 'logs', `${name}.err.log`),
    dependsOn: null, readyTcpPort: null, ...extra,
  };
}

async function withSystem(scenario, s, fn) {
  const run = newRun(scenario, s.id);
  const sys = new s.A(run, s.probe);
  ACTIVE.add(sys);
  let failed = false;
  try {
    return await fn(sys, run);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    ACTIVE.delete(sys);
    sys.cleanup({ keepDir: failed });
    if (failed) U.log(`run dir kept for inspection: ${run.dir} (CLI output in cli.log)`);
  }
}

function daemonPidsOf(sys, childPids) {
  let d = [];
  try { d = sys.daemonPids().filter(U.isAlive); } catch {}
  if (!d.length) {
    const parents = new Set();
    for (const p of childPids) {
      const st = U.readStat(p);
      if (st && st.ppid > 1 && st.ppid !== process.pid) parents.add(st.ppid);
    }
    d = [...parents];
  }
  sys.knownDaemonPids = [...new Set([...(sys.knownDaemonPids || []), ...d])];
  return d;
}

// Invoke the system's `up` command (asynchronously) and wait until `n` children
// matching scanner are alive. Times are from the moment `up` is spawned.
async function bootAndWait(sys, scanner, n) {
  sys.upInvoked = true;
  const cpu0 = process.cpuUsage();
  const up = U.runAsync(sys.upArgv(), { env: sys.env, cwd: sys.cwd, timeoutMs: OPT.timeoutMs, logFile: sys.run.logFile });
  let upRes = null;
  up.done.then((r) => { upRes = r; });
  let hit;
  try {
    hit = await U.waitFor(`${n} children alive`, () => {
      if (upRes && (upRes.status !== 0 || upRes.error)) {
        throw new Error(`up command failed (rc=${upRes.status} ${upRes.error || ''}); see ${sys.run.logFile}`);
      }
      if (scanner.scan().length < n) return false;
      const v = scanner.scan({ verify: true });
      return v.length >= n ? v : false;
    }, { timeoutMs: OPT.timeoutMs, intervalMs: OPT.pollMs });
  } catch (e) {
    if (e instanceof U.TimeoutError) {
      e.message += ` (scanner saw ${scanner.scan({ verify: true }).length}, full /proc scan ${U.pidsMatching(scanner.marker).length})`;
    }
    throw e;
  }
  const cpu = process.cpuUsage(cpu0); // harness's own CPU while polling (self-check of its overhead)
  const res = await up.done;
  return { ready_ms: hit.t - up.t0, up_cli_ms: res.ms, up_rc: res.status, pids: hit.value, harness_cpu_ms: (cpu.user + cpu.system) / 1000 };
}

// Invoke `down`; measure until all children are gone and until the daemon(s) are gone.
async function downAndWait(sys, scanner, daemons) {
  const down = U.runAsync(sys.downArgv(), { env: sys.env, cwd: sys.cwd, timeoutMs: OPT.timeoutMs, logFile: sys.run.logFile });
  const gone = await U.waitFor('children gone', () => scanner.scan({ verify: true }).length === 0,
    { timeoutMs: OPT.timeoutMs, intervalMs: OPT.pollMs });
  const dgone = await U.waitFor('daemon gone', () => daemons.every((p) => !U.isAlive(p)),
    { timeoutMs: OPT.timeoutMs, intervalMs: OPT.pollMs });
  const res = await down.done;
  sys.downDone = true;
  return { down_ms: gone.t - down.t0, down_daemon_ms: dgone.t - down.t0, down_cli_ms: res.ms, down_rc: res.status };
}

function baseRecord(scenario, s) {
  return { scenario, system: s.id, version: s.probe.version || null, ts: new Date().toISOString() };
}

function skipped(scenario, s) {
  return { ...baseRecord(scenario, s), skipped: true, reason: s.probe.reason };
}

// A failed run/round is recorded and the next one still runs; after MAX_FAILS
// failures a system is dropped from that scenario.
const MAX_FAILS = 2;
function addErrors(rec, errs) {
  if (!errs || !errs.length) return;
  rec.failed_runs = errs.length;
  rec.error = errs[0];
}

const summarize = (arr) => ({ median: U.r1(U.median(arr)), min: U.r1(U.minOf(arr)), max: U.r1(U.maxOf(arr)) });

// ------------------------------------------------------------- scenarios --

// 1. spawn_n: cold boot of N `sleep 1000` children; daemon RSS; shutdown.
async function spawnN() {
  const runs = OPT.runs || 3;
  const systems = selectedSystems();
  const per = new Map(systems.map((s) => [s.id, []]));
  const errors = new Map(systems.map((s) => [s.id, []]));
  for (let r = 0; r < runs; r++) {
    for (const s of systems) { // interleaved: pm2, supervisord, pilot, pm2, ...
      if (!s.probe.ok || errors.get(s.id).length >= MAX_FAILS) continue;
      U.log(`spawn_n ${s.id} n=${OPT.n} run ${r + 1}/${runs}`);
      try {
        const rec = await withSystem('spawn_n', s, async (sys, run) => {
          sys.writeConfig(Array.from({ length: OPT.n }, (_, i) => app(run, `x${i}`, 'exec', [run.bsleep, '1000'])));
          const scanner = new U.ProcScanner(run.bsleep);
          scanner.scan(); // prime the cache with pre-existing processes
          const boot = await bootAndWait(sys, scanner, OPT.n);
          await U.sleep(OPT.settleMs);
          const live = scanner.scan({ verify: true });
          const daemons = daemonPidsOf(sys, live);
          const rss = daemons.map(U.rssKb);
          const down = await downAndWait(sys, scanner, daemons);
          return {
            ready_ms: boot.ready_ms, up_cli_ms: boot.up_cli_ms, harness_cpu_ms: boot.harness_cpu_ms, alive_after_settle: live.length,
            daemon_pids: daemons.length, rss_kb: rss.reduce((a, b) => a + (b || 0), 0), ...down,
          };
        });
        per.get(s.id).push(rec);
      } catch (e) {
        U.log(`spawn_n ${s.id} failed: ${e.message}`);
        errors.get(s.id).push(e.message);
      }
    }
  }
  for (const s of systems) {
    if (!s.probe.ok) { emit(skipped('spawn_n', s)); continue; }
    const recs = per.get(s.id);
    const col = (k) => recs.map((x) => x[k]);
    const out = { ...baseRecord('spawn_n', s), n: OPT.n, runs: recs.length };
    for (const k of ['ready_ms', 'up_cli_ms', 'rss_kb', 'down_ms', 'down_daemon_ms', 'down_cli_ms', 'harness_cpu_ms']) {
      out[k] = U.r1(U.median(col(k)));
      out[`${k}_all`] = col(k).map(U.r1);
    }
    out.daemon_pids = U.median(col('daemon_pids'));
    out.alive_after_settle_min = U.minOf(col('alive_after_settle'));
    out.alive_after_settle_max = U.maxOf(col('alive_after_settle'));
    if (out.alive_after_settle_max > OPT.n) out.warning = `more than N children alive (${out.alive_after_settle_max}): duplicate spawns?`;
    addErrors(out, errors.get(s.id));
    emit(out);
  }
}

// Run `once(s)` for every available system, `rounds` times, interleaved
// (pm2, supervisord, pilot, pm2, ...), so a burst of background load on this
// noisy box is less likely to hit only one system. Returns Map id -> [results].
async function interleaved(scenario, systems, rounds, once) {
  const per = new Map(systems.map((s) => [s.id, []]));
  const errors = new Map(systems.map((s) => [s.id, []]));
  for (let r = 0; r < rounds; r++) {
    for (const s of systems) {
      if (!s.probe.ok || errors.get(s.id).length >= MAX_FAILS) continue;
      U.log(`${scenario} ${s.id} round ${r + 1}/${rounds}`);
      try { per.get(s.id).push(await once(s, r)); } catch (e) {
        U.log(`${scenario} ${s.id} failed: ${e.message}`);
        errors.get(s.id).push(e.message);
      }
    }
  }
  return { per, errors };
}

const repsPerRound = () => Math.ceil(OPT.reps / Math.max(1, OPT.rounds));

// 2. restart_latency: SIGKILL the only child, time until a new child pid is alive.
async function restartLatency() {
  const systems = selectedSystems();
  const gapMs = num('gap_ms', 500);
  const { per, errors } = await interleaved('restart_latency', systems, OPT.rounds, (s) =>
    withSystem('restart_latency', s, async (sys, run) => {
      sys.writeConfig([app(run, 'x', 'exec', [run.bsleep, '1000'])]);
      const scanner = new U.ProcScanner(run.bsleep);
      scanner.scan();
      await bootAndWait(sys, scanner, 1);
      await U.sleep(OPT.settleMs);
      const lat = [];
      for (let i = 0; i < OPT.warmup + repsPerRound(); i++) {
        const cur = scanner.scan({ verify: true });
        if (cur.length !== 1) throw new Error(`expected exactly 1 child before kill, found ${cur.length}`);
        const old = cur[0];
        const t0 = U.nowMs();
        U.killPid(old, 'SIGKILL');
        scanner.exclude(old);
        const hit = await U.waitFor('replacement child', () => {
          const a = scanner.scan();
          return a.length ? a[0] : false;
        }, { timeoutMs: 30000, intervalMs: 1 });
        if (i >= OPT.warmup) lat.push(hit.t - t0);
        await U.sleep(gapMs);
      }
      const daemons = daemonPidsOf(sys, scanner.scan({ verify: true }));
      await downAndWait(sys, scanner, daemons);
      return lat;
    }));
  for (const s of systems) {
    if (!s.probe.ok) { emit(skipped('restart_latency', s)); continue; }
    const lat = per.get(s.id).flat().slice(0, OPT.reps);
    const rec = { ...baseRecord('restart_latency', s), reps: lat.length, rounds: per.get(s.id).length, ...summarize(lat), all_ms: lat.map(U.r1) };
    addErrors(rec, errors.get(s.id));
    emit(rec);
  }
}

// 3. log_throughput: child writes LINES numbered 100-byte lines; time until the
// supervisor's log file holds them all; count missing/duplicated/malformed lines.
const PAYLOAD = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3).slice(0, 91);

function checkLog(file, lines) {
  const seen = new Uint32Array(lines);
  let malformed = 0;
  let text = '';
  try { text = fs.readFileSync(file, 'latin1'); } catch {}
  // pilot's log files prefix each line with its time and stream (`<ISO time> out `); the others write it raw.
  const re = /^(?:\d{4}-\d\d-\d\dT[\d:.]+Z (?:out|err) )?L(\d{6}) (.*)$/;
  for (const l of text.split('\n')) {
    if (!l) continue;
    const m = re.exec(l);
    if (!m || m[2] !== PAYLOAD || +m[1] >= lines) { malformed++; continue; }
    seen[+m[1]]++;
  }
  let missing = 0;
  let dup = 0;
  for (let i = 0; i < lines; i++) {
    if (seen[i] === 0) missing++;
    else if (seen[i] > 1) dup += seen[i] - 1;
  }
  return { missing, dup, malformed, bytes: text.length };
}

const fileSize = (f) => { try { return fs.statSync(f).size; } catch { return 0; } };

async function logThroughput() {
  const runs = OPT.runs || 3;
  const systems = selectedSystems();
  const per = new Map(systems.map((s) => [s.id, []]));
  const errors = new Map(systems.map((s) => [s.id, []]));
  for (let r = 0; r < runs; r++) {
    for (const s of systems) {
      if (!s.probe.ok || errors.get(s.id).length >= MAX_FAILS) continue;
      U.log(`log_throughput ${s.id} lines=${OPT.lines} run ${r + 1}/${runs}`);
      try {
        const rec = await withSystem('log_throughput', s, async (sys, run) => {
          sys.writeConfig([app(run, 'logger', 'node', [path.join(run.dir, 'logger.js'), run.dir, String(OPT.lines)])]);
          const readyFile = path.join(run.dir, 'logger.ready');
          const doneFile = path.join(run.dir, 'logger.done');
          sys.upInvoked = true;
          const up = U.runAsync(sys.upArgv(), { env: sys.env, cwd: sys.cwd, timeoutMs: OPT.timeoutMs, logFile: run.logFile });
          const { value: pid } = await U.waitFor('logger ready file', () => {
            try { const p = parseInt(fs.readFileSync(readyFile, 'utf8'), 10); return U.isAlive(p) ? p : false; } catch { return false; }
          }, { timeoutMs: OPT.timeoutMs, intervalMs: 20 });
          await up.done;
          await U.sleep(OPT.settleMs);
          const logPath = sys.logFile('logger');
          await U.waitFor(`log file ${logPath}`, () => fs.existsSync(logPath), { timeoutMs: 10000, intervalMs: 20 });
          const base = fileSize(logPath);
          const expected = base + OPT.lines * 100;
          const stallMs = num('stall_ms', 5000);
          const t0 = U.nowMs();
          process.kill(pid, 'SIGUSR2');
          let completeMs = null;
          let lastSize = -1;
          let lastChange = t0;
          for (;;) {
            const now = U.nowMs();
            const size = fileSize(logPath);
            if (size !== lastSize) { lastSize = size; lastChange = now; }
            if (size >= expected) {
              const c = checkLog(logPath, OPT.lines);
              if (c.missing === 0) { completeMs = now - t0; break; }
            }
            if (now - t0 > OPT.timeoutMs) { U.log('log_throughput: timeout'); break; }
            if (fs.existsSync(doneFile) && now - lastChange > stallMs) { U.log('log_throughput: log stalled before all lines arrived'); break; }
            await U.sleep(5);
          }
          // let late duplicates land before the final count
          await U.sleep(500);
          const chk = checkLog(logPath, OPT.lines);
          let producer = null;
          try {
            const { value } = await U.waitFor('logger.done', () => fs.existsSync(doneFile) && JSON.parse(fs.readFileSync(doneFile, 'utf8')),
              { timeoutMs: 10000, intervalMs: 20 });
            producer = value.write_ms;
          } catch {}
          const daemons = daemonPidsOf(sys, [pid]);
          const rss = daemons.map(U.rssKb).reduce((a, b) => a + (b || 0), 0);
          return {
            complete_ms: completeMs, producer_ms: producer,
            mb_per_s: completeMs ? (OPT.lines * 100) / 1e6 / (completeMs / 1000) : null,
            ...chk, daemon_rss_kb_after: rss,
          };
        });
        per.get(s.id).push(rec);
      } catch (e) {
        U.log(`log_throughput ${s.id} failed: ${e.message}`);
        errors.get(s.id).push(e.message);
      }
    }
  }
  for (const s of systems) {
    if (!s.probe.ok) { emit(skipped('log_throughput', s)); continue; }
    const recs = per.get(s.id);
    const col = (k) => recs.map((x) => x[k]);
    const out = { ...baseRecord('log_throughput', s), lines: OPT.lines, runs: recs.length };
    out.complete_ms = U.r1(U.median(col('complete_ms')));
    out.complete_ms_all = col('complete_ms').map(U.r1);
    out.incomplete_runs = recs.filter((x) => x.complete_ms === null).length;
    out.producer_ms = U.r1(U.median(col('producer_ms')));
    out.mb_per_s = U.r1(U.median(col('mb_per_s')));
    out.missing_max = U.maxOf(col('missing'));
    out.dup_max = U.maxOf(col('dup'));
    out.malformed_max = U.maxOf(col('malformed'));
    out.missing_all = col('missing');
    out.dup_all = col('dup');
    out.daemon_rss_kb_after = U.median(col('daemon_rss_kb_after'));
    addErrors(out, errors.get(s.id));
    emit(out);
  }
}

// 4. cli_latency: wall time of the status command and of `restart x`.
function hyperfineMedian(sys, argv, prepare) {
  const hf = U.which('hyperfine');
  if (!hf) return null;
  const file = path.join(sys.run.dir, `hf-${Date.now()}.json`);
  const qa = (s) => (/^[A-Za-z0-9_/.:=@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`);
  const args = ['--runs', String(OPT.reps), '--warmup', String(OPT.warmup), '-N', '--export-json', file];
  if (prepare) args.push('--prepare', prepare);
  args.push(argv.map(qa).join(' '));
  const r = U.runSync([hf, ...args], { env: sys.env, cwd: sys.cwd, timeoutMs: 300000, logFile: sys.run.logFile });
  if (r.status !== 0) { U.log(`hyperfine failed (rc=${r.status} ${r.error || ''}); see ${sys.run.logFile}`); return null; }
  try { return U.r1(JSON.parse(fs.readFileSync(file, 'utf8')).results[0].median * 1000); } catch { return null; }
}

// "supervisorctl -c /tmp/.../supervisord.conf status" -> "supervisorctl status"
function prettyArgv(argv) {
  const out = [path.basename(argv[0])];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-c' && argv[i + 1] && argv[i + 1].startsWith('/')) { i++; continue; }
    if (argv[i].startsWith('/')) continue;
    out.push(argv[i]);
  }
  return out.join(' ');
}

async function cliLatency() {
  const systems = selectedSystems();
  const { per, errors } = await interleaved('cli_latency', systems, OPT.rounds, (s, round) =>
    withSystem('cli_latency', s, async (sys, run) => {
      sys.writeConfig([app(run, 'x', 'exec', [run.bsleep, '1000'])]);
      const scanner = new U.ProcScanner(run.bsleep);
      scanner.scan();
      await bootAndWait(sys, scanner, 1);
      await U.sleep(OPT.settleMs);
      const o = { st: [], stRc: [], rs: [], rsRc: [], toNew: [] };
      for (let i = 0; i < OPT.warmup + repsPerRound(); i++) {
        const r = sys.cmd(sys.statusArgv(), 30000);
        if (i >= OPT.warmup) { o.st.push(r.ms); o.stRc.push(r.status); }
      }
      for (let i = 0; i < OPT.warmup + repsPerRound(); i++) {
        const old = scanner.scan({ verify: true })[0];
        const t0 = U.nowMs();
        const r = sys.cmd(sys.restartArgv('x'), 60000);
        const { t } = await U.waitFor('restarted child', () => {
          const a = scanner.scan({ verify: true }).filter((p) => p !== old);
          return a.length ? a[0] : false;
        }, { timeoutMs: 30000, intervalMs: 2 });
        if (i >= OPT.warmup) { o.rs.push(r.ms); o.rsRc.push(r.status); o.toNew.push(t - t0); }
        await U.sleep(num('gap_ms', 300));
      }
      if (OPT.hyperfine && round === 0) {
        o.hfStatus = hyperfineMedian(sys, sys.statusArgv());
        o.hfRestart = hyperfineMedian(sys, sys.restartArgv('x'), 'sleep 0.3');
      }
      o.statusCmd = prettyArgv(sys.statusArgv());
      o.restartCmd = prettyArgv(sys.restartArgv('x'));
      const daemons = daemonPidsOf(sys, scanner.scan({ verify: true }));
      await downAndWait(sys, scanner, daemons);
      return o;
    }));
  for (const s of systems) {
    if (!s.probe.ok) { emit(skipped('cli_latency', s)); continue; }
    const rounds = per.get(s.id);
    const pool = (k) => rounds.flatMap((o) => o[k]).slice(0, OPT.reps);
    const st = pool('st');
    const rs = pool('rs');
    const rec = { ...baseRecord('cli_latency', s), reps: st.length, rounds: rounds.length };
    if (rounds.length) {
      Object.assign(rec, {
        status_cmd: rounds[0].statusCmd, restart_cmd: rounds[0].restartCmd,
        status_ms: U.r1(U.median(st)), status_ms_all: st.map(U.r1), status_rc: [...new Set(pool('stRc'))],
        restart_ms: U.r1(U.median(rs)), restart_ms_all: rs.map(U.r1), restart_rc: [...new Set(pool('rsRc'))],
        restart_to_new_pid_ms: U.r1(U.median(pool('toNew'))),
      });
      if (OPT.hyperfine) { rec.status_ms_hyperfine = rounds[0].hfStatus; rec.restart_ms_hyperfine = rounds[0].hfRestart; }
    }
    addErrors(rec, errors.get(s.id));
    emit(rec);
  }
}

// 5. dep_chain: c1 <- c2 <- ... <- c5, each listens on TCP after 200 ms and may
// only start once its predecessor's port accepts connections.
function freePorts(k) {
  return new Promise((resolve, reject) => {
    const servers = [];
    const ports = [];
    const next = () => {
      if (ports.length === k) { servers.forEach((s) => s.close()); return resolve(ports); }
      const s = net.createServer();
      s.on('error', reject);
      s.listen(0, '127.0.0.1', () => { servers.push(s); ports.push(s.address().port); next(); });
    };
    next();
  });
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    const done = (v) => { s.destroy(); resolve(v); };
    s.setTimeout(200, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

async function depChain() {
  for (const s of selectedSystems()) {
    if (!s.probe.ok) { emit(skipped('dep_chain', s)); continue; }
    const rec = { ...baseRecord('dep_chain', s), chain: OPT.chainLen, delay_ms: OPT.chainDelayMs, ideal_ms: OPT.chainLen * OPT.chainDelayMs };
    if (!s.A.supportsDeps && !OPT.unordered) {
      emit({ ...rec, status: 'n/a', reason: 'no dependency ordering' });
      continue;
    }
    rec.ordered = !!s.A.supportsDeps;
    U.log(`dep_chain ${s.id}${rec.ordered ? '' : ' (unordered baseline)'}`);
    try {
      await withSystem('dep_chain', s, async (sys, run) => {
        const ports = await freePorts(OPT.chainLen);
        const names = ports.map((_, i) => `c${i + 1}`);
        sys.writeConfig(names.map((name, i) => app(run, name, 'node',
          [path.join(run.dir, 'tcp-ready.js'), String(ports[i]), String(OPT.chainDelayMs), run.dir, name],
          { dependsOn: i ? names[i - 1] : null, readyTcpPort: ports[i] })));
        sys.upInvoked = true;
        const up = U.runAsync(sys.upArgv(), { env: sys.env, cwd: sys.cwd, timeoutMs: OPT.timeoutMs, logFile: run.logFile });
        const readyAt = new Array(ports.length).fill(null);
        await U.waitFor('all chain ports open', async () => {
          const res = await Promise.all(ports.map((p, i) => (readyAt[i] !== null ? true : tcpOpen(p))));
          const t = U.nowMs();
          res.forEach((ok, i) => { if (ok && readyAt[i] === null) readyAt[i] = t - up.t0; });
          return readyAt.every((x) => x !== null);
        }, { timeoutMs: OPT.timeoutMs, intervalMs: 5 });
        const upRes = await up.done;
        rec.ready_ms = readyAt.map(U.r1);
        rec.last_ready_ms = U.r1(Math.max(...readyAt));
        rec.up_cli_ms = U.r1(upRes.ms);
        // ordering check from the children's own timestamps
        const ev = {};
        try {
          for (const l of fs.readFileSync(path.join(run.dir, 'chain.log'), 'utf8').split('\n')) {
            const [n, what, ts] = l.split(' ');
            if (n && !(ev[n] && ev[n][what])) (ev[n] = ev[n] || {})[what] = parseFloat(ts);
          }
        } catch {}
        rec.order_violations = names.slice(1).filter((n, i) => !(ev[n] && ev[names[i]] && ev[n].start >= ev[names[i]].ready)).length;
        // Split the chain into what the children cost (node start-up + the delay) and what the supervisor
        // cost (from a link's readiness to the exec of the next): the latter is the supervisor's overhead.
        if (names.every((n) => ev[n] && ev[n].origin && ev[n].start && ev[n].ready)) {
          const startup = names.map((n) => ev[n].start - ev[n].origin);
          rec.child_startup_ms = startup.map(U.r1);
          rec.spawn_gap_ms = names.slice(1).map((n, i) => U.r1(ev[n].origin - ev[names[i]].ready));
          rec.chain_ms = U.r1(ev[names[names.length - 1]].ready - ev[names[0]].origin);
          rec.ideal_with_startup_ms = U.r1(startup.reduce((a, b) => a + b, 0) + OPT.chainLen * OPT.chainDelayMs);
          rec.supervisor_overhead_ms = U.r1(rec.chain_ms - rec.ideal_with_startup_ms);
          rec.first_spawn_ms = U.r1(rec.last_ready_ms - rec.chain_ms);
        }
        const pids = U.pidsMatching(path.join(run.dir, 'tcp-ready.js'));
        const daemons = daemonPidsOf(sys, pids);
        const scanner = new U.ProcScanner(path.join(run.dir, 'tcp-ready.js'));
        await downAndWait(sys, scanner, daemons);
      });
    } catch (e) {
      rec.error = e.message;
    }
    emit(rec);
  }
}

// ------------------------------------------------------------------ tools --

function meta() {
  const cpus = os.cpus();
  const o = {
    scenario: 'meta', ts: new Date().toISOString(), host: os.hostname(), cpus: cpus.length,
    cpu_model: cpus[0] && cpus[0].model, mem_gb: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(), node: process.version, loadavg: os.loadavg().map(U.r1),
  };
  try { o.os = /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync('/etc/os-release', 'utf8'))[1]; } catch {}
  for (const s of selectedSystems()) o[`${s.id}_version`] = s.probe.ok ? s.probe.version : null;
  emit(o);
}

// Kill leftovers of earlier (crashed) harness runs: only /tmp/bench-run-* dirs,
// only pids recorded in their pid files or whose cmdline contains the dir.
function cleanupStale() {
  const prefix = ARGS.session ? `bench-run-${ARGS.session}-` : 'bench-run-';
  for (const d of fs.readdirSync('/tmp')) {
    if (!d.startsWith(prefix)) continue;
    const dir = path.join('/tmp', d);
    const pidFiles = [['pm2home/pm2.pid', 'PM2'], ['supervisord.pid', 'supervisord'], ['pilot-home/pilot.pid', 'pilot']];
    const victims = new Set();
    for (const [f, must] of pidFiles) {
      try {
        const pid = parseInt(fs.readFileSync(path.join(dir, f), 'utf8'), 10);
        if (pid && U.isAlive(pid) && (U.readCmdline(pid) || '').includes(must)) {
          victims.add(pid);
          U.descendantsOf([pid]).forEach((p) => victims.add(p));
        }
      } catch {}
    }
    U.pidsMatching(dir).forEach((p) => victims.add(p));
    for (const p of victims) { U.log(`cleanup: SIGKILL ${p} (${U.readCmdline(p)})`); U.killPid(p); }
    if (!ARGS.keep) fs.rmSync(dir, { recursive: true, force: true });
    U.log(`cleaned ${dir}`);
  }
}

// --------------------------------------------------------------- report ----

// Pool records of the same (scenario, system, N/lines) from several suite runs:
// raw `*_all` arrays are concatenated and their medians recomputed; counts are
// summed; *_min / *_max take the extreme; other numbers take the median.
function mergeRecords(recs) {
  const groups = new Map();
  for (const r of recs) {
    const k = r.scenario === 'meta' ? `meta|${groups.size}` : [r.scenario, r.system, r.n, r.lines, r.status, r.skipped].join('|');
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  const SUM = new Set(['runs', 'reps', 'rounds', 'failed_runs', 'incomplete_runs']);
  const out = [];
  for (const g of groups.values()) {
    if (g.length === 1) { out.push(g[0]); continue; }
    const m = { ...g[g.length - 1], merged: g.length };
    const keys = new Set(g.flatMap((r) => Object.keys(r)));
    for (const k of keys) {
      const vals = g.map((r) => r[k]).filter((x) => x !== undefined && x !== null);
      if (k.endsWith('_all') || k === 'all_ms') m[k] = vals.flat();
      else if (SUM.has(k)) m[k] = vals.reduce((a, b) => a + b, 0);
      else if (k.endsWith('_rc')) m[k] = [...new Set(vals.flat())];
      else if (k === 'error') m[k] = vals[0];
      else if (/(_|^)min$/.test(k)) m[k] = U.minOf(vals);
      else if (/(_|^)max$/.test(k)) m[k] = U.maxOf(vals);
      else if (vals.length && vals.every((x) => typeof x === 'number')) m[k] = U.r1(U.median(vals));
    }
    for (const k of keys) {
      if (!k.endsWith('_all')) continue;
      const base = k.slice(0, -4);
      if (keys.has(base) && m[k].every((x) => x === null || typeof x === 'number')) m[base] = U.r1(U.median(m[k]));
    }
    if (m.all_ms) Object.assign(m, summarize(m.all_ms));
    if (m.scenario === 'log_throughput' && m.complete_ms) m.mb_per_s = U.r1((m.lines * 100) / 1e6 / (m.complete_ms / 1000));
    if (m.scenario === 'spawn_n') m.alive_after_settle_max = U.maxOf(g.map((r) => r.alive_after_settle_max));
    out.push(m);
  }
  return out;
}

function report(files) {
  let recs = [];
  for (const f of files) {
    for (const l of fs.readFileSync(f, 'utf8').split('\n')) if (l.trim()) recs.push(JSON.parse(l));
  }
  // a meta line right after results (and followed by another meta or EOF) is an end-of-suite marker
  recs.forEach((r, i) => {
    if (r.scenario === 'meta' && i > 0 && recs[i - 1].scenario !== 'meta' && (!recs[i + 1] || recs[i + 1].scenario === 'meta')) r.phase = 'end';
  });
  const starts = recs.filter((r) => r.scenario === 'meta' && r.phase !== 'end');
  if (ARGS.merge) recs = mergeRecords(recs);
  const md = [];
  const v = (x) => (x === null || x === undefined ? '–' : Array.isArray(x) ? x.join(', ') : String(x));
  const table = (head, rows) => {
    md.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
    for (const r of rows) md.push(`| ${r.map(v).join(' | ')} |`);
    md.push('');
  };
  const by = (sc) => recs.filter((r) => r.scenario === sc);
  const sysName = (r) => `${r.system}${r.version ? ' ' + r.version : ''}`;
  const skipRow = (r, ncols) => [sysName(r), `skipped: ${r.reason}`, ...Array(ncols - 2).fill('')];
  const errNote = (r) => (r.error ? ` ⚠ ${r.failed_runs || 1} failed run(s): ${r.error}` : '') + (r.warning ? ` ⚠ ${r.warning}` : '');

  const metas = by('meta');
  const m = metas[0];
  const merged = recs.some((r) => r.merged > 1);
  md.push(`# ${ARGS.title || 'Supervisor benchmark results'}`, '');
  if (m) {
    md.push(`- Date: ${m.ts.slice(0, 10)} (${m.ts})`);
    md.push(`- Machine: ${m.cpus} vCPU (${m.cpu_model}), ${m.mem_gb} GiB RAM, ${m.os || ''}, kernel ${m.kernel}, Node ${m.node}`);
    if (merged) {
      md.push(`- **Pooled over ${Math.max(...recs.map((r) => r.merged || 1))} suite runs** (report --merge): raw samples of all runs are combined, then medians taken; \`runs\`/\`reps\` count all samples; \`load1\` is the median of the runs' values`);
      md.push(`- Suite runs started: ${starts.map((x) => `${x.ts.slice(0, 16).replace('T', ' ')}Z (load1 ${x.loadavg[0]})`).join(', ')}`);
    } else {
      md.push(`- Load average (1/5/15 min) at start: ${m.loadavg.join(' / ')}` +
        (metas.length > 1 ? `; at end: ${metas[metas.length - 1].loadavg.join(' / ')}` : '') + '; each row also records `load1` at the time it was written');
    }
    md.push(`- Versions: ${Object.keys(m).filter((k) => k.endsWith('_version')).map((k) => `${k.replace(/_version$/, '')} ${m[k] || 'n/a'}`).join(', ')}`);
  }
  if (ARGS.note) md.push(`- Note: ${ARGS.note}`);
  md.push('');

  const sp = by('spawn_n');
  if (sp.length) {
    md.push('## 1. spawn_n — boot N `sleep 1000` children (cold daemon start), then shut down', '');
    table(['system', 'N', 'runs', 'up → all N alive (ms)', 'up CLI exit (ms)', 'daemon RSS with N (KB)', 'down → children gone (ms)', 'down → daemon gone (ms)', 'per-run up→alive (ms)', 'load1'],
      sp.map((r) => (r.skipped ? skipRow(r, 10) : [sysName(r), r.n, r.runs, r.ready_ms + errNote(r), r.up_cli_ms, r.rss_kb, r.down_ms, r.down_daemon_ms, r.ready_ms_all, r.load1])));
  }
  const rl = by('restart_latency');
  if (rl.length) {
    md.push('## 2. restart_latency — SIGKILL the child, time until a new child pid is alive', '');
    table(['system', 'reps', 'median (ms)', 'min (ms)', 'max (ms)', 'all (ms)', 'load1'],
      rl.map((r) => (r.skipped ? skipRow(r, 7) : [sysName(r), r.reps, (r.median ?? '–') + errNote(r), r.min, r.max, r.all_ms, r.load1])));
  }
  const lt = by('log_throughput');
  if (lt.length) {
    md.push(`## 3. log_throughput — ${[...new Set(lt.map((r) => r.lines).filter(Boolean))].join('/') || '?'} × 100-byte lines to stdout, time until all are in the log file`, '');
    table(['system', 'lines', 'runs', 'complete (ms)', 'MB/s', 'producer write (ms)', 'missing (max)', 'dup (max)', 'malformed (max)', 'per-run complete (ms)', 'load1'],
      lt.map((r) => (r.skipped ? skipRow(r, 11) : [sysName(r), r.lines, r.runs, (r.complete_ms ?? 'incomplete') + errNote(r), r.mb_per_s, r.producer_ms, r.missing_max, r.dup_max, r.malformed_max, r.complete_ms_all, r.load1])));
  }
  const cl = by('cli_latency');
  if (cl.length) {
    md.push('## 4. cli_latency — one process running, wall time per CLI call', '');
    const spread = (a) => (a && a.length ? `${U.minOf(a)}–${U.maxOf(a)}` : '–');
    table(['system', 'status cmd', 'status median (ms)', 'status min–max', 'restart cmd', 'restart median (ms)', 'restart min–max', 'restart → new pid (ms)', 'hyperfine status/restart (ms)', 'exit codes status/restart', 'load1'],
      cl.map((r) => (r.skipped ? skipRow(r, 11) : [sysName(r), r.status_cmd, (r.status_ms ?? '–') + errNote(r), spread(r.status_ms_all), r.restart_cmd, r.restart_ms, spread(r.restart_ms_all), r.restart_to_new_pid_ms,
        r.status_ms_hyperfine !== undefined ? `${v(r.status_ms_hyperfine)} / ${v(r.restart_ms_hyperfine)}` : '–',
        `${v(r.status_rc)} / ${v(r.restart_rc)}`, r.load1])));
  }
  const dc = by('dep_chain');
  if (dc.length) {
    md.push('## 5. dep_chain — 5 processes, each ready (TCP) after 200 ms, each depending on the previous', '');
    table(['system', 'last ready (ms)', 'ideal (ms)', 'order violations', 'note'],
      dc.map((r) => (r.skipped ? skipRow(r, 5) : r.status === 'n/a' ? [sysName(r), 'n/a', r.ideal_ms, 'n/a', r.reason]
        : [sysName(r), (r.last_ready_ms ?? '–') + errNote(r), r.ideal_ms, r.order_violations, r.ordered ? `ordered; first spawn ${r.first_spawn_ms ?? '?'} ms, chain ${r.chain_ms ?? '?'} ms vs ${r.ideal_with_startup_ms ?? '?'} ms of child start-up + delays (supervisor overhead ${r.supervisor_overhead_ms ?? '?'} ms, per link ${(r.spawn_gap_ms || []).join(', ')})` : 'unordered baseline (no deps)'])));
  }
  process.stdout.write(md.join('\n') + '\n');
}

// ------------------------------------------------------------------- main --

const SCENARIOS = {
  spawn_n: spawnN, restart_latency: restartLatency, log_throughput: logThroughput,
  cli_latency: cliLatency, dep_chain: depChain,
};

async function main() {
  if (CMD === 'meta') return meta();
  if (CMD === 'report') return report(ARGS._.slice(1));
  if (CMD === 'cleanup') return cleanupStale();
  if (CMD === 'all') {
    for (const k of Object.keys(SCENARIOS)) await SCENARIOS[k]();
    return;
  }
  const f = SCENARIOS[CMD];
  if (!f) {
    process.stderr.write(`usage: node bench.js <${Object.keys(SCENARIOS).join('|')}|all|meta|report FILE...|cleanup> [options]\n`);
    process.exit(2);
  }
  await f();
}

main().then(() => process.exit(0), (e) => { U.log(`fatal: ${e.stack || e}`); cleanupAll('fatal'); process.exit(1); });
