#!/usr/bin/env node
// Simulates a slow start (WARMUP_MS), then creates READY_FILE and idles until stopped.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const readyFile = process.env.READY_FILE ?? '.pilot/slow-start.ready';
const warmupMs = Number(process.env.WARMUP_MS ?? 500);

console.log(`slow-start: warming up for ${warmupMs} ms`);
setTimeout(async () => {
  await mkdir(dirname(readyFile), { recursive: true });
  await writeFile(readyFile, `${process.pid}\n`);
  console.log(`slow-start: ready, wrote ${readyFile}`);
}, warmupMs);

// Keep running until stopped.
const idle = setInterval(() => {}, 60_000);
function shutdown() {
  console.log('slow-start: stopping');
  clearInterval(idle);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
