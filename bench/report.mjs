#!/usr/bin/env node
// Renders a run's markdown report again from its raw records (after a change to the report's layout):
//   node bench/report.mjs bench/results/<run>.jsonl      writes bench/results/<run>.md, prints the summary
import { readRun, writeReport } from './lib/report/write.mjs';

const [file] = process.argv.slice(2);
if (!file?.endsWith('.jsonl')) {
  console.error('usage: node bench/report.mjs bench/results/<run>.jsonl');
  process.exit(2);
}
try {
  const mdFile = file.replace(/\.jsonl$/, '.md');
  const { md } = writeReport(mdFile, readRun(file));
  process.stdout.write(`${md.head}\n\n${md.summary}\nwrote ${mdFile}\n`);
} catch (err) {
  console.error(`bench/report.mjs: ${err.message}`);
  process.exit(1);
}
