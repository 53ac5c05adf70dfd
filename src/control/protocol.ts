// The control protocol: newline-delimited JSON messages, versioned, with one typed map of methods
// shared by the server and the client. Type-only imports keep this module free of runtime weight.
import type { PilotEvent } from '../supervisor/events.js';
import type { ReloadResult } from '../supervisor/reload-result.js';
import type { ProcessStatus } from '../supervisor/status.js';

export const PROTOCOL_VERSION = 1;
/** Longest request line the server accepts; a longer one gets an error reply and the connection is closed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export type RequestId = number | string;

type NoParams = Record<string, never>;

/** What `ping` answers: who is supervising which stack. */
export interface PingResult {
  pid: number;
  stackId: string;
  manifest: string;
  version: string;
  /** When the control server started (ISO time). */
  startedAt: string;
}

/** One recent output line, as `tail` returns it. */
export interface TailLine {
  process: string;
  /** ms since the epoch */
  at: number;
  stream: 'stdout' | 'stderr';
  line: string;
}

export interface SubscribeParams {
  /** Stream `line` events (default false). */
  logs?: boolean;
  /** Stream every other event (default true). */
  events?: boolean;
  /** Only these processes' events and lines; stack-wide events are always sent. */
  names?: string[];
}

/** Every method: its params and its result. */
export interface Methods {
  ping: { params: NoParams; result: PingResult };
  status: { params: NoParams; result: ProcessStatus[] };
  /** Resolves once every restarted process is ready; the result is the stack's status afterwards. */
  restart: { params: { names: string[]; withDependents?: boolean }; result: ProcessStatus[] };
  stop: { params: { names: string[] }; result: ProcessStatus[] };
  start: { params: { names: string[] }; result: ProcessStatus[] };
  /**
   * Reads and validates the stack's manifest file again and applies what changed. Resolves once the
   * new and restarted processes are up (or failed); an invalid manifest changes nothing and resolves
   * with `valid: false` and the diagnostics.
   */
  reload: { params: NoParams; result: ReloadResult };
  /** Answers at once; the stack then stops and the supervisor exits. */
  down: { params: NoParams; result: { stopping: true } };
  /** The last `n` lines (default 100) of each process, merged oldest first. */
  tail: { params: { names?: string[]; n?: number }; result: TailLine[] };
  /** Answers, then streams `{sub: <this request's id>, event}` messages until unsubscribed or disconnected. */
  subscribe: { params: SubscribeParams; result: { subscribed: true } };
  unsubscribe: { params: { sub: RequestId }; result: { unsubscribed: boolean } };
}

export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = Methods[M]['params'];
export type ResultOf<M extends MethodName> = Methods[M]['result'];

export const METHOD_NAMES: readonly MethodName[] = ['ping', 'status', 'restart', 'stop', 'start', 'reload', 'down', 'tail', 'subscribe', 'unsubscribe'];

/** Errors of the protocol itself; errors of the supervisor carry their PilotError code. */
export type ProtocolErrorCode = 'BAD_REQUEST' | 'UNSUPPORTED_VERSION' | 'UNKNOWN_METHOD' | 'BAD_PARAMS' | 'REQUEST_TOO_LARGE';

export interface Request<M extends MethodName = MethodName> {
  v: typeof PROTOCOL_VERSION;
  id: RequestId;
  method: M;
  params?: ParamsOf<M>;
}

export interface ErrorBody {
  code: string;
  message: string;
  /** The exit code the CLI should use, when the supervisor suggested one. */
  exitCode?: number;
}

export type Reply =
  | { v: typeof PROTOCOL_VERSION; id: RequestId | null; ok: true; result: unknown }
  | { v: typeof PROTOCOL_VERSION; id: RequestId | null; ok: false; error: ErrorBody };

/** A message of a subscription: an event, or how many line events were dropped for a slow reader. */
export type StreamMessage = { v: typeof PROTOCOL_VERSION; sub: RequestId; event: PilotEvent } | { v: typeof PROTOCOL_VERSION; sub: RequestId; dropped: number };

export type ServerMessage = Reply | StreamMessage;

/** One message as a line of the wire format. */
export function encode(message: Request | ServerMessage): string {
  return `${JSON.stringify(message)}\n`;
}

export function okReply(id: RequestId | null, result: unknown): Reply {
  return { v: PROTOCOL_VERSION, id, ok: true, result };
}

export function errorReply(id: RequestId | null, error: ErrorBody): Reply {
  return { v: PROTOCOL_VERSION, id, ok: false, error };
}

/** A valid request id: a finite number or a non-empty string. */
export function isRequestId(value: unknown): value is RequestId {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length > 0);
}
