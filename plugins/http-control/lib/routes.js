// @ts-check
// The routes of the http control server: each a path pattern and a handler per method. A handler throws an
// HttpError (or one of pilot's errors, mapped by their code) instead of answering with an error itself.
import { HttpError, httpErrorOf, sendJson } from './responses.js';
import { LineIds, parseLineId, SseStream } from './sse.js';
/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/** @import { PilotControl, ProcessStatus, TailEntry } from 'pilot' */

/** Lines pilot keeps per process: the most a client can be given back. */
const HISTORY_MAX = 1000;
const SHUTDOWN_REASON = 'stop requested through the http control server';

/**
 * What a handler gets.
 * @typedef {object} Request
 * @property {IncomingMessage} req
 * @property {ServerResponse} res
 * @property {string[]} args the path's captures, URL-decoded
 * @property {Query} query
 * @property {RouteHost} host
 */

/**
 * What the routes need of the server.
 * @typedef {object} RouteHost
 * @property {PilotControl} pilot
 * @property {{ heartbeatMs: number; maxBufferedBytes: number }} stream
 * @property {(stream: SseStream) => void} track keeps a stream to end it when the server stops
 * @property {(stream: SseStream) => void} untrack
 */

/** @typedef {(r: Request) => void | Promise<void>} Handler */

/**
 * @typedef {object} Route
 * @property {RegExp} path
 * @property {string} template for the index and messages
 * @property {Partial<Record<'GET' | 'POST', { handler: Handler; query: readonly string[]; does: string }>>} methods
 */

/** The query string of a request, each parameter checked against what its route accepts. */
export class Query {
  /**
   * @param {URLSearchParams} params
   * @param {readonly string[]} allowed
   */
  constructor(params, allowed) {
    this.params = params;
    for (const key of params.keys()) {
      if (!allowed.includes(key)) throw new HttpError(400, 'bad_request', `unknown query parameter "${key}"${allowed.length > 0 ? ` (this route takes: ${allowed.join(', ')})` : ' (this route takes none)'}`);
    }
  }

  /**
   * @param {string} key
   * @param {boolean} fallback
   */
  flag(key, fallback) {
    const value = this.params.get(key);
    if (value === null) return fallback;
    if (['1', 'true', 'yes', ''].includes(value)) return true;
    if (['0', 'false', 'no'].includes(value)) return false;
    throw new HttpError(400, 'bad_request', `query parameter ${key} must be true or false, got "${value}"`);
  }

  /**
   * @param {string} key
   * @param {number} fallback
   */
  count(key, fallback) {
    const value = this.params.get(key);
    if (value === null) return fallback;
    if (!/^\d+$/.test(value)) throw new HttpError(400, 'bad_request', `query parameter ${key} must be a whole number ≥ 0, got "${value}"`);
    return Math.min(Number(value), HISTORY_MAX);
  }

