// `pilot plugins [FILE] [--plugins DIR] [--json]`: load a plugin directory and list what each plugin provides.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExitCode, PilotError } from '../../errors.js';
import { HOOK_EVENTS } from '../../plugins/api.js';
import { isPluginFileName } from '../../plugins/discover.js';
import { loadPlugins } from '../../plugins/load.js';
import type { LoadedPlugin, PluginSet } from '../../plugins/plugin-set.js';
import type { CliContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { loadStack, printPluginStacks } from '../load-stack.js';
import { findDefaultManifest } from '../../manifest/default-manifest.js';
import { resolveManifestPath } from '../manifest-path.js';

/** One plugin in `pilot plugins --json`; every key is always present. */
export interface PluginJson {
  name: string;
  file: string;
  version: string | null;
  description: string | null;
  apiVersion: number;
  readyStrategies: string[];
  /** Each bundle with the events it handles, in lifecycle order. */
  lifecycleHooks: { name: string; hooks: string[] }[];
  statHandlers: string[];
  controlServers: string[];
}

/** The whole `pilot plugins --json` document. */
export interface PluginsJson {
  /** The directory loaded, or null when there is none. */
  directory: string | null;
  plugins: PluginJson[];
  /** Files beside the plugins that export only named, non-plugin values (modules the plugins import). */
  helpers: string[];
  problems: { code: string; file: string; message: string }[];
  /** What loads but should be fixed (e.g. plugin-module-type); never changes the exit code. */
  warnings: { code: string; file: string; message: string; hint: string | null }[];
}

export async function pluginsCommand(ctx: CliContext, file: string | undefined, options: { json: boolean; plugins?: string }): Promise<number> {
  const set = await loadFor(ctx, file, options.plugins);
  const report = pluginsJson(set);
  const code = report.problems.length > 0 ? ExitCode.USAGE : ExitCode.OK;
  if (options.json) {
    await ctx.out.line(JSON.stringify(report, null, 2));
    return code;
  }
  await printPluginStacks(ctx, set);
  for (const line of renderPlugins(report, ctx)) await ctx.out.line(line);
  const below = report.plugins.length === 0 && report.directory !== null ? await pluginDirectoriesBelow(report.directory) : [];
  if (below.length > 0) await ctx.out.line(ctx.out.paint.dim(`hint: plugins are not loaded from subdirectories; subdirectories with plugin-like files: ${below.map((d) => displayPath(d, ctx.cwd)).join(', ')}`));
  const p = ctx.err.paint;
  for (const warning of report.warnings) await ctx.err.line(`${p.yellow('!')} ${warning.message} ${p.dim(`[${warning.code}]`)}${warning.hint === null ? '' : `\n  ${p.cyan('hint:')} ${warning.hint}`}`);
  for (const problem of report.problems) await ctx.err.line(`${p.red('✗')} ${problem.message} ${p.dim(`[${problem.code}]`)}`);
  return code;
}

// --plugins DIR alone needs no manifest; otherwise the manifest says which directory (a broken manifest is fine).
async function loadFor(ctx: CliContext, file: string | undefined, flag: string | undefined): Promise<PluginSet | null> {
  if (flag !== undefined && file === undefined && findDefaultManifest(ctx.cwd) === null) return loadPlugins(resolve(ctx.cwd, flag));
  const path = resolveManifestPath(file, ctx.cwd);
  const { result, plugins } = await loadStack(path, { cwd: ctx.cwd, pluginsFlag: flag, load: { skipHostChecks: true } });
  const unreadable = result.diagnostics.find((d) => d.code === 'file-not-found' || d.code === 'file-unreadable');
  if (unreadable) throw new PilotError('MANIFEST_NOT_FOUND', unreadable.message, { exitCode: ExitCode.USAGE, context: { hint: 'pass FILE, or --plugins DIR' } });
  const missing = result.diagnostics.find((d) => d.code === 'plugin-directory-missing');
  if (missing) throw new PilotError('PLUGIN_INVALID', missing.message, { exitCode: ExitCode.USAGE, context: { hint: missing.hint } });
  return plugins;
}

export function pluginsJson(set: PluginSet | null): PluginsJson {
  return {
    directory: set?.directory ?? null,
    plugins: (set?.plugins ?? []).map(pluginJson),
    helpers: [...(set?.helpers ?? [])],
    problems: (set?.problems ?? []).map(({ code, file, message }) => ({ code, file, message })),
    warnings: (set?.warnings ?? []).map(({ code, file, message, hint }) => ({ code, file, message, hint: hint ?? null })),
  };
}

function pluginJson(plugin: LoadedPlugin): PluginJson {
  const d = plugin.definition;
  return {
    name: plugin.name,
    file: plugin.file,
    version: d.version ?? null,
    description: d.description ?? null,
    apiVersion: d.apiVersion,
    readyStrategies: Object.keys(d.readyStrategies ?? {}),
    lifecycleHooks: Object.entries(d.lifecycleHooks ?? {}).map(([name, bundle]) => ({ name, hooks: HOOK_EVENTS.filter((e) => typeof bundle[e] === 'function') })),
    statHandlers: Object.keys(d.statHandlers ?? {}),
    controlServers: Object.keys(d.controlServers ?? {}),
  };
}

// The subdirectories of `dir` that hold plugin files: what the user may have meant (plugins/ → plugins/all).
async function pluginDirectoriesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')) {
    const sub = join(dir, entry.name);
    if ((await readdir(sub).catch(() => [])).some(isPluginFileName)) found.push(sub);
  }
  return found.sort();
}

function renderPlugins(report: PluginsJson, ctx: CliContext): string[] {
  const p = ctx.out.paint;
  if (report.directory === null) return ['no plugin directory: set plugin_directory in the manifest, or pass --plugins DIR'];
  const n = report.plugins.length;
  const lines = [`${p.bold(displayPath(report.directory, ctx.cwd))}: ${n} plugin${n === 1 ? '' : 's'} loaded`];
  for (const plugin of report.plugins) {
    const version = plugin.version === null ? '' : ` ${plugin.version}`;
    const description = plugin.description === null ? '' : ` — ${plugin.description}`;
    lines.push(`  ${p.bold(plugin.name)}${version}${description}  ${p.dim(displayPath(plugin.file, ctx.cwd))}`);
    const groups: [string, string[]][] = [
      ['ready strategies', plugin.readyStrategies],
      ['lifecycle hooks', plugin.lifecycleHooks.map((b) => `${b.name} (${b.hooks.join(', ')})`)],
      ['stat handlers', plugin.statHandlers],
      ['control servers', plugin.controlServers],
    ];
    for (const [label, names] of groups) if (names.length > 0) lines.push(`    ${label}: ${names.join(', ')}`);
    if (groups.every(([, names]) => names.length === 0)) lines.push(`    ${p.dim('(provides nothing)')}`);
  }
  if (report.helpers.length > 0) lines.push(`helpers (imported by plugins, not plugins): ${report.helpers.map((f) => displayPath(f, ctx.cwd)).join(', ')}`);
  return lines;
}
