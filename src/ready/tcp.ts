// tcp: ready once a connection to host:port succeeds. Quick first retries, a short per-attempt timeout.
import { connect, isIPv6 } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { optionalString, requiredPort } from './params.js';
import type { ReadyContext, ReadyStrategy } from './types.js';

const DEFAULT_HOST = '127.0.0.1';
const ATTEMPT_TIMEOUT_MS = 250;
const FIRST_RETRY_MS = 2;
// 50 ms rather than 100: the bench's 5-link chain showed ~50 ms of average detection delay per link at 100.
const MAX_RETRY_MS = 50;

/** `host:port`, with IPv6 literals bracketed: `[::1]:6390`. */
function hostPort(host: string, port: unknown): string {
  return `${isIPv6(host) ? `[${host}]` : host}:${String(port ?? '?')}`;
}

/** One connection attempt: resolves null when it connected, else the error code (the socket is always destroyed). */
function attempt(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: string | null): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => done('aborted');
    const timer = setTimeout(() => done(`no answer within ${timeoutMs}ms`), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/** Retries until connected; on abort rejects with the last attempt's error (e.g. `ECONNREFUSED`). */
async function waitForConnection(ctx: ReadyContext): Promise<void> {
  const host = optionalString(ctx.params, 'host', 'tcp') ?? DEFAULT_HOST;
  const port = requiredPort(ctx.params, 'port', 'tcp');
  const { signal } = ctx;
  let lastError: string | undefined;
  let retryMs = FIRST_RETRY_MS;
  while (!signal.aborted) {
    const timeoutMs = Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, ctx.deadline - performance.now()));
    const result = await attempt(host, port, timeoutMs, signal);
    if (result === null) return;
    if (signal.aborted) break;
    lastError = result;
    try {
      await delay(retryMs, undefined, { signal });
    } catch {
      break;
    }
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }
  // Aborted during the very first attempt: nothing refused, nothing answered either.
  throw new Error(lastError ?? 'no answer yet');
}

export const tcpStrategy: ReadyStrategy = {
  name: 'tcp',
  notReadyText: 'not accepting connections',
  describe(params) {
    const host = typeof params.host === 'string' && params.host !== '' ? params.host : DEFAULT_HOST;
    return `tcp ${hostPort(host, params.port)}`;
  },
  wait: waitForConnection,
};