  /** @param {string} key */
  list(key) {
    const value = this.params.get(key);
    return value === null ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

/**
 * @param {PilotControl} pilot
 * @param {string} name
 * @returns {ProcessStatus}
 */
function statusOf(pilot, name) {
  const all = pilot.status();
  const found = all.find((s) => s.name === name);
  if (!found) throw new HttpError(404, 'not_found', `unknown process "${name}" (processes: ${all.map((s) => s.name).join(', ')})`);
  return found;
}

/** @type {Handler} */
function index({ res, host }) {
  const routes = ROUTES.flatMap((route) => Object.entries(route.methods).map(([method, m]) => ({ method, path: route.template, query: m?.query ?? [], does: m?.does ?? '' })));
  sendJson(res, 200, { stack: { manifest_file: host.pilot.stack.manifestFile, stack_id: host.pilot.stack.stackId }, routes });
}

/**
 * restart, stop or start; answers the process's status afterwards. A process that does not come up is a
 * 502 with its status (the operation ran; the process failed).
 * @param {'restart' | 'stop' | 'start'} op
 * @returns {Handler}
 */
function operate(op) {
  return async ({ args: [name = ''], query, res, host }) => {
    const withDependents = op === 'restart' ? query.flag('with_dependents', false) : false;
    statusOf(host.pilot, name);
    try {
      if (op === 'restart') await host.pilot.restart([name], { withDependents });
      else await host.pilot[op]([name]);
    } catch (err) {
      const http = httpErrorOf(err);
      if (http.code === 'process_failed') http.details = { process: statusOf(host.pilot, name) };
      throw http;
    }
    sendJson(res, 200, statusOf(host.pilot, name));
  };
}

/**
 * Lines of some processes (all when `names` is undefined): the history as JSON, or with `follow` (the
 * default) as Server-Sent Events — the history, then live lines, with no gap and no repeat.
 * @param {Request} r
 * @param {string[] | undefined} names
 */
function lines(r, names) {
  const { req, res, query, host } = r;
  const n = query.count('n', 100);
  const follow = query.flag('follow', true);
  const header = req.headers['last-event-id'];
  const resume = parseLineId(Array.isArray(header) ? header[0] : header);
  const entry = (/** @type {TailEntry} */ e) => ({ process: e.process, at: e.at, stream: e.stream, line: e.line });
  if (!follow) return sendJson(res, 200, host.pilot.tail(names, n).map(entry));
  // History and subscription in one synchronous turn: no line can fall between them.
  const history = host.pilot.tail(names, resume ? HISTORY_MAX : n);
  /** @type {() => void} */
  let off = () => {};
  const stream = new SseStream(res, { ...host.stream, onClose: () => (off(), host.untrack(stream)) });
  host.track(stream);
  const ids = new LineIds();
  let skipping = resume !== null;
  if (resume && history.length > 0 && (history[0]?.at ?? 0) > resume.at) {
    stream.send('gap', { message: 'lines after the last event id are no longer all in memory: some are missing' });
  }
  for (const e of history) {
    const id = ids.next(e.at);
    if (skipping && resume && (e.at < resume.at || (e.at === resume.at && ids.k <= resume.k))) continue;
    skipping = false;
    stream.send('line', entry(e), id);
  }
  off = host.pilot.subscribe((event) => {
    if (event.type === 'line') stream.send('line', { process: event.process, at: event.at, stream: event.stream, line: event.line }, ids.next(event.at));
  }, { logs: true, events: false, ...(names === undefined ? {} : { names }) });
}

/** @type {Handler} */
function events({ res, query, host }) {
  const names = query.list('names');
  const withLogs = query.flag('logs', false);
  let seq = 0;
  /** @type {SseStream | null} */
  let stream = null;
  // Subscribed before the stream starts: an unknown name is a 404, not an event stream.
  const off = host.pilot.subscribe((event) => stream?.send(event.type, event, String((seq += 1))), { logs: withLogs, events: true, ...(names === undefined ? {} : { names }) });
  const opened = new SseStream(res, { ...host.stream, onClose: () => (off(), host.untrack(opened)) });
  stream = opened;
  host.track(opened);
}

/** @type {Handler} */
function shutdown({ res, host }) {
  sendJson(res, 202, { stopping: true });
  // After the answer is on its way: stopping the stack stops this server too.
  setImmediate(() => {
    host.pilot.shutdown(SHUTDOWN_REASON).catch(() => {});
  });
}

/** @type {readonly Route[]} */
export const ROUTES = [
  { path: /^\/$/, template: '/', methods: { GET: { handler: index, query: [], does: 'this list of routes' } } },
  { path: /^\/processes$/, template: '/processes', methods: { GET: { handler: ({ res, host }) => sendJson(res, 200, host.pilot.status()), query: [], does: 'every process (the pilot ps --json shape)' } } },
  { path: /^\/processes\/([^/]+)$/, template: '/processes/{name}', methods: { GET: { handler: ({ res, host, args: [name = ''] }) => sendJson(res, 200, statusOf(host.pilot, name)), query: [], does: 'one process' } } },
  { path: /^\/processes\/([^/]+)\/restart$/, template: '/processes/{name}/restart', methods: { POST: { handler: operate('restart'), query: ['with_dependents'], does: 'restart it (and its dependents), awaiting readiness' } } },
  { path: /^\/processes\/([^/]+)\/stop$/, template: '/processes/{name}/stop', methods: { POST: { handler: operate('stop'), query: [], does: 'stop it (it stays stopped)' } } },
  { path: /^\/processes\/([^/]+)\/start$/, template: '/processes/{name}/start', methods: { POST: { handler: operate('start'), query: [], does: 'start it, awaiting readiness' } } },
  { path: /^\/processes\/([^/]+)\/logs$/, template: '/processes/{name}/logs', methods: { GET: { handler: (r) => lines(r, [r.args[0] ?? '']), query: ['n', 'follow'], does: 'its last n lines, then live lines (SSE)' } } },
  { path: /^\/logs$/, template: '/logs', methods: { GET: { handler: (r) => lines(r, r.query.list('names')), query: ['n', 'follow', 'names'], does: 'the lines of every process (or names), then live lines (SSE)' } } },
  { path: /^\/events$/, template: '/events', methods: { GET: { handler: events, query: ['logs', 'names'], does: 'the stack\'s events (SSE)' } } },
  { path: /^\/shutdown$/, template: '/shutdown', methods: { POST: { handler: shutdown, query: [], does: 'stop the whole stack (pilot down)' } } },
];
