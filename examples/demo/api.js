#!/usr/bin/env node
// A tiny HTTP API over the db:  GET /health   GET /kv/:key   PUT /kv/:key (body = value)
import { createServer } from 'node:http';
import { dbCommand } from './db-client.js';

const port = Number(process.env.API_PORT ?? 47312);
const host = process.env.API_HOST ?? '127.0.0.1';
let requests = 0;

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(body.trim()));
    req.on('error', reject);
  });
}

async function handle(req, res) {
  requests += 1;
  const url = new URL(req.url ?? '/', `http://${host}`);
  const key = url.pathname.startsWith('/kv/') ? decodeURIComponent(url.pathname.slice(4)) : null;
  if (url.pathname === '/health') return send(res, 200, { ok: true, db: await dbCommand('PING') });
  if (key && /^\S+$/.test(key) && req.method === 'GET') {
    const reply = await dbCommand(`GET ${key}`);
    return reply === 'NIL' ? send(res, 404, { key, error: 'not found' }) : send(res, 200, { key, value: reply.replace(/^VALUE /, '') });
  }
  if (key && /^\S+$/.test(key) && (req.method === 'PUT' || req.method === 'POST')) {
    const value = (await readBody(req)).replace(/\s+/g, ' ');
    await dbCommand(`SET ${key} ${value}`);
    return send(res, 200, { key, value });
  }
  return send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => send(res, 502, { error: `db unavailable: ${err.message}` }));
});
server.listen(port, host, () => console.log(`api: listening on http://${host}:${port} (try: curl http://${host}:${port}/kv/greeting)`));
server.on('error', (err) => {
  console.error(`api: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

function shutdown(signal) {
  console.log(`api: ${signal} received after ${requests} request(s), closing`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
