// The report as markdown: machine facts, the summary with ratios, then one table per scenario case.
import { SCENARIOS } from '../scenarios/index.mjs';
import { summarize } from '../stats.mjs';
import { formatLoad, formatRatio, formatSpread } from './format.mjs';

const PROFILE_NOTES = {
  quick: ' (short: fewer repetitions, boot 50 only, monitor_cpu shortened; figures are indicative)',
  custom: ' (narrowed or resized by its options: see the command)',
};
const NAMES = { pilot: 'pilot', pm2: 'PM2', supervisord: 'supervisord' };
const name = (id) => NAMES[id] ?? id;
const cellText = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cellText).join(' | ')} |`), ''];
}

function summaryCell(row, cell) {
  if (cell.missing) return cell.missing;
  if (row.kind === 'count') return `${cell.count}/${cell.of}`;
  return formatSpread(cell.stats, row.unit, row.digits) + (cell.variant ? ' (unordered)' : '');
}

function versionOf(meta, id) {
  const v = meta.versions[id];
  return v ? `${name(id)} ${v}` : `${name(id)}: not installed`;
}

/**
 * `{ title, head, summary, details, body }`: the title line; the run's facts, the summary table and the per-case
 * tables; body is all three (what docs/BENCHMARKS.md holds between its markers).
 */
export function renderMarkdown({ meta, results, rows, end }) {
  const ids = meta.systems;
  const peers = ids.filter((id) => id !== 'pilot');
  const ratioPeers = ids.includes('pilot') ? peers : []; // pilot ÷ peer needs pilot
  const m = meta.machine;
  const started = meta.started_at.slice(0, 16).replace('T', ' ');
  const minutes = end ? Math.round(end.duration_s / 6) / 10 : null;
  const out = [];
  out.push(
    `- Run: ${meta.profile}${PROFILE_NOTES[meta.profile] ?? ''}, ${started} UTC${minutes !== null ? `, ${minutes} min` : ''}; \`${meta.command}\``,
    `- Machine: ${m.cpus} CPUs (${m.cpu_model}), ${m.mem_gib} GiB RAM, ${m.os ?? 'unknown OS'}, kernel ${m.kernel}, Node ${m.node}`,
    `- Load average (1/5/15 min): ${m.loadavg.join(' / ')} at the start${end ? `, ${end.loadavg.join(' / ')} at the end` : ''}; each table gives its own`,
    `- Measured: ${ids.map((id) => (id === 'pilot' ? `pilot ${meta.versions.pilot ?? '–'}${meta.pilot_commit ? ` (commit ${meta.pilot_commit})` : ''}` : versionOf(meta, id))).join(', ')}`,
  );
  for (const line of meta.skipped) out.push(`- Skipped: ${line}`);
  if (meta.note) out.push(`- Note: ${meta.note}`);
  const head = out.splice(0).join('\n');
  out.push('### Summary', '');
  out.push(`Medians over every run, (min–max) across runs. Lower is better everywhere: a ratio below 1 means pilot is faster or lighter than that peer. Load is the 1-minute load average when the scenario started and ended.`, '');
  const columns = ['measure', ...ids.map(name), ...ratioPeers.map((p) => `pilot/${name(p)}`), 'load'];
  out.push(...table(columns, rows.map((r) => [`${r.label} (${r.unit})`, ...ids.map((id) => summaryCell(r, r.cells[id])), ...ratioPeers.map((p) => formatRatio(r.ratios[p])), formatLoad(r.load)])));
  const summary = out.splice(0).join('\n');
  for (const result of results) {
    const scenario = SCENARIOS.find((s) => s.id === result.scenario);
    out.push(`### ${scenario.title(result.params)}`, '');
    out.push(`Load ${result.load.start.join(' / ')} at the start, ${result.load.end.join(' / ')} at the end; ${Math.round(result.duration_s)} s.`, '');
    const dhead = ['system', 'runs', ...scenario.details.map((d) => `${d.label} (${d.unit})`), 'notes'];
    const drows = ids.map((id) => {
      const sys = result.systems[id];
      if (!sys || sys.status === 'skipped' || sys.status === 'n/a') {
        return [name(id), '–', ...scenario.details.map(() => ''), sys?.status === 'n/a' ? `n/a: ${sys.reason}` : `skipped: ${sys?.reason ?? 'not run'}`];
      }
      const notes = [...(scenario.notes ? scenario.notes(sys) : []), ...(sys.errors ?? []).map((e) => `⚠ failed run: ${e}`)].filter(Boolean);
      const metric = (d) => (sys.metrics?.[d.key] ? formatSpread(summarize(sys.metrics[d.key]), d.unit, d.digits) : '–');
      return [`${name(id)} ${sys.version ?? ''}`.trim(), sys.runs, ...scenario.details.map(metric), notes.join('; ')];
    });
    out.push(...table(dhead, drows));
  }
  const details = out.join('\n');
  const title = `Benchmark: ${ids.map(name).join(' vs ')} (${meta.profile} run, ${meta.started_at.slice(0, 10)})`;
  return { title, head, summary, details, body: [head, summary, details].join('\n\n') };
}
