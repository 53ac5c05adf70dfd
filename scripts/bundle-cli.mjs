#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js) into dist/cli/ with esbuild: one file per lazily
// loaded command (code splitting), so `pilot` starts without resolving ~100 small module files.
// The tsc output in dist/src stays the package's API; bin/pilot.js runs the bundle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
rmSync(`${root}dist/cli`, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}dist/src/cli/main.js` },
  outdir: `${root}dist/cli`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (yaml, commander) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __pilotRequire } from 'node:module'; const require = __pilotRequire(import.meta.url);" },
  logLevel: 'warning',
});
