#!/usr/bin/env node
// Runs every compiled test file under dist/test and dist/plugins (the first-party plugins' own tests) with
// node's test runner.
// Usage: node scripts/run-tests.mjs [substring-filter...] (test/reliability only when a filter names it)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const testRoots = [join(root, 'dist', 'test'), join(root, 'dist', 'plugins')];
const filters = process.argv.slice(2);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

// The fault-injection suite (test/reliability) runs on its own (npm run test:reliability), or when a filter names it.
const reliability = filters.some((s) => s.includes('reliability'));
const files = testRoots
  .filter((dir) => existsSync(dir))
  .flatMap(walk)
  .filter((f) => reliability || !relative(root, f).startsWith('dist/test/reliability/'))
  .filter((f) => filters.length === 0 || filters.some((s) => relative(root, f).includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', '--test-timeout=120000', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
