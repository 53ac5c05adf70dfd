#!/usr/bin/env node
// Finishes starting up, then writes `ready` to the FIFO pilot named in PILOT_READY_PIPE, and keeps running.
import { writeFile } from 'node:fs/promises';

const pipe = process.env.PILOT_READY_PIPE;
console.log('notify-ready: starting up');
if (pipe) {
  // Asynchronous: opening a FIFO for writing waits for the reader without blocking the event loop.
  await writeFile(pipe, 'ready\n');
  console.log(`notify-ready: wrote "ready" to ${pipe}`);
} else {
  console.log('notify-ready: PILOT_READY_PIPE is not set (not started by pilot?)');
}

const idle = setInterval(() => {}, 60_000);
function shutdown() {
  console.log('notify-ready: stopping');
  clearInterval(idle);
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
