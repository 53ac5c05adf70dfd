#!/usr/bin/env node
// An echo server on ECHO_PORT: whatever a client sends comes back.
import { createServer } from 'node:net';

const port = Number(process.env.ECHO_PORT ?? 47321);
const server = createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(port, '127.0.0.1', () => console.log(`echo: listening on 127.0.0.1:${port}`));

function shutdown() {
  console.log('echo: stopping');
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
