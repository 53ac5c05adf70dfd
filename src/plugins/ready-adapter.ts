// A plugin's ready strategy as one of the registry's: its context is the documented ReadyCheckContext,
// its own failures name the plugin, and a wait that ignores its abort signal is reported.
import { errorText } from '../ready/messages.js';
import type { ReadyContext, ReadyStrategy } from '../ready/types.js';
import type { PluginOutputLine, ReadyCheckContext, ReadyStrategyDefinition } from './api.js';
import { pluginLabel, type Offered } from './plugin-set.js';
import { processView } from './process-view.js';
import type { PluginReporter } from './reporter.js';
import { inPluginScope, type PluginScope } from './plugin-scope.js';
import { issueText } from '../manifest/param-issue.js';
import { runParamsValidator } from './param-check.js';
import { IGNORED_SIGNAL_MS, IgnoredSignals } from './ignored-signals.js';

/** `ignored` reports waits and checks that ignore their abort signal (a stack service: see ignored-signals.ts). */
export function adaptReadyStrategy(offer: Offered<ReadyStrategyDefinition>, reporter: PluginReporter, ignored = new IgnoredSignals()): ReadyStrategy {
  const { value: def, name, plugin } = offer;
  const source = `ready strategy "${name}"`;
  const contexts = new WeakMap<ReadyContext, ReadyCheckContext>();
  const scope = (ctx: ReadyContext): PluginScope => ({ plugin, source, process: ctx.process.name });

  // One plugin context per wait (check() is polled with the same internal context).
  const contextOf = (ctx: ReadyContext): ReadyCheckContext => {
    let pctx = contexts.get(ctx);
    if (!pctx) {
      pctx = pluginContext(ctx, scope(ctx), reporter.logger(plugin, source, ctx.process.name), (err) => {
        reporter.report(plugin, source, ctx.process.name, 'warning', `an onOutput listener threw: ${errorText(err)}`, err);
      });
      contexts.set(ctx, pctx);
    }
    return pctx;
  };
  // Reports a call still pending well after its signal aborted: it ignores the signal (pilot went on anyway).
  const watch = <T>(ctx: ReadyContext, call: string, pending: Promise<T>): Promise<T> =>
    ignored.watch(ctx.signal, pending, () => {
      reporter.report(plugin, source, ctx.process.name, 'warning', `its ${call} ignored the abort signal: still pending ${IGNORED_SIGNAL_MS / 1000} s after it fired (pilot went on without it; stop work when ctx.signal aborts)`);
    });

  const strategy: ReadyStrategy = {
    name,
    describe: (params, process) => (def.describe ? String(def.describe.call(def, params, processView(process))) : name),
    ...(def.notReadyText === undefined ? {} : { notReadyText: def.notReadyText }),
    ...(def.pollIntervalMs === undefined ? {} : { pollIntervalMs: def.pollIntervalMs }),
  };
  const validate = def.validateParams;
  if (typeof validate === 'function') {
    // Parameters are checked before every spawn too: a reload or a Pilot built without `pilot validate`'s checks.
    strategy.prepare = (pctx) => {
      const issues = runParamsValidator(validate.bind(def), pctx.params, { plugin, source, process: pctx.process.name });
      if (issues.length > 0) return Promise.reject(new Error(`invalid ${issues.map((issue) => issueText('ready_params', issue)).join('; ')}`));
      return Promise.resolve();
    };
  }
  const wait = def.wait;
  const check = def.check;
  if (wait) {
    strategy.wait = (ctx) => {
      const pending = watch(ctx, 'wait()', inPluginScope(scope(ctx), async () => wait.call(def, contextOf(ctx))));
      // A failure before the deadline is the strategy's own: name it (after the deadline it is the "last error").
      return pending.then(
        () => undefined,
        (err: unknown) => {
          if (ctx.signal.aborted) throw err;
          throw new Error(`${errorText(err)} (${source}, ${pluginLabel(plugin)})`, { cause: err });
        },
      );
    };
  } else if (check) {
    strategy.check = (ctx) => watch(ctx, 'check()', inPluginScope(scope(ctx), async () => Boolean(await check.call(def, contextOf(ctx)))));
  }
  return strategy;
}

function pluginContext(ctx: ReadyContext, scope: PluginScope, log: ReadyCheckContext['log'], onListenerError: (err: unknown) => void): ReadyCheckContext {
  return Object.freeze({
    process: processView(ctx.process),
    params: processView(ctx.process).readyParams,
    pid: ctx.pid,
    signal: ctx.signal,
    deadline: ctx.deadline,
    timeoutMs: ctx.process.readyTimeoutSec * 1000,
    env: Object.freeze({ ...(ctx.env ?? stringEnv(process.env)) }),
    recentOutput: (n = 50) => ctx.recentOutput(n), // (the unit's tail floors and bounds n: it holds 1000 lines)
    onOutput: (listener: (line: PluginOutputLine) => void) => {
      if (ctx.signal.aborted || !ctx.onOutput) return () => {};
      let failed = false;
      const off = ctx.onOutput(({ at, stream, line }) => {
        try {
          inPluginScope(scope, () => listener(Object.freeze({ at, stream, line })));
        } catch (err) {
          // One report per listener; the line still reached everyone else.
          if (!failed) onListenerError(err);
          failed = true;
        }
      });
      ctx.signal.addEventListener('abort', off, { once: true });
      return () => {
        off();
        ctx.signal.removeEventListener('abort', off);
      };
    },
    log,
  });
}

// pilot's own environment without its unset entries (only when the caller gave no child environment).
function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
