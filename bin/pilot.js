#!/usr/bin/env node
// Runs the built CLI. `npm run build` produces dist/.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`pilot: internal error: ${err?.stack ?? err}\n`); process.exitCode = 1; },
);
