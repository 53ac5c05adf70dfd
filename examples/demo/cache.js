#!/usr/bin/env node
// A cache warmer: loads a few keys into the db, then creates READY_FILE (file readiness) and refreshes them now and then.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { dbCommand } from './db-client.js';

const readyFile = process.env.READY_FILE ?? '.pilot/cache.ready';
const refreshSec = Number(process.env.CACHE_REFRESH_SEC ?? 10);
const seed = { greeting: 'hello from pilot', answer: '42', started_at: new Date().toISOString() };

async function warm() {
  for (const [key, value] of Object.entries(seed)) await dbCommand(`SET ${key} ${value}`);
}

await warm();
console.log(`cache: warmed ${Object.keys(seed).length} keys`);
await mkdir(dirname(readyFile), { recursive: true });
await writeFile(readyFile, `${process.pid}\n`);
console.log(`cache: ready (wrote ${readyFile}); refreshing every ${refreshSec}s`);

const timer = setInterval(() => {
  warm().then(
    () => console.log('cache: refreshed'),
    (err) => console.error(`cache: refresh failed: ${err.message}`),
  );
}, refreshSec * 1000);

function shutdown(signal) {
  console.log(`cache: ${signal} received, stopping`);
  clearInterval(timer);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
