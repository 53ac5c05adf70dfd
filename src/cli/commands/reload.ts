// `pilot reload`: the running stack's supervisor reads its manifest again and applies what changed.
import { ExitCode } from '../../errors.js';
import { withStack } from '../connect-stack.js';
import type { CliContext } from '../context.js';
import { reloadReport } from '../format/reload-summary.js';
import { renderDiagnostics } from '../render-diagnostics.js';

export interface ReloadOptions {
  file?: string;
  json: boolean;
}

/** Exit 0 applied; 2 the manifest is invalid (nothing changed, the diagnostics are printed); 1 a new or restarted process failed. */
export async function reloadCommand(ctx: CliContext, options: ReloadOptions): Promise<number> {
  return withStack(ctx, options.file, async ({ client, manifest }) => {
    const result = await client.call('reload');
    const code = !result.valid ? ExitCode.USAGE : result.failed.length > 0 ? ExitCode.FAILED : ExitCode.OK;
    if (options.json) {
      await ctx.out.write(`${JSON.stringify(result, null, 2)}\n`);
      return code;
    }
    if (!result.valid) {
      const p = ctx.err.paint;
      await ctx.err.write(renderDiagnostics(result.diagnostics, ctx.cwd, p));
      await ctx.err.line(`${p.red(p.bold('pilot:'))} ${manifest} is invalid: nothing was reloaded, the stack goes on as it was`);
      return code;
    }
    if (result.diagnostics.length > 0) await ctx.err.write(renderDiagnostics(result.diagnostics, ctx.cwd, ctx.err.paint));
    await ctx.out.write(`${reloadReport(result, manifest, ctx.out.paint).join('\n')}\n`);
    return code;
  });
}
