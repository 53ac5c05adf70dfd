#!/usr/bin/env node
// The manifest fuzzer: `npm run fuzz -- --runs N [--seed S] [--jobs J] [--timeout-ms MS] [--real-every K] [--out DIR]`
// or `npm run fuzz -- --replay FILE [--fixture NAME]`. Mutates the valid manifests of the repository and checks that
// `pilot validate` exits 0 or 2 in time, locates its diagnostics, and never prints a stack trace.
// Cases run through the bundled CLI's main() in worker threads (fast, one watchdog per case); a sample and
// every failure also run through the real `node bin/pilot.js`, which must agree.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { judge, type Outcome } from './judge.js';
import { caseDir, loadBases, makeCase, prepareWorkspace, type Base, type FuzzCase } from './make-case.js';
import { WorkerPool } from './pool.js';
import { runRealCli } from './real-cli.js';
import { readReplay, writeReplay } from './replay-file.js';
import { addToCorpus } from './to-fixture.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    jobs: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    'timeout-ms': { type: 'string', default: '5000' },
    'real-every': { type: 'string', default: '25' },
    out: { type: 'string', default: 'fuzz-failures' },
    replay: { type: 'string' },
    fixture: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const timeoutMs = Number(values['timeout-ms']);
const realTimeoutMs = timeoutMs * 3; // a process start on a loaded machine on top
const realEvery = Number(values['real-every']);

interface Checked {
  problems: string[];
  /** The worker timed out but the real CLI answered within its longer bound. */
  slow?: boolean;
  outcome: Outcome;
  real?: Outcome;
}

// One case: in a worker, then (when sampled or failed) through the real CLI, which must agree.
async function check(pool: WorkerPool, c: FuzzCase, file: string, json: boolean, viaReal: boolean): Promise<Checked> {
  const argv = ['validate', file, ...(json ? ['--json'] : [])];
  const outcome = await pool.run(argv);
  const problems = judge(outcome, { bytes: c.bytes, json, timeoutMs });
  if (!viaReal && problems.length === 0) return { problems, outcome };
  const real = await runRealCli(repoRoot, argv, process.cwd(), realTimeoutMs);
  const realProblems = judge(real, { bytes: c.bytes, json, timeoutMs: realTimeoutMs });
  if (outcome.timedOut && realProblems.length === 0) {
    // The worker's bound passed but the real CLI, with three times as long, answered well: the machine was
    // busy (a shared machine, or nice 19), not pilot hung. Counted as slow, judged by the real CLI.
    return { problems: realProblems, outcome: real, real, slow: true };
  }
  problems.push(...realProblems.map((p) => `real CLI: ${p}`));
  if (!outcome.timedOut && !outcome.crashed && !real.timedOut && !real.crashed) {
    if (real.code !== outcome.code) problems.push(`the real CLI exited ${real.code}, main() in a worker ${outcome.code}`);
    else if (real.stderr !== outcome.stderr) problems.push('the real CLI printed other diagnostics than main() in a worker');
  }
  return { problems, outcome, real };
}

