// A run's records → the markdown report beside its .jsonl (used at the end of a run, and by bench/report.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderMarkdown } from './markdown.mjs';
import { summaryRows } from './summary.mjs';

/** Renders and writes `mdFile`; returns `{ rows, md }`. */
export function writeReport(mdFile, { meta, results, end }) {
  const rows = summaryRows(results, meta.systems);
  const md = renderMarkdown({ meta, results, rows, end });
  writeFileSync(mdFile, `# ${md.title}\n\n${md.body}\n`);
  return { rows, md };
}

/** The records of a run's .jsonl: `{ meta, results, end }` (end is null if the run was cut short). */
export function readRun(jsonlFile) {
  const records = readFileSync(jsonlFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  const meta = records.find((r) => r.type === 'meta');
  if (!meta) throw new Error(`${jsonlFile} has no meta record: not a run of bench/run.mjs`);
  return { meta, results: records.filter((r) => r.type === 'result'), end: records.find((r) => r.type === 'end') ?? null };
}
