#!/usr/bin/env node
// A background worker: says `ready` on the FIFO in PILOT_READY_PIPE (pipe readiness), then polls the api and logs.
import { writeFile } from 'node:fs/promises';

const apiUrl = `http://${process.env.API_HOST ?? '127.0.0.1'}:${process.env.API_PORT ?? 47312}`;
const intervalSec = Number(process.env.WORKER_INTERVAL_SEC ?? 3);
let ticks = 0;

async function tick() {
  ticks += 1;
  await fetch(`${apiUrl}/kv/worker_ticks`, { method: 'PUT', body: String(ticks) });
  const res = await fetch(`${apiUrl}/kv/greeting`);
  const body = await res.json();
  console.log(`worker: tick ${ticks}: api says greeting=${JSON.stringify(body.value ?? null)} (HTTP ${res.status})`);
}

const pipe = process.env.PILOT_READY_PIPE;
if (pipe) {
  // An async write: opening a FIFO waits for its reader, which must not block the event loop.
  await writeFile(pipe, 'ready\n');
  console.log('worker: told pilot it is ready');
} else {
  console.log('worker: PILOT_READY_PIPE not set (not run by pilot?), starting anyway');
}

const timer = setInterval(() => {
  tick().catch((err) => console.error(`worker: tick ${ticks} failed: ${err.message}`));
}, intervalSec * 1000);

function shutdown(signal) {
  console.log(`worker: ${signal} received after ${ticks} tick(s), stopping`);
  clearInterval(timer);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