async function replay(file: string): Promise<number> {
  const { fuzzCase, json, problems: before } = readReplay(file);
  const bases = loadBases(repoRoot);
  const workspace = mkdtempSync(join(tmpdir(), 'pilot-fuzz-'));
  const pool = new WorkerPool(1, timeoutMs);
  try {
    prepareWorkspace(repoRoot, workspace, bases);
    const path = join(caseDir(workspace, bases, fuzzCase.base), `replay.${fuzzCase.ext}`);
    writeFileSync(path, fuzzCase.bytes);
    const { problems, outcome, real } = await check(pool, fuzzCase, path, json, true);
    console.log(`case ${fuzzCase.index} of seed ${fuzzCase.seed} (${fuzzCase.base}: ${fuzzCase.mutations.join(', ')})`);
    console.log(`recorded problems: ${before.join('; ') || 'none'}`);
    console.log(`in a worker: exit ${outcome.code} in ${Math.round(outcome.ms)} ms; real CLI: exit ${real?.code} in ${Math.round(real?.ms ?? 0)} ms`);
    if (real?.stderr) console.log(`stderr (real CLI):\n${real.stderr.slice(0, 4000)}`);
    console.log(problems.length === 0 ? 'passes now' : `still failing:\n  ${problems.join('\n  ')}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await pool.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

// --replay FILE --fixture NAME: the case joins the invalid-manifest corpus, with its diagnostics as expected.json has them.
async function toFixture(file: string, name: string): Promise<number> {
  const { fuzzCase } = readReplay(file);
  const entry = await addToCorpus(repoRoot, name, fuzzCase);
  console.log(`wrote test/fixtures/invalid/${name} and its entry in expected.json:\n  ${JSON.stringify(entry)}`);
  console.log('check that the diagnostics are the right ones (this records what pilot says now), then commit both');
  return 0;
}

async function run(): Promise<number> {
  const runs = Number(values.runs);
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const jobs = Math.max(1, Number(values.jobs));
  const bases = loadBases(repoRoot);
  const workspace = mkdtempSync(join(tmpdir(), 'pilot-fuzz-'));
  const pool = new WorkerPool(jobs, timeoutMs);
  const started = performance.now();
  const stats: Stats = { cases: 0, valid: 0, invalid: 0, failed: 0, real: 0, slow: 0, slowestMs: 0, slowest: -1, codes: new Set<string>() };
  let interrupted = false;
  // Ctrl-C: finish the cases under way, then print the summary of what ran.
  process.once('SIGINT', () => {
    interrupted = true;
    if (!values.json) console.log('interrupted: finishing the cases under way');
  });
  const failures: string[] = [];
  let lastReport = started;
  if (!values.json) console.log(`fuzzing pilot validate: ${runs} cases, seed ${seed}, ${jobs} worker${jobs === 1 ? '' : 's'}, bound ${timeoutMs} ms per case`);
  try {
    prepareWorkspace(repoRoot, workspace, bases);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < runs && !interrupted) {
        const index = next++;
        await runOne(bases, workspace, pool, seed, index, stats, failures);
        if (!values.json && performance.now() - lastReport > 10_000) {
          lastReport = performance.now();
          console.log(`  ${stats.cases}/${runs} cases, ${stats.failed} failing, ${((lastReport - started) / 1000).toFixed(0)} s`);
        }
      }
    };
    await Promise.all(Array.from({ length: jobs }, lane));
  } finally {
    await pool.close();
    rmSync(workspace, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    seed,
    cases: stats.cases,
    valid: stats.valid,
    invalid: stats.invalid,
    failed: stats.failed,
    realCliRuns: stats.real,
    slowUnderLoad: stats.slow,
    interrupted,
    seconds: Number(seconds.toFixed(1)),
    casesPerSecond: Number((stats.cases / seconds).toFixed(0)),
    slowestMs: Math.round(stats.slowestMs),
    slowestCase: stats.slowest,
    diagnosticCodes: [...stats.codes].sort(),
    failures,
  };
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(`${summary.cases} cases in ${summary.seconds} s (${summary.casesPerSecond}/s): ${summary.valid} valid (exit 0), ${summary.invalid} invalid (exit 2), ${summary.failed} failing; ${summary.realCliRuns} through the real CLI${summary.slowUnderLoad > 0 ? ` (${summary.slowUnderLoad} of them after the worker's bound passed on a busy machine)` : ''}${interrupted ? ' (interrupted)' : ''}`);
    console.log(`slowest case: #${summary.slowestCase}, ${summary.slowestMs} ms; diagnostic codes seen (--json cases): ${summary.diagnosticCodes.length} (${summary.diagnosticCodes.join(', ')})`);
    for (const f of failures) console.log(`FAIL ${f}`);
    if (failures.length > 0) console.log(`replay one with: npm run fuzz -- --replay FILE`);
  }
  return failures.length === 0 ? 0 : 1;
}

type Stats = { cases: number; valid: number; invalid: number; failed: number; real: number; slow: number; slowestMs: number; slowest: number; codes: Set<string> };

async function runOne(bases: Base[], workspace: string, pool: WorkerPool, seed: number, index: number, stats: Stats, failures: string[]): Promise<void> {
  const c = makeCase(bases, seed, index);
  const file = join(caseDir(workspace, bases, c.base), `fuzz-${index}.${c.ext}`);
  writeFileSync(file, c.bytes);
  const json = index % 2 === 1;
  const viaReal = realEvery > 0 && index % realEvery === 0;
  const { problems, outcome, real, slow } = await check(pool, c, file, json, viaReal);
  rmSync(file, { force: true });
  stats.cases++;
  if (real) stats.real++;
  if (slow) stats.slow++;
  if (outcome.code === 0) stats.valid++;
  else if (outcome.code === 2) stats.invalid++;
  if (outcome.ms > stats.slowestMs) {
    stats.slowestMs = outcome.ms;
    stats.slowest = index;
  }
  if (json) for (const m of outcome.stdout.matchAll(/"code": "([a-z0-9-]+)"/g)) stats.codes.add(m[1] as string);
  if (problems.length === 0) return;
  stats.failed++;
  const saved = writeReplay(values.out as string, c, json, problems, real && problems.every((p) => p.startsWith('real CLI')) ? real : outcome);
  failures.push(`#${index} (${c.base}: ${c.mutations.join(', ')}): ${problems.join('; ')} → ${saved}`);
}

if (values.fixture !== undefined && values.replay === undefined) throw new Error('--fixture NAME goes with --replay FILE');
process.exitCode = values.replay !== undefined ? (values.fixture !== undefined ? await toFixture(values.replay, values.fixture) : await replay(values.replay)) : await run();
