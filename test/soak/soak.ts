#!/usr/bin/env node
// The soak: `npm run soak -- --minutes M [--interval S] [--warmup S] [--json]`. A stack with a process that
// crashes every 50 ms (no backoff, no restart limit) and a chatty one runs for M minutes under a background
// supervisor (bin/pilot.js up -d); the supervisor's RSS and open fds are sampled every S seconds. It fails
// on RSS growth beyond 20% after the warm-up (peak against peak; judged when at least two minutes follow the
// warm-up: a shorter run cannot tell a leak from the heap still settling), on any fd the supervisor leaked
// (one still open a few seconds later: a socket a command just closed is not a leak), on anything left
// alive, or when the crasher did not restart at all. CI runs it for half a minute (.ci/run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stackPaths } from '../../src/control/state-dir.js';
import { pidsWithEnv } from '../helpers/procs.js';
import { fdKinds, openFds, sampleProcess, type ProcSample } from './proc-sample.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    interval: { type: 'string', default: '10' },
    warmup: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const intervalSec = Number(values.interval);
const durationSec = minutes * 60;
// Two minutes: in short runs the supervisor's heap kept growing in steps for about that long, then held.
const warmupSec = values.warmup !== undefined ? Number(values.warmup) : Math.min(120, durationSec / 4);
const MAX_GROWTH = 0.2;
/** RSS growth is judged only over at least this much time after the warm-up, seconds. */
const MIN_RSS_SPAN_SEC = 120;
const log = (text: string): void => {
  if (!values.json) console.log(text);
};

const dir = mkdtempSync(join(tmpdir(), 'pilot-soak-'));
const home = join(dir, 'home');
const manifest = join(dir, 'pilot.yaml');
writeFileSync(
  manifest,
  `kill_timeout: 2
processes:
  - name: crasher          # crashes every 50 ms, restarted at once, forever
    path: /bin/sh
    args: ["-c", "sleep 0.05; exit 1"]
    restart_policy: { backoff_initial_sec: 0, backoff_max_sec: 0, max_restarts: 0 }
  - name: chatty           # ~500 lines a second
    path: ${JSON.stringify(process.execPath)}
    args: [${JSON.stringify(join(repoRoot, 'test/fixtures/bin/chatty-rate.js'))}, 500]
`,
);
const env = { ...process.env, PILOT_HOME: home, NO_COLOR: '1' };

