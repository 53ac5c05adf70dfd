// The object a control server drives: the CLI's operations on the running stack, over its ControlTarget.
import { checkNames, mergedTail } from '../control/handlers.js';
import { wants } from '../control/subscription-filter.js';
import type { ControlTarget } from '../control/target.js';
import type { PilotControl, StackInfo } from './api.js';
import { inPluginScope, type PluginScope } from './plugin-scope.js';

const DEFAULT_TAIL_LINES = 100;

/**
 * `onListenerError` hears of a subscriber that threw (the event still reached every other subscriber);
 * listeners run in the server's `scope`.
 */
export function pilotControl(target: ControlTarget, stack: StackInfo, scope: PluginScope, onListenerError: (err: unknown) => void): PilotControl {
  return Object.freeze({
    stack,
    status: () => target.status(),
    restart: async (names, options) => {
      await target.restart([...names], { withDependents: options?.withDependents ?? false });
      return target.status();
    },
    stop: async (names) => {
      await target.stopProcesses([...names]);
      return target.status();
    },
    start: async (names) => {
      await target.startProcesses([...names]);
      return target.status();
    },
    shutdown: (reason = 'stop requested by the control server') => target.stop(reason),
    tail: (names, n = DEFAULT_TAIL_LINES) => mergedTail(target, names, n),
    subscribe: (listener, options = {}) => {
      if (options.names) checkNames(target, options.names);
      const filter = { logs: options.logs ?? false, events: options.events ?? true, names: options.names ? new Set(options.names) : null };
      return target.on((event) => {
        if (!wants(filter, event)) return;
        try {
          inPluginScope(scope, () => listener(event));
        } catch (err) {
          onListenerError(err);
        }
      });
    },
  } satisfies PilotControl);
}
