#!/usr/bin/env node
// Takes jobs from the redis list `jobs` (BRPOP), logs each, and records it as done under `done:<job>`.
// Ready (pipe) once it is connected to redis.
import { writeFileSync } from 'node:fs';
import { connectRedis } from './resp.js';

const redisPort = Number(process.env.REDIS_PORT ?? 47341);

process.on('SIGTERM', () => {
  console.log('worker: SIGTERM received, stopping');
  process.exit(0);
});

const redis = await connectRedis(redisPort);
await redis.command('PING');
if (process.env.PILOT_READY_PIPE) writeFileSync(process.env.PILOT_READY_PIPE, 'ready\n');
console.log(`worker: waiting for jobs on redis ${redisPort}`);

for (;;) {
  // BRPOP blocks until a job comes (timeout 0 = forever); the reply is [list, job].
  const [, job] = await redis.command('BRPOP', 'jobs', 0);
  console.log(`worker: done ${JSON.stringify(job)}`);
  await redis.command('SET', `done:${job}`, new Date().toISOString());
}
