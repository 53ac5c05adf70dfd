// Before a stack starts: every plugin name its manifest uses must be offered by a loaded plugin, and the
// parameters it gives them must pass the plugins' own checks.
import { PilotError } from '../errors.js';
import type { Manifest } from '../manifest/types.js';
import { issueText } from '../manifest/param-issue.js';
import type { PluginSet } from './plugin-set.js';

/** Every name `manifest` uses that `plugins` does not offer, as sentences. */
export function missingPluginNames(manifest: Manifest, plugins: PluginSet): string[] {
  const missing: string[] = [];
  for (const spec of manifest.processes) {
    for (const name of spec.lifecycleHooks) if (!plugins.hookBundle(name)) missing.push(`lifecycle hook bundle "${name}" of "${spec.name}"`);
    for (const name of spec.statHandlers) if (!plugins.statHandler(name)) missing.push(`stat handler "${name}" of "${spec.name}"`);
  }
  if (manifest.controlServer !== null && !plugins.controlServer(manifest.controlServer)) missing.push(`control server "${manifest.controlServer}"`);
  return missing;
}

/** PLUGIN_INVALID (exit 2) naming every name no plugin offers. */
export function assertPluginNames(manifest: Manifest, plugins: PluginSet): void {
  const missing = missingPluginNames(manifest, plugins);
  if (missing.length === 0) return;
  const where = plugins.directory === null ? 'no plugins are loaded' : `the plugins in ${plugins.directory} do not offer them`;
  throw new PilotError('PLUGIN_INVALID', `unknown plugin names: ${missing.join(', ')} (${where})`, {
    exitCode: 2,
    context: { missing, hint: 'set plugin_directory in the manifest or pass --plugins DIR; pilot plugins lists what a directory offers' },
  });
}

/** Every problem the plugins' validateParams find in the parameters `manifest` gives them, as sentences. */
export function pluginParamProblems(manifest: Manifest, plugins: PluginSet): string[] {
  const problems: string[] = [];
  for (const spec of manifest.processes) {
    if (spec.readyStrategy === null || !plugins.readyStrategy(spec.readyStrategy)) continue;
    for (const issue of plugins.paramProblems('readyStrategies', spec.readyStrategy, spec.readyParams)) problems.push(`process "${spec.name}": ${issueText('ready_params', issue)}`);
  }
  for (const name of new Set(manifest.processes.flatMap((p) => p.statHandlers))) {
    for (const issue of plugins.paramProblems('statHandlers', name, manifest.statHandlerParams[name] ?? {})) problems.push(issueText(`stat_handler_params.${name}`, issue));
  }
  if (manifest.controlServer !== null) {
    for (const issue of plugins.paramProblems('controlServers', manifest.controlServer, manifest.controlServerParams)) problems.push(issueText('control_server_params', issue));
  }
  return problems;
}

/** PLUGIN_INVALID (exit 2) listing every parameter a plugin rejects. */
export function assertPluginParams(manifest: Manifest, plugins: PluginSet): void {
  const problems = pluginParamProblems(manifest, plugins);
  if (problems.length === 0) return;
  throw new PilotError('PLUGIN_INVALID', `invalid plugin parameters: ${problems.join('; ')}`, {
    exitCode: 2,
    context: { problems, hint: 'pilot validate shows each at its line; the plugin\'s README lists its parameters' },
  });
}