/** Runs a pilot command; throws with its output when it fails. */
function pilot(...args: string[]): string {
  const res = spawnSync(process.execPath, [join(repoRoot, 'bin/pilot.js'), ...args], { env, encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) throw new Error(`pilot ${args.join(' ')} exited ${res.status ?? res.signal}:\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The supervisor's fds with the crasher stopped (nothing in flight), once two reads a moment apart agree. */
async function quietFds(pid: number): Promise<Map<number, string>> {
  pilot('stop', 'crasher', '-f', manifest);
  let last = openFds(pid);
  for (let i = 0; i < 30; i++) {
    await wait(100);
    const now = openFds(pid);
    if (now.size === last.size) return now;
    last = now;
  }
  return last;
}

// The fds open at the end that were not open after the warm-up (log files excepted: they rotate), looked at
// again for a few seconds: one that a command's connection or a stopped child held closes meanwhile, a leak stays.
async function persistentLeaks(pid: number, base: Map<number, string>, end: Map<number, string>): Promise<{ fds: Map<number, string>; leaked: string[] }> {
  const newOnes = (fds: Map<number, string>): string[] => [...fds].filter(([fd, target]) => base.get(fd) !== target && !/\.log(\.\d+)?$/.test(target)).map(([fd, target]) => `${fd} → ${target}`);
  let fds = end;
  for (let i = 0; i < 20 && newOnes(fds).length > 0; i++) {
    await wait(250);
    fds = openFds(pid);
  }
  return { fds, leaked: newOnes(fds) };
}

function restartsOf(name: string): number {
  const states = JSON.parse(pilot('ps', '--json', '-f', manifest)) as { name: string; restarts: number }[];
  return states.find((s) => s.name === name)?.restarts ?? 0;
}

async function soak(): Promise<number> {
  log(`soak: ${minutes} min, sampling every ${intervalSec} s, warm-up ${warmupSec} s (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  const up = pilot('up', '-d', manifest);
  const pid = Number(/supervisor pid (\d+)/.exec(up)?.[1]);
  const started = performance.now();
  const samples: ProcSample[] = [];
  const elapsed = (): number => (performance.now() - started) / 1000;
  let baselineFds: Map<number, string> | null = null;
  let restartsAtWarmup = 0;
  while (elapsed() < durationSec) {
    const next = Math.min(durationSec, (Math.floor(elapsed() / intervalSec) + 1) * intervalSec);
    if (baselineFds === null && next > warmupSec && elapsed() >= warmupSec) {
      restartsAtWarmup = restartsOf('crasher');
      baselineFds = await quietFds(pid);
      pilot('start', 'crasher', '-f', manifest);
      log(`  warm-up over at ${elapsed().toFixed(0)} s: ${baselineFds.size} fds with the crasher stopped ${JSON.stringify(fdKinds(baselineFds))}`);
      continue;
    }
    await wait(Math.max(0, (next - elapsed()) * 1000));
    const sample = sampleProcess(pid, Number(elapsed().toFixed(1)));
    samples.push(sample);
    log(`  ${sample.at.toFixed(0).padStart(5)} s  rss ${(sample.rssKb / 1024).toFixed(1)} MB  fds ${sample.fds}  cpu ${sample.cpuSec.toFixed(1)} s`);
  }
  const restarts = restartsOf('crasher') - restartsAtWarmup;
  const endFds = await quietFds(pid);
  const base = baselineFds ?? new Map<number, string>();
  const { fds: finalFds, leaked } = await persistentLeaks(pid, base, endFds); // (while the supervisor runs)
  const lastChatty = /chatty (\d+)/.exec(pilot('logs', 'chatty', '-n', '1', '--file', manifest))?.[1];
  pilot('down', '-f', manifest);
  const leftovers = pidsWithEnv('PILOT_STACK', stackPaths(manifest, { PILOT_HOME: home }).stackId);

  // RSS is a sawtooth (V8 and malloc give memory back in steps): compare the peaks of a window at the start
  // and at the end, each a fifth of the run after the warm-up (at least three samples), not single samples.
  const after = samples.filter((s) => s.at > warmupSec);
  const window = Math.max(1, Math.min(Math.floor(after.length / 2), Math.max(3, Math.round(after.length / 5))));
  const baselineRss = Math.max(...after.slice(0, window).map((s) => s.rssKb));
  const finalRss = Math.max(...after.slice(-window).map((s) => s.rssKb));
  const growth = finalRss / baselineRss - 1;
  const rssSpanSec = (after.at(-1)?.at ?? 0) - warmupSec;
  const rssJudged = rssSpanSec >= MIN_RSS_SPAN_SEC;
  const problems: string[] = [];
  if (after.length < 2) problems.push(`only ${after.length} sample(s) after the warm-up: run longer`);
  if (rssJudged && growth > MAX_GROWTH) problems.push(`supervisor RSS grew ${(growth * 100).toFixed(1)}% after the warm-up (limit ${MAX_GROWTH * 100}%)`);
  if (leaked.length > 0) problems.push(`the supervisor holds ${leaked.length} fd(s) it did not hold after the warm-up, still open seconds later: ${leaked.join(', ')}`);
  if (restarts === 0) problems.push('the crasher never restarted after the warm-up: nothing was soaked');
  if (leftovers.length > 0) problems.push(`${leftovers.length} process(es) left alive after pilot down: ${leftovers.join(' ')}`);

  const summary = {
    minutes,
    intervalSec,
    warmupSec,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    cpus: (await import('node:os')).availableParallelism(),
    crasherRestarts: restarts,
    restartsPerSecond: Number((restarts / Math.max(1, durationSec - warmupSec)).toFixed(1)),
    chattyLines: Number(lastChatty ?? 0),
    rssWindowSamples: window,
    rssMb: { baseline: Number((baselineRss / 1024).toFixed(1)), final: Number((finalRss / 1024).toFixed(1)), max: Number((Math.max(...samples.map((s) => s.rssKb)) / 1024).toFixed(1)), growthPercent: Number((growth * 100).toFixed(1)) },
    fds: { afterWarmup: base.size, atEnd: finalFds.size, kinds: fdKinds(finalFds), leaked },
    rssJudged,
    supervisorCpuSec: samples.at(-1)?.cpuSec ?? 0,
    leftovers: leftovers.length,
    samples,
    ok: problems.length === 0,
    problems,
  };
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else {
    log(`crasher restarted ${restarts} times after the warm-up (${summary.restartsPerSecond}/s); chatty wrote ${summary.chattyLines} lines`);
    const judged = rssJudged ? '' : ` — not judged: ${rssSpanSec.toFixed(0)} s after the warm-up, under ${MIN_RSS_SPAN_SEC} s`;
    log(`supervisor RSS (peak of ${window} samples) ${summary.rssMb.baseline} MB after the warm-up → ${summary.rssMb.final} MB at the end (${summary.rssMb.growthPercent >= 0 ? '+' : ''}${summary.rssMb.growthPercent}%, max ${summary.rssMb.max} MB${judged}); fds ${base.size} → ${finalFds.size}; CPU ${summary.supervisorCpuSec.toFixed(1)} s; left alive: ${leftovers.length}`);
    log(problems.length === 0 ? 'soak passed' : `soak FAILED:\n  ${problems.join('\n  ')}`);
  }
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await soak();
} catch (err) {
  // stop whatever is still running before giving up
  spawnSync(process.execPath, [join(repoRoot, 'bin/pilot.js'), 'down', '-f', manifest], { env, timeout: 60_000 });
  console.error(`soak: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
