// @ts-check
// One HTTP(S) request of the http strategy: a fresh connection (no keep-alive pool, so a restarted server
// is really asked again), every address of the host tried in turn (IPv6 and IPv4 alike), bounded in time,
// and a sentence saying why it did not count as ready.
import http from 'node:http';
import https from 'node:https';
/** @import { LookupFunction } from 'node:net' */
/** @import { AttemptResult } from '../../shared/retry.js' */
/** @import { HttpSettings } from './settings.js' */

/** How much of a non-matching answer's body is quoted in the reason. */
const SNIPPET = 120;

/** TLS verification failures: the hint is to trust the certificate, or to accept it with `insecure`. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Sends one request. Never rejects: a failure is `{ ready: false, reason }`.
 * @param {HttpSettings} s
 * @param {AbortSignal} signal the wait's signal: aborting it ends the request
 * @param {number} timeoutMs this attempt's budget
 * @param {{ lookup?: LookupFunction }} [options] a resolver (tests stand in for /etc/hosts with it)
 * @returns {Promise<AttemptResult>}
 */
export function attempt(s, signal, timeoutMs, options = {}) {
  return new Promise((resolve) => {
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
    let settled = false;
    /** @param {AttemptResult} result */
    const done = (result) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const client = s.url.protocol === 'https:' ? https : http;
    /** @type {import('node:https').RequestOptions & { autoSelectFamily?: boolean }} */
    const requestOptions = {
      method: s.method,
      headers: s.body === null ? s.headers : { ...s.headers, 'content-length': String(Buffer.byteLength(s.body)) },
      agent: false,
      signal: AbortSignal.any([signal, timeout]),
      // Every address the name resolves to, IPv6 and IPv4, in turn (Happy Eyeballs): `localhost` works
      // whichever family the server listens on.
      autoSelectFamily: true,
      rejectUnauthorized: !s.insecure,
    };
    if (options.lookup) requestOptions.lookup = options.lookup;
    let request;
    try {
      request = client.request(s.url, requestOptions, (response) => {
        const status = response.statusCode ?? 0;
        response.on('error', () => {});
        if (s.status.matches(status)) {
          response.destroy();
          return done({ ready: true });
        }
        // Not a status that counts: quote the start of the body, which often says why (`{"status":"starting"}`).
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (/** @type {string} */ chunk) => {
          body += chunk;
          if (body.length >= SNIPPET) response.destroy();
        });
        const finish = () => done({ ready: false, reason: statusReason(status, response.statusMessage, body, s.status.text) });
        response.on('end', finish);
        response.on('close', finish);
      });
    } catch (err) {
      return done({ ready: false, reason: errorReason(err, s.url) });
    }
    request.on('error', (err) => {
      if (timeout.aborted && !signal.aborted) return done({ ready: false, reason: `no answer within ${seconds(timeoutMs)}` });
      done({ ready: false, reason: errorReason(err, s.url) });
    });
    request.end(s.body ?? undefined);
  });
}

/**
 * `answered 503 Service Unavailable (expected 2xx): {"status":"starting"}`
 * @param {number} status
 * @param {string | undefined} message
 * @param {string} body
 * @param {string} expected
 */
function statusReason(status, message, body, expected) {
  const text = body.replace(/\s+/g, ' ').trim();
  const quoted = text === '' ? '' : `: ${text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text}`;
  return `answered ${status}${message ? ` ${message}` : ''} (expected ${expected})${quoted}`;
}

/**
 * Why a request failed, in a sentence that starts with the error code.
 * @param {unknown} err
 * @param {URL} url
 */
export function errorReason(err, url) {
  const e = /** @type {NodeJS.ErrnoException & { errors?: unknown[] }} */ (err);
  const code = e?.code ?? e?.name ?? 'Error';
  // With several addresses, the failure is an AggregateError of one error per address tried.
  const parts = Array.isArray(e?.errors) ? e.errors : [e];
  const addresses = parts.flatMap((p) => {
    const { address, port } = /** @type {{ address?: string; port?: number }} */ (p ?? {});
    return typeof address === 'string' ? [`${address.includes(':') ? `[${address}]` : address}${port === undefined ? '' : `:${port}`}`] : [];
  });
  const where = addresses.length > 0 ? addresses.join(' or ') : url.host;
  if (code === 'ECONNREFUSED') return `ECONNREFUSED: nothing listens on ${where}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${code}: cannot resolve "${url.hostname}"`;
  if (code === 'ECONNRESET') return e.message === 'socket hang up' ? 'ECONNRESET: the server closed the connection without answering' : 'ECONNRESET: the connection was reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${code}: ${where} is unreachable`;
  if (TLS_CODES.has(code)) return `${code}: ${e.message} (trust the certificate, or set insecure: true to accept it unverified)`;
  return `${code}: ${e?.message ?? String(err)}`;
}

/** @param {number} ms */
function seconds(ms) {
  return `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)}s`;
}
