// `pilot validate [FILE] [--json]`: every diagnostic, exit 0 when there are no errors, 2 otherwise.
import { ExitCode } from '../../errors.js';
import type { CliContext } from '../context.js';
import { loadStack, printPluginStacks } from '../load-stack.js';
import { displayPath } from '../display-path.js';
import { resolveManifestPath } from '../manifest-path.js';
import { countProblems, renderDiagnostics, validateJson } from '../render-diagnostics.js';

/** Loads the manifest (and its plugins) and reports on it; human output on stderr (diagnostics) and stdout (verdict). */
export async function validateCommand(ctx: CliContext, file: string | undefined, options: { json: boolean; plugins?: string }): Promise<number> {
  const path = resolveManifestPath(file, ctx.cwd);
  const { result, plugins } = await loadStack(path, { cwd: ctx.cwd, pluginsFlag: options.plugins });
  await printPluginStacks(ctx, plugins);
  const report = validateJson(path, result.diagnostics);
  const code = report.valid ? ExitCode.OK : ExitCode.USAGE;
  if (options.json) {
    await ctx.out.line(JSON.stringify(report, null, 2));
    return code;
  }
  if (result.diagnostics.length > 0) await ctx.err.write(renderDiagnostics(result.diagnostics, ctx.cwd, ctx.err.paint));
  const shown = displayPath(path, ctx.cwd);
  if (result.manifest !== undefined && report.valid) {
    const n = result.manifest.processes.length;
    const warnings = result.diagnostics.length > 0 ? ` (${countProblems(result.diagnostics)})` : '';
    const p = ctx.out.paint;
    await ctx.out.line(`${p.green('✓')} ${shown}: ${n} process${n === 1 ? '' : 'es'}, valid${warnings}`);
  } else if (result.diagnostics.length > 1) {
    // One diagnostic speaks for itself; a summary helps once there are several.
    const p = ctx.err.paint;
    await ctx.err.line(`${p.red('✗')} ${shown}: ${countProblems(result.diagnostics)}`);
  }
  return code;
}
