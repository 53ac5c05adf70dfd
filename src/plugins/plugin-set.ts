// The loaded plugins of one directory: who offers which name, and what went wrong while loading.
import { BUILTIN_READY_STRATEGIES } from '../manifest/defaults.js';
import type { ParamIssue, ParamsKind, PluginCatalogue, PluginProblem } from '../manifest/types.js';
import type { ControlServerDefinition, LifecycleHookBundle, PluginDefinition, ReadyStrategyDefinition, StatHandlerDefinition } from './api.js';
import { runParamsValidator } from './param-check.js';

/** One plugin that loaded. */
export interface LoadedPlugin {
  name: string;
  /** Absolute path of its file. */
  file: string;
  definition: PluginDefinition;
}

/** What a name refers to, with the plugin offering it. */
export interface Offered<T> {
  plugin: LoadedPlugin;
  name: string;
  value: T;
}

export type OfferKind = 'readyStrategies' | 'lifecycleHooks' | 'statHandlers' | 'controlServers';

/** How each kind is named in messages. */
export const KIND_LABEL: Record<OfferKind, string> = {
  readyStrategies: 'ready strategy',
  lifecycleHooks: 'lifecycle hook bundle',
  statHandlers: 'stat handler',
  controlServers: 'control server',
};

export const KINDS = Object.keys(KIND_LABEL) as OfferKind[];
const BUILT_IN_STRATEGIES: readonly string[] = BUILTIN_READY_STRATEGIES;

/** `"name" (file)`: how a plugin is named in messages. */
export function pluginLabel(plugin: { name: string; file: string }): string {
  return `plugin "${plugin.name}" (${plugin.file})`;
}

export class PluginSet {
  readonly plugins: LoadedPlugin[] = [];
  readonly problems: PluginProblem[];
  private readonly offers: Record<OfferKind, Map<string, Offered<unknown>>> = {
    readyStrategies: new Map(),
    lifecycleHooks: new Map(),
    statHandlers: new Map(),
    controlServers: new Map(),
  };

  /**
   * `directory`: where the plugins came from (null for an empty set); `loaded` in load order; `helpers`:
   * files of the directory that export only named, non-plugin values (modules the plugins import).
   */
  constructor(
    readonly directory: string | null,
    loaded: LoadedPlugin[] = [],
    problems: PluginProblem[] = [],
    readonly helpers: readonly string[] = [],
    /** What loads but should be fixed (a typeless package.json over ES modules): reported, never refused. */
    readonly warnings: readonly PluginProblem[] = [],
  ) {
    this.problems = [...problems];
    const byName = new Map<string, LoadedPlugin>();
    for (const plugin of loaded) {
      const twin = byName.get(plugin.name);
      if (twin) {
        this.conflict(plugin.file, `two plugins are named "${plugin.name}": ${twin.file} and ${plugin.file}`);
        continue;
      }
      byName.set(plugin.name, plugin);
      this.plugins.push(plugin);
      for (const kind of KINDS) this.addOffers(plugin, kind);
    }
  }

  /** True when every file loaded and no two plugins clash. */
  get ok(): boolean {
    return this.problems.length === 0;
  }

  readyStrategy(name: string): Offered<ReadyStrategyDefinition> | undefined {
    return this.offers.readyStrategies.get(name) as Offered<ReadyStrategyDefinition> | undefined;
  }

  hookBundle(name: string): Offered<LifecycleHookBundle> | undefined {
    return this.offers.lifecycleHooks.get(name) as Offered<LifecycleHookBundle> | undefined;
  }

  /** A handler, its function form normalized to `{ handle }`. */
  statHandler(name: string): Offered<StatHandlerDefinition> | undefined {
    const offer = this.offers.statHandlers.get(name) as Offered<StatHandlerDefinition | StatHandlerDefinition['handle']> | undefined;
    if (!offer) return undefined;
    return typeof offer.value === 'function' ? { ...offer, value: { handle: offer.value } } : (offer as Offered<StatHandlerDefinition>);
  }

  /** A control server, its bare-factory form normalized to `{ create }`. */
  controlServer(name: string): Offered<ControlServerDefinition> | undefined {
    const offer = this.offers.controlServers.get(name) as Offered<ControlServerDefinition | ControlServerDefinition['create']> | undefined;
    if (!offer) return undefined;
    return typeof offer.value === 'function' ? { ...offer, value: { create: offer.value } } : (offer as Offered<ControlServerDefinition>);
  }

  /** What the validateParams of the `kind` named `name` finds wrong with `params` (nothing when it has none). */
  paramProblems(kind: ParamsKind, name: string, params: Record<string, unknown>): ParamIssue[] {
    const offer = kind === 'readyStrategies' ? this.readyStrategy(name) : kind === 'statHandlers' ? this.statHandler(name) : this.controlServer(name);
    const validator = offer?.value.validateParams;
    if (!offer || typeof validator !== 'function') return [];
    const scope = { plugin: offer.plugin, source: `validateParams of ${KIND_LABEL[kind]} "${name}"`, process: null };
    return runParamsValidator(validator.bind(offer.value), params, scope);
  }

  /** Every name of a kind, in load order. */
  names(kind: OfferKind): string[] {
    return [...this.offers[kind].keys()];
  }

  /** Names and problems, for the manifest's checks. */
  catalogue(): PluginCatalogue {
    return {
      readyStrategies: this.names('readyStrategies'),
      lifecycleHooks: this.names('lifecycleHooks'),
      statHandlers: this.names('statHandlers'),
      controlServers: this.names('controlServers'),
      problems: this.problems,
      warnings: [...this.warnings],
      checkParams: (kind, name, params) => this.paramProblems(kind, name, params),
    };
  }

  private addOffers(plugin: LoadedPlugin, kind: OfferKind): void {
    const group = plugin.definition[kind] as Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(group ?? {})) {
      const label = KIND_LABEL[kind];
      if (kind === 'readyStrategies' && BUILT_IN_STRATEGIES.includes(name)) {
        this.conflict(plugin.file, `${label} "${name}" of ${pluginLabel(plugin)} clashes with pilot's built-in one; rename it`);
        continue;
      }
      const first = this.offers[kind].get(name);
      if (first) {
        this.conflict(plugin.file, `${label} "${name}" is offered by two plugins: ${pluginLabel(first.plugin)} and ${pluginLabel(plugin)}`);
        continue;
      }
      this.offers[kind].set(name, { plugin, name, value });
    }
  }

  private conflict(file: string, message: string): void {
    this.problems.push({ code: 'plugin-conflict', file, message, hint: 'names of plugins, strategies, hook bundles, handlers and control servers are global: rename one' });
  }
}
