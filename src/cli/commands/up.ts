// `pilot up [FILE]`: boot the stack in the foreground and supervise it until told to stop;
// with -d, in a background supervisor (which runs this same foreground path, see detach/).
import { ExitCode, PilotError } from '../../errors.js';
import type { LoadOptions, Manifest } from '../../manifest/types.js';
import { PluginSet } from '../../plugins/plugin-set.js';
import type { CliContext } from '../context.js';
import { loadStack, printPluginStacks } from '../load-stack.js';
import { resolveManifestPath } from '../manifest-path.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { ConsoleOut } from '../up/console-out.js';
import { ForegroundPrinter } from '../up/foreground-printer.js';
import { handleStopSignals } from '../up/signals.js';
import { bootFailureReport, PluginProblems } from '../up/boot-report.js';
import type { BootOutcome } from '../detach/boot-outcome.js';
import { failureOutcome, takeBootReporter, type BootReporter } from '../detach/boot-reporter.js';
import { takeHandoff } from '../detach/manifest-handoff.js';
import { watchMode, type WatchMode } from '../up/watch-mode.js';

export interface UpOptions {
  strict?: boolean;
  /** Colour pilot's own output. */
  color: boolean;
  /** Told once whether the boot succeeded (the background supervisor of `up -d` passes it on). */
  onBoot?: (outcome: BootOutcome) => Promise<void> | void;
  /** Print the processes' output lines too (default true); the background supervisor prints only its own
   *  messages to supervisor.log, since every line is in the process's log file already. */
  printOutput?: boolean;
  /** Act on the processes' `watch` settings (see watch-mode.ts). */
  watch?: WatchMode;
  /** Reload the manifest when its file changes. */
  watchManifest?: boolean;
  /** The loaded plugins, if any. */
  plugins?: PluginSet | null;
  /** Show the stacks of errors plugins threw. */
  debug?: boolean;
}

export interface UpCommandOptions {
  strict: boolean;
  detach: boolean;
  timeoutSec?: number;
  /** --watch (true) / --no-watch (false) / neither (undefined: on unless CI is set). */
  watch?: boolean;
  watchManifest: boolean;
  /** --plugins DIR (relative to the current directory): replaces the manifest's plugin_directory. */
  plugins?: string;
}

/** `pilot up [FILE] [-d]`: validate, then run in the foreground or the background; manifest problems exit 2 before anything starts. */
export async function upCommand(ctx: CliContext, file: string | undefined, options: UpCommandOptions): Promise<number> {
  // Set only in the background supervisor started by `up -d`; taken before anything can spawn a child.
  const reporter = takeBootReporter();
  if (options.timeoutSec !== undefined && !options.detach) {
    throw new PilotError('USAGE', '--timeout applies to a detached boot: use it with -d', { exitCode: ExitCode.USAGE });
  }
  // The background supervisor gets the manifest its launcher validated (see detach/manifest-handoff.ts).
  const handed = reporter ? takeHandoff() : null;
  const watching = { watch: watchMode(options.watch, process.env), watchManifest: options.watchManifest };
  if (reporter && handed) return runBackground(handed, { strict: options.strict, debug: ctx.debug, ...watching }, reporter, null);
  const path = resolveManifestPath(file, ctx.cwd);
  const { result, plugins } = await loadStack(path, { cwd: ctx.cwd, pluginsFlag: options.plugins });
  const diagnostics = result.diagnostics.length > 0 ? renderDiagnostics(result.diagnostics, ctx.cwd, ctx.err.paint) : '';
  await ctx.err.write(diagnostics);
  await printPluginStacks(ctx, plugins);
  if (!result.manifest) {
    // (the launcher validated it, so it changed since)
    await reporter?.report({ ok: false, exitCode: ExitCode.USAGE, report: diagnostics.trimEnd().split('\n') });
    return ExitCode.USAGE;
  }
  if (reporter) return runBackground(result.manifest, { strict: options.strict, debug: ctx.debug, ...watching }, reporter, plugins);
  if (options.detach) {
    const { upDetached } = await import('../detach/launch.js');
    return upDetached(ctx, result.manifest, { strict: options.strict, timeoutSec: options.timeoutSec, debug: ctx.debug, watch: watching.watch.on, watchManifest: options.watchManifest });
  }
  return runUp(result.manifest, { strict: options.strict, color: ctx.out.paint.enabled, plugins, debug: ctx.debug, ...watching });
}

