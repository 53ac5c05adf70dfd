// What each control method does, against a ControlTarget. Subscriptions live with the connection.
import { PilotError } from '../errors.js';
import type { MethodName, ParamsOf, PingResult, RequestId, ResultOf, SubscribeParams, TailLine } from './protocol.js';
import type { ControlTarget } from './target.js';

const DEFAULT_TAIL_LINES = 100;
const DOWN_REASON = 'pilot down';

/** What a handler may use besides the target: the connection it came in on. */
export interface HandlerContext {
  target: ControlTarget;
  ping: PingResult;
  requestId: RequestId;
  subscribe(id: RequestId, params: SubscribeParams): void;
  unsubscribe(id: RequestId): boolean;
}

type Handler<M extends MethodName> = (params: ParamsOf<M>, ctx: HandlerContext) => ResultOf<M> | Promise<ResultOf<M>>;

/** Refuses unknown process names, all of them at once, with the valid ones (as the supervisor does). */
export function checkNames(target: ControlTarget, names: readonly string[]): void {
  const valid = target.status().map((s) => s.name);
  const unknown = names.filter((n) => !valid.includes(n));
  if (unknown.length === 0) return;
  const list = unknown.map((n) => `"${n}"`).join(', ');
  throw new PilotError('UNKNOWN_PROCESS', `unknown process${unknown.length > 1 ? 'es' : ''} ${list} (processes: ${valid.join(', ')})`, {
    exitCode: 2,
    context: { unknown, valid },
  });
}

/** The last `n` lines of each named process (default: all), merged by time (stable: per-process order kept). */
export function mergedTail(target: ControlTarget, names: readonly string[] | undefined, n: number): TailLine[] {
  const chosen = names ?? target.status().map((s) => s.name);
  checkNames(target, chosen);
  const lines = [...new Set(chosen)].flatMap((process) => target.tail(process, n).map((l) => ({ process, at: l.at, stream: l.stream, line: l.line })));
  return lines.sort((a, b) => a.at - b.at);
}

export const HANDLERS: { [M in MethodName]: Handler<M> } = {
  ping: (_params, ctx) => ctx.ping,
  status: (_params, ctx) => ctx.target.status(),
  restart: async (params, ctx) => {
    await ctx.target.restart(params.names, { withDependents: params.withDependents ?? false });
    return ctx.target.status();
  },
  stop: async (params, ctx) => {
    await ctx.target.stopProcesses(params.names);
    return ctx.target.status();
  },
  start: async (params, ctx) => {
    await ctx.target.startProcesses(params.names);
    return ctx.target.status();
  },
  reload: (_params, ctx) => ctx.target.reload(),
  down: (_params, ctx) => {
    // After this turn, so the reply is written before the stack starts to stop.
    setImmediate(() => {
      ctx.target.stop(DOWN_REASON).catch(() => {
        // the supervisor reports its own stop problems as events
      });
    });
    return { stopping: true };
  },
  tail: (params, ctx) => mergedTail(ctx.target, params.names, params.n ?? DEFAULT_TAIL_LINES),
  subscribe: (params, ctx) => {
    if (params.names) checkNames(ctx.target, params.names);
    ctx.subscribe(ctx.requestId, params);
    return { subscribed: true };
  },
  unsubscribe: (params, ctx) => ({ unsubscribed: ctx.unsubscribe(params.sub) }),
};
