// The client side of the control socket: typed calls with timeouts, and subscriptions.
import { createConnection, type Socket } from 'node:net';
import { PilotError } from '../errors.js';
import type { PilotEvent } from '../supervisor/events.js';
import { LineReader } from './line-reader.js';
import { encode, PROTOCOL_VERSION, type MethodName, type ParamsOf, type RequestId, type ResultOf, type ServerMessage, type SubscribeParams } from './protocol.js';
import { fromErrorReply, notRunning, timedOut } from './remote-error.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default for calls that wait for processes to stop or become ready. */
export const LONG_CALL_TIMEOUT_MS = 300_000;
const LONG_CALLS: ReadonlySet<MethodName> = new Set(['restart', 'start', 'stop', 'reload']);
// Replies (a long tail, a big status) may be far larger than requests.
const MAX_REPLY_BYTES = 256 * 1024 * 1024;

export interface ConnectOptions {
  /** Bound on connecting, and the default bound on calls (restart/start/stop default to LONG_CALL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** The stack's manifest, for error messages (default: the socket path). */
  manifest?: string;
}

export interface CallOptions {
  timeoutMs?: number;
}

export interface SubscribeOptions extends CallOptions {
  /** Called when the server skipped `count` line events because this client read too slowly. */
  onDropped?: (count: number) => void;
}

type CallArgs<M extends MethodName> = Record<string, never> extends ParamsOf<M> ? [params?: ParamsOf<M>, options?: CallOptions] : [params: ParamsOf<M>, options?: CallOptions];

interface Pending {
  method: MethodName;
  settle(message: ServerMessage): void;
  fail(err: PilotError): void;
}

interface Subscription {
  onEvent(event: PilotEvent): void;
  onDropped?: (count: number) => void;
}

/** Connects to a supervisor's control socket; nobody there → NOT_RUNNING at once, never a hang. */
export function connectControl(socketPath: string, options: ConnectOptions = {}): Promise<ControlClient> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const what = options.manifest ?? socketPath;
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timedOut('the connection', timeoutMs, socketPath));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(new ControlClient(socket, socketPath, timeoutMs));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') reject(notRunning(what, socketPath, err));
      else reject(new PilotError('INTERNAL', `cannot connect to the control socket ${socketPath}: ${err.message}`, { context: { socketPath }, cause: err }));
    });
  });
}

export class ControlClient {
  /** Settles when the connection is gone (closed by either side). */
  readonly closed: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();
  private readonly subscriptions = new Map<RequestId, Subscription>();
  private ended = false;

  constructor(
    private readonly socket: Socket,
    private readonly socketPath: string,
    private readonly defaultTimeoutMs: number,
  ) {
    const reader = new LineReader(MAX_REPLY_BYTES, {
      line: (text) => this.receive(text),
      overflow: () => this.shutDown(new PilotError('INTERNAL', `a message from the supervisor exceeded ${MAX_REPLY_BYTES} bytes`)),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => socket.destroy());
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.shutDown(null));
  }

  /** Calls a method and resolves with its result; rejects with the supervisor's PilotError, or on timeout. */
  call<M extends MethodName>(method: M, ...[params, options]: CallArgs<M>): Promise<ResultOf<M>> {
    const timeoutMs = options?.timeoutMs ?? (LONG_CALLS.has(method) ? Math.max(LONG_CALL_TIMEOUT_MS, this.defaultTimeoutMs) : this.defaultTimeoutMs);
    return this.request(this.nextId++, method, params ?? {}, timeoutMs) as Promise<ResultOf<M>>;
  }

  /** Subscribes to events (and, with `logs`, output lines); resolves once the server confirms, with the unsubscribe function. */
  async subscribe(params: SubscribeParams, onEvent: (event: PilotEvent) => void, options: SubscribeOptions = {}): Promise<() => void> {
    const id = this.nextId++;
    // Registered before the request goes out: events may follow the reply in the same chunk.
    this.subscriptions.set(id, { onEvent, onDropped: options.onDropped });
    try {
      await this.request(id, 'subscribe', params, options.timeoutMs ?? this.defaultTimeoutMs);
    } catch (err) {
      this.subscriptions.delete(id);
      throw err;
    }
    return () => {
      if (!this.subscriptions.delete(id) || this.ended) return;
      this.call('unsubscribe', { sub: id }).catch(() => {
        // the connection went away meanwhile: nothing left to stop
      });
    };
  }

  /** Closes the connection; calls still waiting are rejected. */
  close(): void {
    if (this.ended) return;
    this.shutDown(new PilotError('INTERNAL', 'the control connection was closed by the client'), false);
    this.socket.end(() => this.socket.destroy());
  }

  private request(id: number, method: MethodName, params: object, timeoutMs: number): Promise<unknown> {
    if (this.ended) return Promise.reject(new PilotError('NOT_RUNNING', `the control connection is closed (cannot call "${method}")`, { exitCode: 3 }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(timedOut(`"${method}"`, timeoutMs, this.socketPath));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.pending.delete(id);
      };
      this.pending.set(id, {
        method,
        settle: (message) => {
          done();
          if (!('ok' in message)) return;
          if (message.ok) resolve(message.result);
          else reject(fromErrorReply(method, message.error));
        },
        fail: (err) => {
          done();
          reject(err);
        },
      });
      this.socket.write(encode({ v: PROTOCOL_VERSION, id, method, params }));
    });
  }

  private receive(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return this.shutDown(new PilotError('INTERNAL', 'the supervisor sent a message that is not JSON'));
    }
    if ('sub' in message) {
      const sub = this.subscriptions.get(message.sub);
      if (!sub) return; // unsubscribed: a few messages may still be on their way
      if ('event' in message) sub.onEvent(message.event);
      else sub.onDropped?.(message.dropped);
      return;
    }
    if (message.id !== null) this.pending.get(message.id)?.settle(message);
  }

  // Ends the connection for good: every call still waiting fails with `err` (or "closed before answering").
  private shutDown(err: PilotError | null, destroy = err !== null): void {
    this.ended = true;
    this.subscriptions.clear();
    if (destroy && !this.socket.destroyed) this.socket.destroy();
    for (const p of [...this.pending.values()]) {
      p.fail(err ?? new PilotError('NOT_RUNNING', `the supervisor closed the control connection before answering "${p.method}"`, { exitCode: 1 }));
    }
  }
}
