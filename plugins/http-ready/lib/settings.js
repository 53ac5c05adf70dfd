// @ts-check
// The http strategy's ready_params, read once: what pilot validate checks and what each attempt uses.
import { Params, orThrow } from '../../shared/params.js';
import { ANY_2XX, parseStatus } from './status.js';
/** @import { ParamProblem } from 'pilot' */
/** @import { StatusSpec } from './status.js' */

export const PARAMETERS = ['url', 'method', 'headers', 'body', 'status', 'attempt_timeout_sec', 'interval_sec', 'insecure'];

/** RFC 9110 token characters: what a method or a header name may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * @typedef {object} HttpSettings
 * @property {URL} url
 * @property {string} method
 * @property {Record<string, string>} headers
 * @property {string | null} body
 * @property {StatusSpec} status
 * @property {number} attemptMs
 * @property {number} intervalMs
 * @property {boolean} insecure
 */

/**
 * @param {Readonly<Record<string, unknown>>} params ready_params as written
 * @returns {{ settings: HttpSettings; problems: ParamProblem[] }}
 */
export function readSettings(params) {
  const p = new Params(params, PARAMETERS, 'the http strategy');
  const url = readUrl(p);
  const method = p.string('method', { fallback: 'GET' });
  if (!TOKEN.test(method)) p.problem('method', `must be an HTTP method such as GET or POST, got ${JSON.stringify(method)}`);
  const headers = p.stringMap('headers', (name) => (TOKEN.test(name) ? undefined : 'is not a valid header name'));
  for (const [name, value] of Object.entries(headers)) if (/[\r\n\0]/.test(value)) p.problem(`headers.${name}`, 'must not contain line breaks');
  const body = readBody(p, headers);
  let status = ANY_2XX;
  if (p.has('status')) {
    const parsed = parseStatus(params.status);
    if (parsed.ok) status = parsed.spec;
    else p.problem('status', parsed.message, 'e.g. status: 200, status: "2xx", status: [200, 204] or status: "200-399"');
  }
  const settings = {
    url,
    method: method.toUpperCase(),
    headers,
    body,
    status,
    attemptMs: p.millis('attempt_timeout_sec', 1),
    intervalMs: p.millis('interval_sec', 0.1),
    insecure: p.boolean('insecure', false),
  };
  if (settings.insecure && url.protocol === 'http:') p.problem('insecure', 'only applies to https:// URLs');
  return { settings, problems: p.problems };
}

/** The settings, or an Error listing what is wrong. */
export const settingsOrThrow = orThrow(readSettings, 'ready_params');

/** @param {Params} p */
function readUrl(p) {
  const fallback = new URL('http://127.0.0.1/');
  const text = p.string('url', { required: true, hint: 'ready_params: { url: "http://127.0.0.1:8080/health" }' });
  if (text === undefined) return fallback;
  let url;
  try {
    url = new URL(text);
  } catch {
    p.problem('url', `must be an absolute http:// or https:// URL, got ${JSON.stringify(text)}`, 'IPv6 hosts go in brackets: http://[::1]:8080/health');
    return fallback;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    p.problem('url', `must use http:// or https://, got ${JSON.stringify(url.protocol.slice(0, -1))}`);
    return fallback;
  }
  return url;
}

/**
 * A string as is; an object or a list as JSON (with a JSON content type unless headers give one).
 * @param {Params} p
 * @param {Record<string, string>} headers
 * @returns {string | null}
 */
function readBody(p, headers) {
  const body = p.params.body;
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (typeof body === 'object') {
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    return JSON.stringify(body);
  }
  p.problem('body', `must be a string, an object or a list (sent as JSON), got ${typeof body}`);
  return null;
}
