// @ts-check
// The http control server: listens on a loopback address, checks the bearer token of every request, routes
// it, answers errors as JSON with their status, and on stop ends every stream and closes every connection.
import { createServer } from 'node:http';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { HttpError, httpErrorOf, sendError } from './responses.js';
import { Query, ROUTES } from './routes.js';
import { stackFile } from '../../shared/stack-file.js';
import { DEFAULT_ADDRESS_FILE, DEFAULT_TOKEN_FILE, settingsOrThrow } from './settings.js';
import { loadToken, sameToken } from './token.js';
/** @import { IncomingMessage, Server, ServerResponse } from 'node:http' */
/** @import { Socket } from 'node:net' */
/** @import { ControlServerContext, ControlServerInstance, PilotControl } from 'pilot' */
/** @import { SseStream } from './sse.js' */
/** @import { ControlSettings } from './settings.js' */

/** After the streams are ended, how long connections may take to close before they are cut. */
const CLOSE_GRACE_MS = 1000;

/** @implements {ControlServerInstance} */
export class HttpControlServer {
  /**
   * @param {PilotControl} pilot
   * @param {ControlServerContext} ctx
   */
  constructor(pilot, ctx) {
    this.pilot = pilot;
    this.ctx = ctx;
    /** @type {ControlSettings} */
    this.settings = settingsOrThrow(ctx.params);
    this.tokenFile = stackFile(this.settings.tokenFile, DEFAULT_TOKEN_FILE, ctx.stack);
    this.addressFile = stackFile(this.settings.addressFile, DEFAULT_ADDRESS_FILE, ctx.stack);
    this.token = '';
    /** @type {Server | null} */
    this.server = null;
    /** @type {Set<SseStream>} */
    this.streams = new Set();
    /** @type {Set<Socket>} */
    this.sockets = new Set();
    this.url = '';
  }

  async start() {
    const { token, generated } = await loadToken(this.tokenFile);
    this.token = token;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await listen(server, this.settings.host, this.settings.port);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : this.settings.port;
    this.url = `http://${this.settings.host.includes(':') ? `[${this.settings.host}]` : this.settings.host}:${port}`;
    const info = { url: this.url, host: this.settings.host, port, pid: process.pid, token_file: this.tokenFile };
    // Written whole or not at all: a script polling for it never reads half of it.
    await writeFile(`${this.addressFile}.tmp`, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    await rename(`${this.addressFile}.tmp`, this.addressFile);
    this.ctx.log.info(`listening on ${this.url} (bearer token in ${this.tokenFile}${generated ? ', just generated' : ''}; address in ${this.addressFile})`);
  }

  async stop() {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const stream of [...this.streams]) stream.end('the stack stopped');
    server.closeIdleConnections();
    // Connections still busy (a client that never reads) are cut after a moment.
    const cut = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, CLOSE_GRACE_MS);
    await closed;
    clearTimeout(cut);
    await unlink(this.addressFile).catch(() => {});
  }

  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async handle(req, res) {
    req.resume(); // bodies are not used: read and dropped, so the connection stays usable
    try {
      this.authenticate(req);
      const url = new URL(req.url ?? '/', 'http://pilot.invalid');
      const { route, args } = match(url.pathname);
      const method = /** @type {'GET' | 'POST'} */ (req.method);
      const entry = route.methods[method];
      if (!entry) {
        const allowed = Object.keys(route.methods).join(', ');
        throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname} (allowed: ${allowed})`, { headers: { allow: allowed } });
      }
      const host = { pilot: this.pilot, stream: this.settings, track: (/** @type {SseStream} */ s) => this.streams.add(s), untrack: (/** @type {SseStream} */ s) => this.streams.delete(s) };
      await entry.handler({ req, res, args, query: new Query(url.searchParams, entry.query), host });
    } catch (err) {
      const http = httpErrorOf(err);
      if (http.status >= 500 && http.code === 'internal') this.ctx.log.error(`${req.method} ${req.url}: ${http.message}`);
      sendError(res, http);
    }
  }

  /** @param {IncomingMessage} req */
  authenticate(req) {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const hint = `send "Authorization: Bearer <token>"; the token is in ${this.tokenFile}`;
    if (!m) throw new HttpError(401, 'unauthorized', `a bearer token is required: ${hint}`, { headers: { 'www-authenticate': 'Bearer realm="pilot"' } });
    if (!sameToken(m[1] ?? '', this.token)) {
      throw new HttpError(401, 'unauthorized', `wrong bearer token: ${hint}`, { headers: { 'www-authenticate': 'Bearer realm="pilot", error="invalid_token"' } });
    }
  }
}

/**
 * The route of `pathname` with its captures decoded; a 404 when there is none.
 * @param {string} pathname
 */
function match(pathname) {
  for (const route of ROUTES) {
    const m = route.path.exec(pathname);
    if (!m) continue;
    try {
      return { route, args: m.slice(1).map((part) => decodeURIComponent(part)) };
    } catch {
      throw new HttpError(400, 'bad_request', `malformed percent-encoding in ${pathname}`);
    }
  }
  throw new HttpError(404, 'not_found', `no route ${pathname} (GET / lists the routes)`);
}

/**
 * @param {Server} server
 * @param {string} host
 * @param {number} port
 * @returns {Promise<void>}
 */
function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    /** @param {NodeJS.ErrnoException} err */
    const onError = (err) => {
      const why = err.code === 'EADDRINUSE' ? 'the port is in use (set control_server_params.port to another, or to 0 for any free port)' : err.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
