#!/usr/bin/env node
// A worker that writes its state to STATE_FILE: "starting", then "ready" once it has reached the api (what
// the `exec` probe greps for), and does a unit of work every few seconds.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const stateFile = process.env.STATE_FILE ?? '.pilot/worker.state';
const api = `http://127.0.0.1:${process.env.API_PORT ?? 47351}/`;
mkdirSync(dirname(stateFile), { recursive: true });
writeFileSync(stateFile, 'starting\n');

const reply = await (await fetch(api)).text();
console.log(`worker: the api says "${reply.trim()}"`);
writeFileSync(stateFile, 'ready\n');
const timer = setInterval(() => console.log('worker: did some work'), 3000);

function shutdown() {
  clearInterval(timer);
  rmSync(stateFile, { force: true });
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
