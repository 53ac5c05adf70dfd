#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js) into dist/cli/ with esbuild: one file per lazily
// loaded command (code splitting), so `pilot` starts without resolving ~100 small module files.
// The tsc output in dist/src stays the package's API; bin/pilot.js runs the bundle. dist/cli/api.js is the
// same API as an entry of the bundle, sharing its chunks: what plugins get for `pilot` inside the CLI, so that
// they and the supervisor share one copy of every module (src/plugins/pilot-alias.ts).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
rmSync(`${root}dist/cli`, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}dist/src/cli/main.js`, api: `${root}dist/src/index.js` },
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
  // tsx registers loader hooks by URLs inside its own package: it must run from node_modules, not a bundle.
  external: ['tsx', 'tsx/*'],
  // CommonJS dependencies (yaml, commander) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __pilotRequire } from 'node:module'; const require = __pilotRequire(import.meta.url);" },
  logLevel: 'warning',
});
