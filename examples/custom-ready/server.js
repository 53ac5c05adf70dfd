#!/usr/bin/env node
// An HTTP API whose /health says {"status":"starting"} for its first 500 ms, then {"status":"ok"}.
import { createServer } from 'node:http';

const port = Number(process.env.API_PORT ?? 47331);
const started = Date.now();
const server = createServer((req, res) => {
  if (req.url !== '/health') {
    res.writeHead(404).end();
    return;
  }
  const status = Date.now() - started < 500 ? 'starting' : 'ok';
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
});
server.listen(port, '127.0.0.1', () => console.log(`api: listening on 127.0.0.1:${port}`));

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
