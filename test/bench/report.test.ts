// The benchmark suite's own logic (bench/ is plain JavaScript run by node: imported here by URL).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

const bench = (file: string) => import(new URL(`../../../bench/${file}`, import.meta.url).href);

const ok = (metrics: Record<string, number[]>, extra: Record<string, unknown> = {}) => ({ status: 'ok', version: '1', runs: 3, errors: [], metrics, ...extra });
const load = { start: [1.5, 1, 1], end: [2, 1, 1] };

describe('bench: summary and report', () => {
  test('medians, spreads and pilot ÷ peer ratios; n/a, skipped and unordered cells say so', async () => {
    const { summaryRows } = await bench('lib/report/summary.mjs');
    const results = [
      { scenario: 'restart', params: { rounds: 1, reps_per_round: 3 }, load, systems: { pilot: ok({ restart_ms: [10, 12, 30] }), pm2: ok({ restart_ms: [20, 24, 26] }), supervisord: { status: 'skipped', reason: 'supervisord not found' } } },
      { scenario: 'dep_chain', params: { links: 5, delay_ms: 200, runs: 1 }, load, systems: { pilot: ok({ last_ready_ms: [2000], overhead_ms: [150] }, { variant: 'ordered' }), pm2: ok({ last_ready_ms: [1000] }, { variant: 'unordered' }), supervisord: ok({ last_ready_ms: [1600] }, { variant: 'unordered' }) } },
      { scenario: 'monitor_cpu', params: { mode: 'sampling', n: 100, seconds: 60, runs: 1 }, load, systems: { pilot: ok({ cpu_percent: [0.5] }), pm2: ok({ cpu_percent: [1] }), supervisord: { status: 'n/a', reason: 'no resource monitoring of its own' } } },
    ];
    const rows = summaryRows(results, ['pilot', 'pm2', 'supervisord']);
    const restart = rows.find((r: { scenario: string }) => r.scenario === 'restart');
    assert.deepEqual(restart.cells.pilot.stats, { median: 12, min: 10, max: 30, n: 3 });
    assert.equal(restart.ratios.pm2, 0.5);
    assert.equal(restart.ratios.supervisord, null);
    assert.equal(restart.cells.supervisord.missing, 'skipped');
    const [chain, overhead] = rows.filter((r: { scenario: string }) => r.scenario === 'dep_chain');
    assert.equal(chain.cells.pm2.variant, 'unordered');
    assert.equal(chain.ratios.pm2, 2);
    assert.equal(overhead.cells.pm2.missing, 'n/a', 'only pilot measures the time between links');
    const cpu = rows.find((r: { scenario: string }) => r.scenario === 'monitor_cpu');
    assert.equal(cpu.cells.supervisord.missing, 'n/a: no resource monitoring of its own');

    const { renderMarkdown } = await bench('lib/report/markdown.mjs');
    const meta = { profile: 'full', started_at: '2026-12-01T10:00:00.000Z', command: 'npm run bench', machine: { cpus: 2, cpu_model: 'X', mem_gib: 4, os: 'Debian', kernel: '6', node: 'v20', loadavg: [1, 1, 1] }, systems: ['pilot', 'pm2', 'supervisord'], versions: { pilot: '0.1.0', pm2: '7', supervisord: null }, skipped: ['supervisord: supervisord not found; skipped'], pilot_commit: 'abc', note: null };
    const md = renderMarkdown({ meta, results, rows, end: { duration_s: 600, loadavg: [2, 1, 1] } });
    assert.match(md.summary, /\| kill -9 → new process alive \(ms\) \| 12\.0 \(10\.0–30\.0\) \| 24\.0 \(20\.0–26\.0\) \| skipped \| 0\.50× \| – \| 1\.5 → 2 \|/);
    assert.match(md.summary, /\| 1,000 \(unordered\) \|/);
    assert.match(md.head, /supervisord: not installed/);
    assert.match(md.body, /### restart after kill -9/);
  });

  test('numbers: ms to the ms from 100 on, a decimal below; a single sample has no spread', async () => {
    const { formatNumber, formatSpread, formatRatio } = await bench('lib/report/format.mjs');
    assert.equal(formatNumber(1234.56, 'ms'), '1,235');
    assert.equal(formatNumber(9.87, 'ms'), '9.9');
    assert.equal(formatNumber(55.24, 'MB'), '55.2');
    assert.equal(formatNumber(0.456, '% of a core', 2), '0.46');
    assert.equal(formatSpread({ median: 5, min: 5, max: 5, n: 1 }, 'ms'), '5.0');
    assert.equal(formatSpread({ median: 55.21, min: 55.2, max: 55.24, n: 3 }, 'MB'), '55.2');
    assert.equal(formatSpread({ median: null, min: null, max: null, n: 0 }, 'ms'), '–');
    assert.equal(formatRatio(0.4567), '0.46×');
    assert.equal(formatRatio(null), '–');
  });

  test('problems: failed runs, lost lines and order violations fail the run', async () => {
    const { problems } = await bench('lib/report/problems.mjs');
    assert.deepEqual(problems([{ scenario: 'cli', params: {}, systems: { pilot: ok({}) } }]), []);
    const found = problems([
      { scenario: 'log_burst', params: {}, systems: { pilot: ok({}, { counts: { intact: { count: 4, of: 5 } } }), pm2: { status: 'failed', errors: ['timed out'] } } },
      { scenario: 'dep_chain', params: {}, systems: { pilot: ok({}, { order_violations: 2 }) } },
    ]);
    assert.deepEqual(found, ['log_burst pilot: 1 of 5 runs did not log every line once, in order', 'log_burst pm2: timed out', 'dep_chain pilot: 2 dependency order violations']);
  });
});

describe('bench: log completeness', () => {
  test('checkLog counts lines missing, duplicated, out of order and malformed, raw or with pilot prefixes', async () => {
    const { checkLog, PAYLOAD } = await bench('lib/scenarios/log-burst.mjs');
    const line = (i: number) => `L${String(i).padStart(6, '0')} ${PAYLOAD}`;
    const clean = Array.from({ length: 10 }, (_, i) => line(i)).join('\n') + '\n';
    assert.deepEqual(checkLog(clean, 10), { missing: 0, duplicated: 0, out_of_order: 0, malformed: 0 });
    const prefixed = Array.from({ length: 10 }, (_, i) => `2026-12-01T00:00:00.00${i}Z out ${line(i)}`).join('\n') + '\n';
    assert.deepEqual(checkLog(prefixed, 10), { missing: 0, duplicated: 0, out_of_order: 0, malformed: 0 });
    const bad = [0, 1, 3, 2, 4, 4, 6, 7, 8].map(line).join('\n') + '\nL000009 truncated\n';
    assert.deepEqual(checkLog(bad, 10), { missing: 2, duplicated: 1, out_of_order: 1, malformed: 1 });
  });
});

describe('bench: options and docs', () => {
  test('profiles, lists in table order, and clear errors', async () => {
    const { parseOptions, UsageError } = await bench('lib/options.mjs');
    const quick = parseOptions(['--quick', '--systems', 'supervisord,pilot']);
    assert.deepEqual(quick.systems, ['pilot', 'supervisord']);
    assert.deepEqual(quick.config.boot.ns, [50]);
    assert.equal(quick.config.monitor_cpu.seconds, 15);
    const full = parseOptions([]);
    assert.deepEqual(full.config.boot.ns, [50, 200, 1000]);
    assert.equal(full.config.monitor_cpu.seconds, 60);
    assert.equal(parseOptions(['--runs', '2']).config.log_burst.runs, 2);
    assert.throws(() => parseOptions(['--systems', 'pilot,runit']), (e: Error) => e instanceof UsageError && /unknown system runit \(known: pilot, pm2, supervisord\)/.test(e.message));
    assert.equal(full.profile, 'full');
    assert.equal(quick.profile, 'quick');
    assert.equal(parseOptions(['--scenarios', 'cli']).profile, 'custom');
    assert.throws(() => parseOptions(['--quick', '--update-docs']), UsageError);
    assert.throws(() => parseOptions(['--runs', '1', '--update-docs']), /a full run only|full run/);
    assert.throws(() => parseOptions(['--lines', '2000000']), /--lines must be a positive integer up to 999999/);
  });

  test('splice replaces what is between the markers and keeps the rest of the page', async () => {
    const { splice, BEGIN, END } = await bench('splice-docs.mjs');
    const doc = `# Benchmarks\n\nhand-written\n\n${BEGIN}\nold tables\n${END}\n\nmore prose\n`;
    const out = splice(doc, '# Benchmark: pilot vs PM2 (full run)\n\n- Run: full\n\n### Summary\n', 'bench/results/x.md');
    assert.ok(out.startsWith('# Benchmarks\n\nhand-written\n\n'));
    assert.ok(out.endsWith(`${END}\n\nmore prose\n`));
    assert.match(out, /generated from bench\/results\/x\.md/);
    assert.match(out, /- Run: full\n\n### Summary\n/);
    assert.doesNotMatch(out, /old tables|# Benchmark: pilot/);
    assert.equal(splice(out, '# T\n\nnew\n', 'y.md').match(/new/g)?.length, 1, 'splicing again replaces, never appends');
    assert.throws(() => splice('no markers', 'x', 'y'), /no <!-- bench:results:begin -->/);
  });
});
