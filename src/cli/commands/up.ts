// `pilot up [FILE]`: boot the stack in the foreground and supervise it until told to stop;
// with -d, in a background supervisor (which runs this same foreground path, see detach/).
import { ExitCode, PilotError } from '../../errors.js';
import type { Manifest } from '../../manifest/types.js';
import type { CliContext } from '../context.js';
import { resolveManifestPath } from '../manifest-path.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { ConsoleOut } from '../up/console-out.js';
import { ForegroundPrinter } from '../up/foreground-printer.js';
import { handleStopSignals } from '../up/signals.js';
import { bootFailureReport } from '../up/boot-report.js';
import type { BootOutcome } from '../detach/boot-outcome.js';
import { failureOutcome, takeBootReporter, type BootReporter } from '../detach/boot-reporter.js';
import { takeHandoff } from '../detach/manifest-handoff.js';

export interface UpOptions {
  strict?: boolean;
  /** Colour pilot's own output. */
  color: boolean;
  /** Told once whether the boot succeeded (the background supervisor of `up -d` passes it on). */
  onBoot?: (outcome: BootOutcome) => Promise<void> | void;
  /** Print the processes' output lines too (default true); the background supervisor prints only its own
   *  messages to supervisor.log, since every line is in the process's log file already. */
  printOutput?: boolean;
}

/** `pilot up [FILE] [-d]`: validate, then run in the foreground or the background; manifest problems exit 2 before anything starts. */
export async function upCommand(ctx: CliContext, file: string | undefined, options: { strict: boolean; detach: boolean; timeoutSec?: number }): Promise<number> {
  // Set only in the background supervisor started by `up -d`; taken before anything can spawn a child.
  const reporter = takeBootReporter();
  if (options.timeoutSec !== undefined && !options.detach) {
    throw new PilotError('USAGE', '--timeout applies to a detached boot: use it with -d', { exitCode: ExitCode.USAGE });
  }
  // The background supervisor gets the manifest its launcher validated (see detach/manifest-handoff.ts).
  const handed = reporter ? takeHandoff() : null;
  if (reporter && handed) return runBackground(handed, options.strict, reporter);
  const path = resolveManifestPath(file, ctx.cwd);
  const { loadManifest } = await import('../../manifest/load.js');
  const result = await loadManifest(path);
  const diagnostics = result.diagnostics.length > 0 ? renderDiagnostics(result.diagnostics, ctx.cwd, ctx.err.paint) : '';
  await ctx.err.write(diagnostics);
  if (!result.manifest) {
    // (the launcher validated it, so it changed since)
    await reporter?.report({ ok: false, exitCode: ExitCode.USAGE, report: diagnostics.trimEnd().split('\n') });
    return ExitCode.USAGE;
  }
  if (reporter) return runBackground(result.manifest, options.strict, reporter);
  if (options.detach) {
    const { upDetached } = await import('../detach/launch.js');
    return upDetached(ctx, result.manifest, { strict: options.strict, timeoutSec: options.timeoutSec });
  }
  return runUp(result.manifest, { strict: options.strict, color: ctx.out.paint.enabled });
}

// The background supervisor: the foreground path, uncoloured, reporting its boot to the launcher whatever happens.
async function runBackground(manifest: Manifest, strict: boolean, reporter: BootReporter): Promise<number> {
  let code: number;
  try {
    code = await runUp(manifest, { strict, color: false, printOutput: false, onBoot: (outcome) => reporter.report(outcome) });
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
  const pilot = new Pilot(manifest, { color: color && out.isTTY, strict: Boolean(options.strict) });
  const printer = new ForegroundPrinter(out, manifest.processes.map((p) => p.name), color);
  const printOutput = options.printOutput ?? true;
  pilot.on((event) => {
    if (printOutput || event.type !== 'line') printer.handle(event);
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
      await options.onBoot?.({ ok: false, exitCode: 1, report });
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
