// `pilot up [FILE]`: boot the stack in the foreground and supervise it until told to stop.
import { ExitCode, PilotError } from '../../errors.js';
import { loadManifest } from '../../manifest/load.js';
import type { Manifest } from '../../manifest/types.js';
import type { CliContext } from '../context.js';
import { resolveManifestPath } from '../manifest-path.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { ConsoleOut } from '../up/console-out.js';
import { ForegroundPrinter } from '../up/foreground-printer.js';
import { handleStopSignals } from '../up/signals.js';
import { bootFailureReport } from '../up/boot-report.js';

export interface UpOptions {
  strict?: boolean;
  /** Colour pilot's own output. */
  color: boolean;
}

/** `pilot up [FILE]`: validate, then run in the foreground; manifest problems exit 2 before anything starts. */
export async function upCommand(ctx: CliContext, file: string | undefined, options: { strict: boolean }): Promise<number> {
  const path = resolveManifestPath(file, ctx.cwd);
  const result = await loadManifest(path);
  if (result.diagnostics.length > 0) await ctx.err.write(renderDiagnostics(result.diagnostics, ctx.cwd, ctx.err.paint));
  if (!result.manifest) return ExitCode.USAGE;
  return runUp(result.manifest, { strict: options.strict, color: ctx.out.paint.enabled });
}

/** Runs the stack of an already-validated manifest; resolves with pilot's exit code. */
export async function runUp(manifest: Manifest, options: UpOptions): Promise<number> {
  const { Pilot } = await import('../../supervisor/pilot.js');
  const out = new ConsoleOut(process.stdout);
  const color = options.color;
  // children colour their own output only when it ends up on a colour terminal
  const pilot = new Pilot(manifest, { color: color && out.isTTY, strict: Boolean(options.strict) });
  const printer = new ForegroundPrinter(out, manifest.processes.map((p) => p.name), color);
  pilot.on((event) => printer.handle(event));

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
  } catch (err) {
    if (err instanceof PilotError && err.code === 'BOOT_FAILED' && !stopRequested) {
      await pilot.done;
      out.flush();
      process.stderr.write(bootFailureReport(err).join('\n') + '\n');
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
