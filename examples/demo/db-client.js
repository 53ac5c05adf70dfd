// A tiny client for db.js: one connection per command, resolves with the reply line.
import { connect } from 'node:net';

/** Sends one command line to the db at host:port and resolves with its one-line reply. */
export function dbCommand(line, { host = process.env.DB_HOST ?? '127.0.0.1', port = Number(process.env.DB_PORT ?? 47311), timeoutMs = 2000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let reply = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`db did not answer within ${timeoutMs} ms`)));
    socket.on('connect', () => socket.write(`${line}\n`));
    socket.on('data', (chunk) => {
      reply += chunk;
      const newline = reply.indexOf('\n');
      if (newline !== -1) {
        socket.end();
        resolve(reply.slice(0, newline));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('db closed the connection without answering')));
  });
}
