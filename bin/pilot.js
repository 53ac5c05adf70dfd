#!/usr/bin/env node
// Runs the built CLI (the bundle made by `npm run build` in dist/cli).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`pilot: internal error: ${err?.stack ?? err}\n`); process.exitCode = 1; },
);
