// One client connection: reads requests, answers each (in any order), and streams its subscriptions
// without ever letting a slow reader block the supervisor or grow memory without bound.
import type { Socket } from 'node:net';
import type { PilotEvent } from '../supervisor/events.js';
import { HANDLERS, type HandlerContext } from './handlers.js';
import { LineReader } from './line-reader.js';
import { parseRequest } from './parse-request.js';
import { encode, errorReply, MAX_REQUEST_BYTES, okReply, PROTOCOL_VERSION, type PingResult, type RequestId, type SubscribeParams } from './protocol.js';
import { toErrorBody } from './remote-error.js';
import type { ControlTarget } from './target.js';
import { wants, type SubscriptionFilter } from './subscription-filter.js';

export interface BufferLimits {
  /** Above this many unsent bytes, a subscriber's `line` events are dropped (and counted). */
  dropLinesAbove: number;
  /** Above this many, the subscriber is disconnected: even its other events are not being read. */
  disconnectAbove: number;
}

interface Subscription extends SubscriptionFilter {
  /** Line events skipped since the last `dropped` notice. */
  dropped: number;
}

const subPrefix = (id: RequestId): string => `{"v":${PROTOCOL_VERSION},"sub":${JSON.stringify(id)},`;

export class Connection {
  private readonly subs = new Map<RequestId, Subscription>();

  constructor(
    private readonly socket: Socket,
    private readonly target: ControlTarget,
    private readonly ping: PingResult,
    private readonly limits: BufferLimits,
  ) {
    const reader = new LineReader(MAX_REQUEST_BYTES, {
      line: (text) => void this.handle(text),
      overflow: () => {
        this.send(encode(errorReply(null, { code: 'REQUEST_TOO_LARGE', message: `a request line must be at most ${MAX_REQUEST_BYTES} bytes` })));
        this.subs.clear();
        socket.end();
      },
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    // A client that vanished mid-request is not an error of ours: its replies are simply not sent.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.subs.clear());
    socket.on('drain', () => {
      for (const [id, sub] of this.subs) this.flushDropped(id, sub);
    });
  }

  get subscribed(): boolean {
    return this.subs.size > 0;
  }

  /** Bytes written but not yet taken by the client. */
  get buffered(): number {
    return this.socket.writableLength;
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  /** Sends `event` (already serialized as `json`) to each subscription that wants it. */
  deliver(event: PilotEvent, json: string): void {
    for (const [id, sub] of this.subs) {
      if (!wants(sub, event)) continue;
      if (event.type === 'line' && this.buffered > this.limits.dropLinesAbove) {
        sub.dropped++;
        continue;
      }
      this.flushDropped(id, sub);
      this.send(`${subPrefix(id)}"event":${json}}\n`);
    }
    if (this.buffered > this.limits.disconnectAbove) this.socket.destroy();
  }

  /** Ends the connection (the server is closing); unsent data gets `graceMs` to drain. */
  end(graceMs: number): void {
    this.subs.clear();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  private async handle(line: string): Promise<void> {
    const request = parseRequest(line);
    if (!request.ok) return this.send(encode(errorReply(request.id, request.error)));
    const ctx: HandlerContext = {
      target: this.target,
      ping: this.ping,
      requestId: request.id,
      subscribe: (id, params) => this.subs.set(id, toSubscription(params)),
      unsubscribe: (id) => this.subs.delete(id),
    };
    try {
      const handler = HANDLERS[request.method] as (params: unknown, ctx: HandlerContext) => unknown;
      const result = await handler(request.params, ctx);
      this.send(encode(okReply(request.id, result)));
    } catch (err) {
      this.send(encode(errorReply(request.id, toErrorBody(err))));
    }
  }

  private flushDropped(id: RequestId, sub: Subscription): void {
    if (sub.dropped === 0 || this.buffered > this.limits.dropLinesAbove) return;
    this.send(`${subPrefix(id)}"dropped":${sub.dropped}}\n`);
    sub.dropped = 0;
  }

  // Writes unless the client is gone: writing to a closed socket is never an error here.
  private send(text: string): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.socket.write(text);
  }
}

function toSubscription(params: SubscribeParams): Subscription {
  return { logs: params.logs ?? false, events: params.events ?? true, names: params.names ? new Set(params.names) : null, dropped: 0 };
}
