// The summary: one row per headline figure of each scenario case, a cell per system, and pilot ÷ each peer.
import { SCENARIOS } from '../scenarios/index.mjs';
import { summarize } from '../stats.mjs';

const PILOT = 'pilot';

/** Why a system has no figure in a row ('n/a: …', 'skipped', 'failed'), or null. */
function absence(sys) {
  if (!sys) return 'not run';
  if (sys.status === 'n/a') return `n/a: ${sys.reason}`;
  if (sys.status === 'skipped') return 'skipped';
  if (sys.status === 'failed') return 'failed';
  return null;
}

/**
 * Rows `{ scenario, label, unit, digits, kind, load, cells: {id: cell}, ratios: {peer: number|null} }`; a cell is
 * `{ stats }` for a measure, `{ count, of }` for a count of runs, or `{ missing }` when there is no figure.
 */
export function summaryRows(results, systemIds) {
  const rows = [];
  // per scenario, each measure's cases together: boot 50, 200, 1000, then shutdown 50, 200, 1000, …
  const pairs = SCENARIOS.flatMap((scenario) => scenario.summary.flatMap((m) => results.filter((r) => r.scenario === scenario.id).map((result) => ({ m, result }))));
  for (const { m, result } of pairs) {
    const cells = {};
    for (const id of systemIds) {
      const sys = result.systems[id];
      const why = absence(sys);
      if (why) cells[id] = { missing: why };
      else if (m.kind === 'count') cells[id] = sys.counts?.[m.key] ?? { missing: 'not measured' };
      else if (!sys.metrics?.[m.key]) cells[id] = { missing: 'n/a' };
      else cells[id] = { stats: summarize(sys.metrics[m.key]), variant: sys.variant === 'unordered' ? 'unordered' : null };
      if (cells[id].stats && cells[id].stats.n === 0) cells[id] = { missing: 'failed' };
    }
    const ratios = {};
    for (const id of systemIds.filter((x) => x !== PILOT)) {
      const p = cells[PILOT]?.stats?.median;
      const q = cells[id]?.stats?.median;
      ratios[id] = systemIds.includes(PILOT) && typeof p === 'number' && typeof q === 'number' && q > 0 ? p / q : null;
    }
    rows.push({ scenario: result.scenario, label: m.label(result.params), unit: m.unit, digits: m.digits, kind: m.kind ?? 'measure', load: result.load, cells, ratios });
  }
  return rows;
}
