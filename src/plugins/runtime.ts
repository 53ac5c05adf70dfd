// Wiring the loaded plugins into one stack: their ready strategies in the registry beside the built-ins,
// the hook runner for the units, and the services that live with the stack (stats delivery, control server).
import type { StackPaths } from '../control/state-dir.js';
import type { ControlTarget } from '../control/target.js';
import { PilotError } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { createDefaultRegistry, type ReadyRegistry } from '../ready/registry.js';
import type { EventBus } from '../supervisor/event-bus.js';
import { NO_HOOKS, type HookDispatcher } from '../supervisor/hooks.js';
import type { StackService } from '../supervisor/stack-service.js';
import { assertPluginNames, assertPluginParams } from './check-names.js';
import { ControlServerHost } from './control-host.js';
import { HookRunner } from './hook-runner.js';
import { IgnoredSignals } from './ignored-signals.js';
import { pilotControl } from './pilot-control.js';
import { PluginSet } from './plugin-set.js';
import { stackInfo } from './process-view.js';
import { adaptReadyStrategy } from './ready-adapter.js';
import { PluginReporter } from './reporter.js';
import { StatsDelivery } from './stats-delivery.js';
import { redirectStrayErrors } from './stray-errors.js';

export interface PluginRuntimeOptions {
  manifest: Manifest;
  /** The manifest in force (a reload replaces it; default: `manifest`). */
  current?: () => Manifest;
  paths: StackPaths;
  bus: EventBus;
  /** The running stack, for the control server (asked for only when it starts). */
  target: () => ControlTarget;
  /** Wall clock, ms (default Date.now). */
  now?: () => number;
}

export interface PluginRuntime {
  registry: ReadyRegistry;
  hooks: HookDispatcher;
  services: StackService[];
}

/** The plugin parts of one stack; `plugins` null = none loaded (names the manifest uses are then refused at start). */
export function createPluginRuntime(plugins: PluginSet | null, o: PluginRuntimeOptions): PluginRuntime {
  const set = plugins ?? new PluginSet(null);
  const reporter = new PluginReporter((event) => o.bus.emit(event), o.now);
  const stack = stackInfo(o.manifest, o.paths);
  const registry = createDefaultRegistry();
  const ignored = new IgnoredSignals();
  for (const name of set.names('readyStrategies')) {
    const offer = set.readyStrategy(name);
    if (offer) registry.register(adaptReadyStrategy(offer, reporter, ignored), offer.plugin.file);
  }
  const check: StackService = {
    check: () => {
      if (!set.ok) {
        throw new PilotError('PLUGIN_INVALID', `the plugins in ${set.directory ?? '?'} cannot be used`, { exitCode: 2, context: { details: set.problems.map((p) => p.message) } });
      }
      assertPluginNames(o.manifest, set);
      assertPluginParams(o.manifest, set);
    },
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
  const services: StackService[] = [check];
  if (set.plugins.length === 0) return { registry, hooks: NO_HOOKS, services };
  services.push(strayErrorRedirect(reporter));
  const stats = new StatsDelivery(o.current ?? (() => o.manifest), set, reporter, stack, o.bus);
  const control = new ControlServerHost(o.manifest, set, reporter, stack, (scope, onListenerError) => pilotControl(o.target(), stack, scope, onListenerError));
  services.push(together([stats, control, ignored]));
  return { registry, hooks: new HookRunner(set, reporter, stack), services };
}

// Started in turn, stopped at the same time: a stop waits for the slowest, not for the sum of their bounds.
// (Each ignores a start() that comes after its stop().)
function together(parts: StackService[]): StackService {
  return {
    start: async () => {
      for (const part of parts) await part.start();
    },
    stop: async () => {
      await Promise.all(parts.map((part) => part.stop()));
    },
    kill: () => {
      for (const part of parts) part.kill?.();
    },
  };
}

// While the stack runs, errors its plugins leak are `plugin` events of the stack.
function strayErrorRedirect(reporter: PluginReporter): StackService {
  let restore: (() => void) | null = null;
  return {
    start: () => {
      restore = redirectStrayErrors((stray) => {
        const plugin = stray.plugin ?? { name: 'unknown', file: stray.file };
        reporter.report(plugin, stray.source ?? 'code outside any hook', stray.process, 'error', `leaked an ${stray.kind}: ${stray.message} (pilot keeps supervising)`, stray.error);
      });
      return Promise.resolve();
    },
    stop: () => {
      restore?.();
      return Promise.resolve();
    },
  };
}
