#!/usr/bin/env node
// A tiny HTTP API over redis:  GET /health   GET /kv/:key   POST /kv/:key (body = value)   POST /jobs (body = job)
import { createServer } from 'node:http';
import { connectRedis } from './resp.js';

const port = Number(process.env.API_PORT ?? 47342);
const redisPort = Number(process.env.REDIS_PORT ?? 47341);
const host = '127.0.0.1';

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const redis = await connectRedis(redisPort, host);
console.log(`api: connected to redis on ${host}:${redisPort}`);

async function handle(req, res) {
  const url = new URL(req.url ?? '/', `http://${host}`);
  const key = url.pathname.startsWith('/kv/') ? decodeURIComponent(url.pathname.slice(4)) : '';
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true, redis: await redis.command('PING') });
  if (req.method === 'GET' && key) {
    const value = await redis.command('GET', key);
    return value === null ? send(res, 404, { key, error: 'not found' }) : send(res, 200, { key, value });
  }
  if (req.method === 'POST' && key) {
    const value = await readBody(req);
    await redis.command('SET', key, value);
    return send(res, 200, { key, value });
  }
  if (req.method === 'POST' && url.pathname === '/jobs') {
    const job = await readBody(req);
    const queued = await redis.command('LPUSH', 'jobs', job);
    console.log(`api: queued job ${JSON.stringify(job)} (${queued} waiting)`);
    return send(res, 202, { job, queued });
  }
  return send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => send(res, 502, { error: `redis: ${err.message}` }));
});
server.listen(port, host, () => console.log(`api: listening on http://${host}:${port} (try: curl http://${host}:${port}/health)`));
server.on('error', (err) => {
  console.error(`api: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

function shutdown(signal) {
  console.log(`api: ${signal} received, closing`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
  redis.close();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
