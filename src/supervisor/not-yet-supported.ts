// Manifest settings that validate but that this version does not act on yet (plugins, watch, watchdog):
// say so at start rather than silently ignore them.
import type { Manifest } from '../manifest/types.js';

/** One warning per setting in use that pilot does not act on yet. */
export function notYetSupported(manifest: Manifest): string[] {
  const warnings: string[] = [];
  const using = (what: (p: Manifest['processes'][number]) => boolean): string[] => manifest.processes.filter(what).map((p) => p.name);
  const say = (setting: string, names: string[], why: string): void => {
    if (names.length > 0) warnings.push(`${setting} (${names.join(', ')}) is not acted on yet: ${why}`);
  };
  if (manifest.pluginDirectory !== null) warnings.push(`plugin_directory ${manifest.pluginDirectory} is ignored: this version does not load plugins yet`);
  if (manifest.controlServer !== null) warnings.push(`control_server "${manifest.controlServer}" is ignored: this version does not load plugins yet`);
  say('lifecycle_hooks', using((p) => p.lifecycleHooks.length > 0), 'this version does not load plugins yet');
  say('stat_handlers', using((p) => p.statHandlers.length > 0), 'this version does not load plugins yet');
  say('watch', using((p) => p.watch !== null), 'watch mode is not part of this version yet');
  say('watchdog', using((p) => p.watchdog !== null), 'watchdog limits are not part of this version yet');
  return warnings;
}
