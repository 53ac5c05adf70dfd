#!/usr/bin/env node
// npm run bench: the benchmark suite, pilot against PM2 and supervisord (see docs/BENCHMARKS.md).
// Runs the scenarios one after another, each system's repetitions interleaved with the others'; records the
// machine's facts and load; writes bench/results/<date>-<time>-<profile>.{jsonl,md}; prints the summary.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCleanup } from './lib/cleanup.mjs';
import { log } from './lib/log.mjs';
import { gitRevision, loadavg, machineFacts } from './lib/machine.mjs';
import { parseOptions, USAGE, UsageError } from './lib/options.mjs';
import { problems } from './lib/report/problems.mjs';
import { writeReport } from './lib/report/write.mjs';
import { SCENARIOS } from './lib/scenarios/index.mjs';
import { missingSystemsText, probeSystems } from './lib/systems/index.mjs';
import { spliceFile } from './splice-docs.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** Every wait of a scenario gives up after this long (PM2 booting 1000 processes on 2 busy cores takes a while). */
const WAIT_TIMEOUT_MS = 180_000;

const shellQuote = (arg) => (/^[A-Za-z0-9_/.,:=@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

function usageError(message) {
  process.stderr.write(`bench: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let opts;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS')) usageError(err.message);
  throw err;
}
if (opts.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (process.platform !== 'linux') usageError(`needs Linux (it reads /proc), not ${process.platform}`);

const systems = probeSystems(opts.systems);
const skipped = missingSystemsText(systems);
for (const line of skipped) log(line);
const pilot = systems.find((s) => s.id === 'pilot');
if (pilot && !pilot.probe.ok) usageError(`${pilot.probe.reason}${pilot.probe.install ? `: run \`${pilot.probe.install}\` first` : ''}`);
if (!systems.some((s) => s.probe.ok)) usageError('none of the systems asked for is installed');

const startedAt = new Date();
const stamp = startedAt.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, ''); // 2026-12-01-230809
const session = `${stamp}-${process.pid}`;
installCleanup(session, opts.maxMinutes);

const outDir = resolve(opts.out ?? join(REPO, 'bench/results'));
mkdirSync(outDir, { recursive: true });
const base = join(outDir, `${stamp}-${opts.profile}`);
const files = { jsonl: `${base}.jsonl`, md: `${base}.md` };
writeFileSync(files.jsonl, '');
const record = (obj) => appendFileSync(files.jsonl, `${JSON.stringify(obj)}\n`);

const meta = {
  type: 'meta',
  started_at: startedAt.toISOString(),
  profile: opts.profile,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map(shellQuote).join(' ')}` : ''}`,
  note: opts.note,
  machine: machineFacts(),
  systems: opts.systems,
  versions: Object.fromEntries(systems.map((s) => [s.id, s.probe.ok ? s.probe.version ?? 'unknown' : null])),
  skipped,
  pilot_commit: gitRevision(REPO),
  config: opts.config,
};
record(meta);
log(`${opts.profile} run: ${opts.scenarios.join(', ')} for ${systems.filter((s) => s.probe.ok).map((s) => s.id).join(', ')}; load ${meta.machine.loadavg.join(' / ')}`);

const ctx = { session, systems, timeoutMs: WAIT_TIMEOUT_MS };
const results = [];
for (const scenario of SCENARIOS.filter((s) => opts.scenarios.includes(s.id))) {
  const cfg = opts.config[scenario.id];
  for (const params of scenario.cases(cfg)) {
    const t0 = Date.now();
    const loadStart = loadavg();
    const out = await scenario.run(ctx, cfg, params);
    const result = { type: 'result', scenario: scenario.id, params: out.params, load: { start: loadStart, end: loadavg() }, started_at: new Date(t0).toISOString(), duration_s: (Date.now() - t0) / 1000, systems: out.systems };
    record(result);
    results.push(result);
  }
}
const end = { type: 'end', ended_at: new Date().toISOString(), duration_s: (Date.now() - startedAt.getTime()) / 1000, loadavg: loadavg() };
record(end);

const { rows, md } = writeReport(files.md, { meta, results, end });
const shown = (f) => (relative(process.cwd(), f).startsWith('..') ? f : relative(process.cwd(), f));
if (opts.json) process.stdout.write(`${JSON.stringify({ meta, results, summary: rows, end, files })}\n`);
else process.stdout.write(`\n${md.head}\n\n${md.summary}\nDetails: ${shown(files.md)} (raw: ${shown(files.jsonl)})\n`);
if (opts.updateDocs) log(`updated ${shown(spliceFile(files.md))}`);
const found = problems(results);
for (const p of found) log(`problem: ${p}`);
for (const line of skipped) log(line); // again, where it is seen
log(`done in ${Math.round(end.duration_s)} s`);
process.exit(found.length > 0 ? 1 : 0);
