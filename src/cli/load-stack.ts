// Loading a manifest together with its plugins (plugin_directory, or --plugins DIR), so that plugin
// names are checked and plugin problems are diagnostics. The plugin loader is imported only when used.
import { resolve } from 'node:path';
import { PilotError } from '../errors.js';
import { loadManifest } from '../manifest/load.js';
import type { LoadOptions, LoadResult, PluginCatalogue } from '../manifest/types.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import type { CliContext } from './context.js';

export interface LoadedStack {
  result: LoadResult;
  /** The plugins loaded (null when there is no plugin directory, or it could not be read). */
  plugins: PluginSet | null;
}

/** Loads `path` and the plugins it names; `pluginsFlag` (relative to `cwd`) replaces its plugin_directory. */
export async function loadStack(path: string, options: { cwd: string; pluginsFlag?: string | undefined; load?: LoadOptions }): Promise<LoadedStack> {
  let plugins: PluginSet | null = null;
  const resolvePlugins = async (dir: string): Promise<PluginCatalogue> => {
    const { loadPlugins } = await import('../plugins/load.js');
    try {
      plugins = await loadPlugins(dir);
    } catch (err) {
      if (!(err instanceof PilotError) || err.code !== 'PLUGIN_INVALID') throw err;
      const { PluginSet } = await import('../plugins/plugin-set.js');
      const hint = 'plugin_directory is relative to the manifest; --plugins DIR to the current directory';
      return new PluginSet(dir, [], [{ code: 'plugin-directory-missing', file: dir, message: err.message, hint }]).catalogue();
    }
    return plugins.catalogue();
  };
  const pluginDirectory = options.pluginsFlag === undefined ? {} : { pluginDirectory: resolve(options.cwd, options.pluginsFlag) };
  const result = await loadManifest(path, { ...options.load, ...pluginDirectory, resolvePlugins });
  return { result, plugins };
}

/** With --debug: prints the stacks of plugin problems that threw, dimmed, on stderr. */
export async function printPluginStacks(ctx: CliContext, plugins: PluginSet | null): Promise<void> {
  if (!ctx.debug) return;
  const lines = (plugins?.problems ?? []).flatMap((p) => (p.stack === undefined ? [] : [`${p.file}:`, p.stack]));
  for (const line of lines) await ctx.err.line(ctx.err.paint.dim(line));
}
