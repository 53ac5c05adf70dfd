// A real HTTP client for tests of HTTP servers: one request with its status, headers and JSON body, and a
// Server-Sent Events reader that parses events as they arrive.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { waitFor } from './wait-for.js';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** Sends one request (a fresh connection) and reads the whole answer. */
export function fetchHttp(url: string, options: { method?: string; token?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const req = httpRequest(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseReader {
  response: IncomingMessage;
  /** Events so far, in order (comments are counted apart). */
  events: SseEvent[];
  /** `: comment` lines so far (heartbeats). */
  comments: string[];
  /** Resolves when the server closed the stream. */
  ended: Promise<void>;
  /** Waits until `pred` holds for the events so far. */
  until(pred: (events: SseEvent[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens an SSE stream; rejects when the answer is not 200 text/event-stream (with its body). */
export function openSse(url: string, token: string, headers: Record<string, string> = {}): Promise<SseReader> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/event-stream')) {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => reject(new Error(`not an event stream: ${res.statusCode} ${text}`)));
        return;
      }
      const events: SseEvent[] = [];
      const comments: string[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const blocks = (buffer + chunk).split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const event: SseEvent = { event: 'message', data: '' };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) [event.id, isEvent] = [line.slice(4), true];
            else if (line.startsWith('event: ')) [event.event, isEvent] = [line.slice(7), true];
            else if (line.startsWith('data: ')) [event.data, isEvent] = [event.data === '' ? line.slice(6) : `${event.data}\n${line.slice(6)}`, true];
          }
          if (isEvent) events.push(event);
        }
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({
        response: res,
        events,
        comments,
        ended,
        until: (pred, what, timeoutMs = 10_000) => waitFor(() => pred(events), what, timeoutMs).then(() => undefined),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
