#!/usr/bin/env node
// An HTTP API on API_PORT whose /health answers 503 while it warms up (half a second), then 200 (what
// `http` waits for).
import { createServer } from 'node:http';

const port = Number(process.env.API_PORT ?? 47351);
const started = Date.now();
const server = createServer((req, res) => {
  const warm = Date.now() - started > 500;
  if (req.url === '/health') {
    res.writeHead(warm ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: warm ? 'ok' : 'warming up' }));
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('hello from the api\n');
  }
});
server.listen(port, '127.0.0.1', () => console.log(`api: listening on 127.0.0.1:${port}`));

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
