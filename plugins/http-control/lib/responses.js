// @ts-check
// JSON responses and errors of the http control server: every error is a proper status with a JSON body
// `{"error": {"code", "message", …}}`, and never a stack trace.
/** @import { ServerResponse } from 'node:http' */

/** An error with its HTTP status, raised by a route and answered as JSON. */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} code machine-readable: `not_found`, `conflict`, …
   * @param {string} message
   * @param {{ headers?: Record<string, string>; details?: Record<string, unknown> }} [extra]
   */
  constructor(status, code, message, extra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = extra.headers ?? {};
    this.details = extra.details ?? {};
  }
}

/** How a pilot error code maps to a status (the CLI's operations reject with PilotErrors). */
const PILOT_CODES = /** @type {Record<string, [number, string]>} */ ({
  UNKNOWN_PROCESS: [404, 'not_found'],
  NOT_RUNNING: [409, 'conflict'],
  UNKILLABLE: [409, 'conflict'],
  USAGE: [400, 'bad_request'],
  READY_FAILED: [502, 'process_failed'],
  SPAWN_FAILED: [502, 'process_failed'],
  HOOK_FAILED: [502, 'process_failed'],
});

/**
 * The HttpError for what an operation threw: pilot's errors by their code, anything else a 500.
 * @param {unknown} err
 */
export function httpErrorOf(err) {
  if (err instanceof HttpError) return err;
  const code = /** @type {{ code?: unknown }} */ (err)?.code;
  const mapped = typeof code === 'string' ? PILOT_CODES[code] : undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (mapped) return new HttpError(mapped[0], mapped[1], message);
  return new HttpError(500, 'internal', `internal error: ${message}`);
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/**
 * @param {ServerResponse} res
 * @param {HttpError} err
 */
export function sendError(res, err) {
  if (res.headersSent) return void res.destroy();
  sendJson(res, err.status, { error: { code: err.code, message: err.message, ...err.details } }, err.headers);
}
