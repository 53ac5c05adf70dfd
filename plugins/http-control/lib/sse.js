// @ts-check
// One Server-Sent Events response: events with ids, heartbeats, and a bounded buffer — a client that reads
// too slowly has events dropped (and is told how many once it caught up) rather than making pilot buffer
// without end or wait for it.
/** @import { ServerResponse } from 'node:http' */

export class SseStream {
  /**
   * Sends the headers at once.
   * @param {ServerResponse} res
   * @param {{ heartbeatMs: number; maxBufferedBytes: number; onClose: () => void }} options
   */
  constructor(res, options) {
    this.res = res;
    this.options = options;
    this.closed = false;
    /** Events dropped since the buffer filled up; sending resumes once it has drained. */
    this.dropped = 0;
    this.congested = false;
    // `connection: close`: once the stream ends, so does its connection (nothing lingers when the server stops).
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'close', 'x-accel-buffering': 'no' });
    this.write('retry: 3000\n\n');
    this.heartbeat = setInterval(() => {
      if (!this.congested) this.write(': heartbeat\n\n');
    }, options.heartbeatMs);
    this.heartbeat.unref();
    res.on('drain', () => this.drained());
    res.on('close', () => this.close());
  }

  /**
   * Sends one event, unless the client is too far behind (then it is counted as dropped).
   * @param {string} event
   * @param {unknown} data sent as JSON
   * @param {string} [id]
   * @returns {boolean} whether it was sent
   */
  send(event, data, id) {
    if (this.closed) return false;
    if (this.congested || this.res.writableLength >= this.options.maxBufferedBytes) {
      this.congested = true;
      this.dropped += 1;
      return false;
    }
    this.write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    return true;
  }

  /**
   * The last event, then the end of the response.
   * @param {string} reason
   */
  end(reason) {
    if (this.closed) return;
    this.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.res.end();
    this.close();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.options.onClose();
  }

  // The client read everything that was buffered: say what it missed, then carry on.
  drained() {
    if (!this.congested || this.closed) return;
    this.congested = false;
    const dropped = this.dropped;
    this.dropped = 0;
    this.write(`event: dropped\ndata: ${JSON.stringify({ dropped, message: `${dropped} event${dropped === 1 ? ' was' : 's were'} dropped: this client read too slowly` })}\n\n`);
  }

  /** @param {string} text */
  write(text) {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.write(text);
  }
}

/**
 * Ids of a line stream, `AT-K`: the line's time (ms) and its rank among the lines of that same ms, so a
 * client that reconnects with Last-Event-ID is given the lines after it that are still in memory.
 */
export class LineIds {
  constructor() {
    this.at = -1;
    this.k = 0;
  }

  /** @param {number} at */
  next(at) {
    if (at === this.at) this.k += 1;
    else [this.at, this.k] = [at, 0];
    return `${at}-${this.k}`;
  }
}

/**
 * `AT-K` as numbers, or null.
 * @param {string | undefined} id
 * @returns {{ at: number; k: number } | null}
 */
export function parseLineId(id) {
  const m = /^(\d+)-(\d+)$/.exec(id?.trim() ?? '');
  return m ? { at: Number(m[1]), k: Number(m[2]) } : null;
}
