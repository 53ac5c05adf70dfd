#!/usr/bin/env -S node --max-semi-space-size=1 --expose-gc
// Runs the built CLI (the bundle made by `npm run build` in dist/cli). Node flags, for the supervisor's memory:
// --max-semi-space-size=1: a supervisor allocates little at a time; V8's default 16 MB young generation
//   would cost ~14 MB of resident memory for nothing (200 processes: 81 MB → 67 MB).
// --expose-gc: lets the supervisor collect the manifest's parse garbage once before it boots
//   (src/supervisor/collect-garbage.ts; 200 processes: 64 → 61.5 MB).
import { exitWhenDone, main, scanGlobalFlags } from '../dist/cli/main.js';

const argv = process.argv.slice(2);
const { debug } = scanGlobalFlags(argv);
// Once the command returned, nothing a plugin left running keeps pilot alive (see src/cli/exit-guard.ts).
main(argv).then(
  (code) => exitWhenDone(code, { debug }),
  (err) => { process.stderr.write(`pilot: internal error: ${err?.stack ?? err}\n`); exitWhenDone(1, { debug }); },
);
