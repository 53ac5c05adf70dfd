#!/usr/bin/env node
// The service under test: an HTTP server on APP_PORT answering GET /greeting.
import { createServer } from 'node:http';

const port = Number(process.env.APP_PORT ?? 47331);
const server = createServer((req, res) => {
  if (req.url === '/greeting') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello\n');
  } else {
    res.writeHead(404).end();
  }
});
server.listen(port, '127.0.0.1', () => console.log(`server: listening on http://127.0.0.1:${port}`));

function shutdown() {
  console.log('server: stopping');
  server.closeAllConnections();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
