// @ts-check
// The http control server's control_server_params: where it listens, where its token and address live,
// how it streams.
import { isIP } from 'node:net';
import { Params, orThrow } from '../../shared/params.js';
/** @import { ParamProblem } from 'pilot' */

export const PARAMETERS = ['host', 'port', 'token_file', 'address_file', 'heartbeat_sec', 'max_buffered_kb'];
export const DEFAULT_TOKEN_FILE = 'http-control.token';
export const DEFAULT_ADDRESS_FILE = 'http-control.json';

/**
 * @typedef {object} ControlSettings
 * @property {string} host a loopback address or localhost
 * @property {number} port 0: any free port
 * @property {string | null} tokenFile as written (null: the default in the state directory)
 * @property {string | null} addressFile as written (null: the default in the state directory)
 * @property {number} heartbeatMs
 * @property {number} maxBufferedBytes per streaming client
 */

/**
 * @param {Readonly<Record<string, unknown>>} params as written
 * @returns {{ settings: ControlSettings; problems: ParamProblem[] }}
 */
export function readSettings(params) {
  const p = new Params(params, PARAMETERS, 'the http control server');
  const host = p.string('host', { fallback: '127.0.0.1' });
  if (!isLoopback(host)) {
    p.problem('host', `must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}`, 'the API is plain HTTP with a bearer token: it is not meant to be reached from other machines; tunnel it (ssh -L) if you must');
  }
  const settings = {
    host,
    port: p.number('port', 0, { integer: true, min: 0, max: 65535 }),
    tokenFile: p.string('token_file', { fallback: null }),
    addressFile: p.string('address_file', { fallback: null }),
    heartbeatMs: p.millis('heartbeat_sec', 15),
    maxBufferedBytes: Math.round(p.number('max_buffered_kb', 1024, { above: 0 }) * 1024),
  };
  return { settings, problems: p.problems };
}

/** The settings, or an Error listing what is wrong. */
export const settingsOrThrow = orThrow(readSettings, 'control_server_params');

/** @param {string} host */
function isLoopback(host) {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}
