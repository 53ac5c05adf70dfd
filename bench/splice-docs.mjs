#!/usr/bin/env node
// Puts a run's tables into docs/BENCHMARKS.md, between its two markers (the rest of the page is written by hand).
//   node bench/splice-docs.mjs bench/results/<run>.md [docs/BENCHMARKS.md]
// `npm run bench -- --update-docs` does this at the end of a full run.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BEGIN = '<!-- bench:results:begin -->';
export const END = '<!-- bench:results:end -->';
const REPO = fileURLToPath(new URL('..', import.meta.url));
export const DOC = resolve(REPO, 'docs/BENCHMARKS.md');

/** `doc` with the text between the markers replaced by the report `md` (its `# title` line dropped). */
export function splice(doc, md, source) {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (begin === -1 || end === -1 || end < begin) throw new Error(`the page has no ${BEGIN} … ${END} pair to replace`);
  const body = md.replace(/^# .*\n+/, '').trim();
  const generated = `${BEGIN}\n<!-- generated from ${source} by bench/splice-docs.mjs: re-run the suite rather than editing -->\n\n${body}\n\n`;
  return doc.slice(0, begin) + generated + doc.slice(end);
}

/** Splices the report file `mdFile` into `docFile`. */
export function spliceFile(mdFile, docFile = DOC) {
  const source = relative(REPO, resolve(mdFile));
  writeFileSync(docFile, splice(readFileSync(docFile, 'utf8'), readFileSync(mdFile, 'utf8'), source));
  return docFile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [md, doc] = process.argv.slice(2);
  if (!md) {
    console.error('usage: node bench/splice-docs.mjs bench/results/<run>.md [docs/BENCHMARKS.md]');
    process.exit(2);
  }
  try {
    console.error(`updated ${relative(process.cwd(), spliceFile(md, doc))}`);
  } catch (err) {
    console.error(`splice-docs: ${err.message}`);
    process.exit(1);
  }
}
