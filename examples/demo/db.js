#!/usr/bin/env node
// A fake key-value database speaking a line protocol over TCP:
//   PING -> PONG   SET key value -> OK   GET key -> VALUE value | NIL   KEYS -> KEYS k1 k2 ...
import { createServer } from 'node:net';

const port = Number(process.env.DB_PORT ?? 47311);
const host = process.env.DB_HOST ?? '127.0.0.1';
const data = new Map();
const sockets = new Set();

function answer(line) {
  const [command = '', key, ...rest] = line.trim().split(' ');
  switch (command.toUpperCase()) {
    case 'PING': return 'PONG';
    case 'SET': if (!key) return 'ERR usage: SET key value'; data.set(key, rest.join(' ')); return 'OK';
    case 'GET': if (!key) return 'ERR usage: GET key'; return data.has(key) ? `VALUE ${data.get(key)}` : 'NIL';
    case 'KEYS': return ['KEYS', ...data.keys()].join(' ');
    default: return `ERR unknown command ${JSON.stringify(command)}`;
  }
}

const server = createServer((socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => socket.destroy());
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== '') socket.write(`${answer(line)}\n`);
    }
  });
});

server.listen(port, host, () => console.log(`db: listening on ${host}:${port} (try: printf 'SET a 1\\nGET a\\n' | nc ${host} ${port})`));
server.on('error', (err) => {
  console.error(`db: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

function shutdown(signal) {
  console.log(`db: ${signal} received, closing ${sockets.size} connection(s) with ${data.size} key(s) in memory`);
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
