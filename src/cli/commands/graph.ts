// `pilot graph [FILE] [--format dot|mermaid|svg|png] [-o OUT]`: the dependency graph of a valid manifest.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode, PilotError } from '../../errors.js';
import { renderDot } from '../../graph/render-dot.js';
import { renderImage } from '../../graph/render-image.js';
import { renderMermaid } from '../../graph/render-mermaid.js';
import type { CliContext } from '../context.js';
import { loadStack } from '../load-stack.js';
import { displayPath } from '../display-path.js';
import { resolveManifestPath } from '../manifest-path.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import type { GraphFormat } from './graph-formats.js';

/** Renders the graph to `options.output` or stdout; an invalid manifest prints its diagnostics and exits 2. */
export async function graphCommand(ctx: CliContext, file: string | undefined, options: { format: GraphFormat; output?: string; plugins?: string }): Promise<number> {
  const path = resolveManifestPath(file, ctx.cwd);
  const { manifest, diagnostics } = (await loadStack(path, { cwd: ctx.cwd, pluginsFlag: options.plugins })).result;
  if (diagnostics.length > 0) await ctx.err.write(renderDiagnostics(diagnostics, ctx.cwd, ctx.err.paint));
  if (manifest === undefined) return ExitCode.USAGE;

  const title = displayPath(manifest.file, ctx.cwd);
  const { format, output } = options;
  if (format === 'png' && output === undefined && ctx.out.isTTY) {
    throw new PilotError('USAGE', 'not writing PNG (binary) to a terminal: pass -o FILE or redirect stdout', { exitCode: ExitCode.USAGE });
  }
  const text = format === 'mermaid' ? renderMermaid(manifest.processes, { title }) : renderDot(manifest.processes, { title });
  const bytes = format === 'svg' || format === 'png' ? await renderImage(text, format) : text;

  if (output === undefined) {
    await ctx.out.write(bytes);
  } else {
    const target = resolve(ctx.cwd, output);
    await writeFile(target, bytes).catch((err: unknown) => {
      throw new PilotError('USAGE', `cannot write ${displayPath(target, ctx.cwd)}: ${err instanceof Error ? err.message : String(err)}`, { exitCode: ExitCode.FAILED, cause: err });
    });
    await ctx.err.line(`${ctx.err.paint.green('✓')} wrote the ${format} graph of ${manifest.processes.length} processes to ${displayPath(target, ctx.cwd)}`);
  }
  return ExitCode.OK;
}
