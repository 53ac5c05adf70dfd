// Checks that need the loaded plugins: names in lifecycle_hooks, stat_handlers and control_server, the
// parameters the plugins' own validateParams reject, and the plugins' load problems, located at
// plugin_directory (or unlocated when --plugins chose the directory).
import type { DiagnosticList } from './diagnostics.js';
import type { DataPath, NodeLocator } from './locate.js';
import { asObject, processEntries, stringItems } from './raw.js';
import { didYouMean } from './suggest.js';
import { processLabel } from './describe.js';
import { issueText } from './param-issue.js';
import type { ParamIssue, ParamsKind, PluginCatalogue } from './types.js';

export interface PluginCheckContext {
  data: unknown;
  locator: NodeLocator;
  diagnostics: DiagnosticList;
  /** What the plugins offer; null when no plugin directory is set. */
  catalogue: PluginCatalogue | null;
  /** The directory came from `--plugins`, not the manifest. */
  fromFlag: boolean;
  /** For a reload whose manifest names another directory than the one loaded at start: why its plugins are not there. */
  notLoaded?: string | null;
}

/** Records a diagnostic per plugin problem and per name no plugin offers. */
export function checkPlugins(ctx: PluginCheckContext): void {
  const where = ctx.fromFlag ? null : ctx.locator.value(['plugin_directory']);
  for (const problem of ctx.catalogue?.problems ?? []) {
    const message = ctx.fromFlag ? `${problem.message} (from --plugins)` : problem.message;
    ctx.diagnostics.add(problem.code, message, where, problem.hint === undefined ? {} : { hint: problem.hint });
  }
  for (const warning of ctx.catalogue?.warnings ?? []) {
    ctx.diagnostics.add(warning.code, warning.message, where, { severity: 'warning', ...(warning.hint === undefined ? {} : { hint: warning.hint }) });
  }
  for (const { index, raw } of processEntries(ctx.data)) {
    const who = processLabel(ctx.data, index);
    for (const { item, index: j } of stringItems(raw.lifecycle_hooks)) {
      if (ctx.catalogue?.lifecycleHooks.includes(item)) continue;
      ctx.diagnostics.add('unknown-lifecycle-hook', `unknown lifecycle hook bundle "${item}" in ${who}`, ctx.locator.value(['processes', index, 'lifecycle_hooks', j]), {
        hint: availableHint(ctx, item, ctx.catalogue?.lifecycleHooks ?? []),
      });
    }
    for (const { item, index: j } of stringItems(raw.stat_handlers)) {
      if (ctx.catalogue?.statHandlers.includes(item)) continue;
      ctx.diagnostics.add('unknown-stat-handler', `unknown stat handler "${item}" in ${who}`, ctx.locator.value(['processes', index, 'stat_handlers', j]), {
        hint: availableHint(ctx, item, ctx.catalogue?.statHandlers ?? []),
      });
    }
  }
  const server = asObject(ctx.data)?.control_server;
  if (typeof server === 'string' && !ctx.catalogue?.controlServers.includes(server)) {
    ctx.diagnostics.add('unknown-control-server', `unknown control server "${server}"`, ctx.locator.value(['control_server']), {
      hint: availableHint(ctx, server, ctx.catalogue?.controlServers ?? []),
    });
  }
  checkHandlerParamNames(ctx);
  checkParams(ctx);
}

// stat_handler_params: each key names a handler a plugin offers, and that some process lists.
function checkHandlerParamNames(ctx: PluginCheckContext): void {
  const listed = new Set(processEntries(ctx.data).flatMap(({ raw }) => stringItems(raw.stat_handlers).map((s) => s.item)));
  for (const name of Object.keys(asObject(asObject(ctx.data)?.stat_handler_params) ?? {})) {
    const where = ctx.locator.key(['stat_handler_params', name]);
    if (!ctx.catalogue?.statHandlers.includes(name)) {
      ctx.diagnostics.add('unknown-stat-handler', `stat_handler_params names unknown stat handler "${name}"`, where, { hint: availableHint(ctx, name, ctx.catalogue?.statHandlers ?? []) });
    } else if (!listed.has(name)) {
      ctx.diagnostics.add('unused-stat-handler-params', `stat_handler_params of "${name}" are not used: no process lists it in stat_handlers`, where, {
        severity: 'warning',
        hint: `add "${name}" to the stat_handlers of the processes to sample, or remove its params`,
      });
    }
  }
}

// The plugins' validateParams, for each strategy, handler and server the manifest uses.
function checkParams(ctx: PluginCheckContext): void {
  const catalogue = ctx.catalogue;
  const check = catalogue?.checkParams;
  if (!catalogue || !check) return;
  const top = asObject(ctx.data);
  // `base`: where the params are written (`label` in messages); `fallback`: where to point when they are not.
  const report = (kind: ParamsKind, name: string, params: unknown, base: DataPath, label: string, fallback: DataPath, what: string): void => {
    const given = asObject(params);
    if (params !== undefined && !given) return; // not an object: the schema said so
    for (const issue of check(kind, name, given ?? {})) {
      const where = given ? ctx.locator.value([...base, ...keyPath(issue)]) : ctx.locator.value(fallback);
      ctx.diagnostics.add('invalid-plugin-params', `${what}: ${issueText(label, issue)}`, where, issue.hint === undefined ? {} : { hint: issue.hint });
    }
  };
  for (const { index, raw } of processEntries(ctx.data)) {
    const strategy = raw.ready_strategy;
    if (typeof strategy !== 'string' || !catalogue.readyStrategies.includes(strategy)) continue;
    report('readyStrategies', strategy, raw.ready_params, ['processes', index, 'ready_params'], 'ready_params', ['processes', index, 'ready_strategy'], `${processLabel(ctx.data, index)}, ready strategy "${strategy}"`);
  }
  const handlerParams = asObject(top?.stat_handler_params);
  const firstListing = new Map<string, DataPath>();
  for (const { index, raw } of processEntries(ctx.data)) {
    for (const { item, index: j } of stringItems(raw.stat_handlers)) if (!firstListing.has(item)) firstListing.set(item, ['processes', index, 'stat_handlers', j]);
  }
  for (const [name, listing] of firstListing) {
    if (!catalogue.statHandlers.includes(name)) continue;
    report('statHandlers', name, handlerParams?.[name], ['stat_handler_params', name], `stat_handler_params.${name}`, listing, `stat handler "${name}"`);
  }
  const server = top?.control_server;
  if (typeof server === 'string' && catalogue.controlServers.includes(server)) {
    report('controlServers', server, top?.control_server_params, ['control_server_params'], 'control_server_params', ['control_server'], `control server "${server}"`);
  }
}

// `headers.Accept` → ['headers', 'Accept']; `command.0` → ['command', 0].
function keyPath(issue: ParamIssue): DataPath {
  return issue.key === undefined ? [] : issue.key.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

// "did you mean …? available: a, b", or why nothing is available.
function availableHint(ctx: PluginCheckContext, name: string, available: string[]): string {
  if (ctx.notLoaded) return `${available.length === 0 ? '' : `available: ${available.join(', ')}; `}${ctx.notLoaded}`;
  if (ctx.catalogue === null) return 'no plugin directory is set: add plugin_directory to the manifest, or pass --plugins DIR';
  const failed = ctx.catalogue.problems.length > 0 ? ' (some plugins failed to load, see above)' : '';
  if (available.length === 0) return `the loaded plugins offer none${failed}`;
  const suggestion = didYouMean(name, available);
  return `${suggestion === undefined ? '' : `${suggestion} `}available: ${available.join(', ')}${failed}`;
}