// The background supervisor: the foreground path, uncoloured, reporting its boot to the launcher whatever happens.
// Handed a validated manifest, it loads the plugins of its plugin_directory itself.
async function runBackground(manifest: Manifest, o: Pick<UpOptions, 'strict' | 'debug' | 'watch' | 'watchManifest'>, reporter: BootReporter, loaded: PluginSet | null): Promise<number> {
  let code: number;
  try {
    const plugins = loaded ?? (manifest.pluginDirectory === null ? null : await (await import('../../plugins/load.js')).loadPluginsStrict(manifest.pluginDirectory));
    code = await runUp(manifest, { ...o, plugins, color: false, printOutput: false, onBoot: (outcome) => reporter.report(outcome) });
  } catch (err) {
    await reporter.report(failureOutcome(err));
    throw err;
  }
  // Ended before it was up without a boot failure (e.g. SIGTERM from the launcher): say so, if not said yet.
  await reporter.report({ ok: false, exitCode: code === 0 ? 1 : code, report: ['pilot: the stack stopped before it was up'] });
  return code;
}

/** Runs the stack of an already-validated manifest; resolves with pilot's exit code. */
export async function runUp(manifest: Manifest, options: UpOptions): Promise<number> {
  const { Pilot } = await import('../../supervisor/pilot.js');
  const { startControlServer } = await import('../../control/server.js');
  const { pilotTarget } = await import('../../control/target.js');
  const out = new ConsoleOut(process.stdout);
  const color = options.color;
  // children colour their own output only when it ends up on a colour terminal
  const watch = options.watch?.on ?? false;
  const plugins = options.plugins ?? null;
  const pilot = new Pilot(manifest, {
    color: color && out.isTTY,
    strict: Boolean(options.strict),
    watch,
    watchManifest: options.watchManifest ?? false,
    ...(plugins ? { plugins } : {}),
    loadOptions: reloadOptions(plugins ?? null),
  });
  const printer = new ForegroundPrinter(out, manifest.processes.map((p) => p.name), color, options.debug ?? false);
  const declared = manifest.processes.filter((p) => p.watch !== null).map((p) => p.name);
  if (!watch && declared.length > 0 && options.watch?.offBecause) printer.message(null, `watch mode is off for ${declared.join(', ')} (${options.watch.offBecause})`);
  const printOutput = options.printOutput ?? true;
  // Only the launcher of `up -d` is told what plugins reported during the boot.
  const problems = options.onBoot ? new PluginProblems() : null;
  pilot.on((event) => {
    if (printOutput || event.type !== 'line') printer.handle(event);
    problems?.handle(event);
  });
  // The socket first: its single-instance check refuses a second supervisor before anything starts,
  // and `pilot ps` works while the stack boots.
  const control = await startControlServer(pilotTarget(pilot), pilot.paths);
  void pilot.done.then(() => control.close());

  let stopRequested = false;
  const removeSignals = handleStopSignals({
    stop: (reason) => {
      stopRequested = true;
      void pilot.stop(reason);
    },
    kill: () => void pilot.kill(),
    notify: (text) => printer.message(null, text),
  });

  try {
    await pilot.start();
    if (options.onBoot) {
      out.flush(); // the log shows the whole boot by the time the launcher returns
      void options.onBoot({ ok: true, pid: process.pid });
    }
  } catch (err) {
    if (err instanceof PilotError && err.code === 'BOOT_FAILED' && !stopRequested) {
      await pilot.done;
      out.flush();
      const report = bootFailureReport(err);
      process.stderr.write(report.join('\n') + '\n');
      // The launcher of `up -d` sees only the report: it also says what plugins reported meanwhile.
      await options.onBoot?.({ ok: false, exitCode: 1, report: [...report, ...(problems?.lines() ?? [])] });
      removeSignals();
      return 1;
    }
    if (!stopRequested) {
      removeSignals();
      throw err;
    }
  }
  const result = await pilot.done;
  out.flush();
  removeSignals();
  return result.exitCode;
}

// A reload checks the new manifest's plugin names against the plugins this supervisor loaded at start, or
// against none when it started without (plugins are loaded once: another plugin_directory takes effect at
// the next `pilot up`, and names only it offers are errors that say so).
function reloadOptions(plugins: PluginSet | null): LoadOptions {
  if (plugins && plugins.directory === null) return {}; // (a set made in code: the manifest cannot name it)
  // (without plugins, pluginsLoadedAtStart null keeps resolvePlugins from being called: it only turns the checks on)
  const catalogue = (plugins ?? new PluginSet(null)).catalogue();
  return { pluginsLoadedAtStart: plugins?.directory ?? null, resolvePlugins: () => Promise.resolve(catalogue) };
}
