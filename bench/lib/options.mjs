// The command line of `npm run bench`, and the two profiles: the full suite and --quick.
import { parseArgs } from 'node:util';
import { SCENARIO_IDS } from './scenarios/index.mjs';
import { SYSTEM_IDS } from './systems/index.mjs';

export const USAGE = `usage: npm run bench -- [options]        (or: node bench/run.mjs [options])

Runs each scenario for pilot, PM2 and supervisord, their repetitions interleaved, and prints a table of medians,
min–max and the ratios pilot/peer. Results: bench/results/<date>-<time>-<full|quick|custom>.{jsonl,md} (custom:
narrowed or resized by the options below). Installs nothing: a missing system is skipped with the command that
installs it.

  --quick              a short run (~3 min): boot 50 only, fewer repetitions, monitor_cpu over 15 s
  --json               print the results as one JSON document on stdout (progress stays on stderr;
                       use npm run -s so npm's own header does not precede it)
  --systems LIST       comma-separated, from: ${SYSTEM_IDS.join(', ')} (default: all)
  --scenarios LIST     comma-separated, from: ${SCENARIO_IDS.join(', ')} (default: all)
  --n LIST             boot sizes (default 50,200,1000; --quick 50)
  --runs R             repetitions of boot, log_burst, dep_chain and monitor_cpu per system
  --rounds R           restart and cli: boots per system (2 measured calls each)
  --lines N            log_burst line count (default 200000)
  --monitor-seconds S  monitor_cpu window (default 60; --quick 15)
  --out DIR            where the results go (default bench/results)
  --update-docs        then splice the tables into docs/BENCHMARKS.md (a full run only: no --quick, nothing
                       narrowed or resized)
  --note TEXT          a note for the report header (e.g. "quiet machine")
  --max-minutes M      stop (and clean up) after M minutes (default 60; --quick 15)
  -h, --help`;

function profile(quick) {
  return quick
    ? {
        boot: { ns: [50], runs: { default: 2 }, settleMs: 1000 },
        restart: { rounds: 2, repsPerRound: 2, settleMs: 500, gapMs: 300 },
        log_burst: { lines: 200_000, runs: 2, settleMs: 500 },
        cli: { rounds: 2, repsPerRound: 2, settleMs: 500, gapMs: 300 },
        dep_chain: { links: 5, delayMs: 200, runs: 1 },
        monitor_cpu: { modes: ['sampling'], n: 100, seconds: 15, warmS: 3, runs: 1 },
      }
    : {
        boot: { ns: [50, 200, 1000], runs: { 1000: 3, default: 5 }, settleMs: 1000 },
        restart: { rounds: 5, repsPerRound: 2, settleMs: 1000, gapMs: 500 },
        log_burst: { lines: 200_000, runs: 5, settleMs: 1000 },
        cli: { rounds: 5, repsPerRound: 2, settleMs: 1000, gapMs: 300 },
        dep_chain: { links: 5, delayMs: 200, runs: 3 },
        monitor_cpu: { modes: ['sampling', 'defaults'], n: 100, seconds: 60, warmS: 5, runs: 1 },
      };
}

export class UsageError extends Error {}

function list(value, known, what) {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((x) => !known.includes(x));
  if (unknown.length > 0) throw new UsageError(`unknown ${what} ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (items.length === 0) throw new UsageError(`--${what}s needs at least one`);
  return items;
}

const inOrder = (all, chosen) => all.filter((x) => chosen.includes(x));

function positive(value, flag, { integer = true, max = Infinity } = {}) {
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n)) || n > max) throw new UsageError(`${flag} must be a positive ${integer ? 'integer' : 'number'}${max < Infinity ? ` up to ${max}` : ''}, got ${value}`);
  return n;
}

/** The options of one run, or a UsageError saying what is wrong. */
export function parseOptions(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      systems: { type: 'string' },
      scenarios: { type: 'string' },
      n: { type: 'string' },
      runs: { type: 'string' },
      rounds: { type: 'string' },
      lines: { type: 'string' },
      'monitor-seconds': { type: 'string' },
      out: { type: 'string' },
      'update-docs': { type: 'boolean', default: false },
      note: { type: 'string' },
      'max-minutes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const cfg = profile(values.quick);
  if (values.n) cfg.boot.ns = values.n.split(',').map((x) => positive(x, '--n', { max: 5000 }));
  if (values.runs) {
    const runs = positive(values.runs, '--runs', { max: 100 });
    cfg.boot.runs = { default: runs };
    for (const k of ['log_burst', 'dep_chain', 'monitor_cpu']) cfg[k].runs = runs;
  }
  if (values.rounds) for (const k of ['restart', 'cli']) cfg[k].rounds = positive(values.rounds, '--rounds', { max: 100 });
  if (values.lines) cfg.log_burst.lines = positive(values.lines, '--lines', { max: 999_999 }); // line numbers have 6 digits
  if (values['monitor-seconds']) cfg.monitor_cpu.seconds = positive(values['monitor-seconds'], '--monitor-seconds', { integer: false, max: 3600 });
  // a full run is the whole suite at its sizes; anything narrowed or resized is 'custom'
  const narrowed = ['systems', 'scenarios', 'n', 'runs', 'rounds', 'lines', 'monitor-seconds'].some((k) => values[k] !== undefined);
  const profileName = values.quick ? 'quick' : narrowed ? 'custom' : 'full';
  if (values['update-docs'] && profileName !== 'full') throw new UsageError(`--update-docs takes the tables of a full run: drop --quick and the options that narrow or resize it`);
  return {
    help: values.help,
    quick: values.quick,
    profile: profileName,
    json: values.json,
    // always in the table's order, whatever the order asked for
    systems: values.systems ? inOrder(SYSTEM_IDS, list(values.systems, SYSTEM_IDS, 'system')) : SYSTEM_IDS,
    scenarios: values.scenarios ? inOrder(SCENARIO_IDS, list(values.scenarios, SCENARIO_IDS, 'scenario')) : SCENARIO_IDS,
    out: values.out ?? null,
    updateDocs: values['update-docs'],
    note: values.note ?? null,
    maxMinutes: values['max-minutes'] ? positive(values['max-minutes'], '--max-minutes', { integer: false }) : values.quick ? 15 : 60,
    config: cfg,
  };
}
