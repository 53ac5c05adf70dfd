// Entry point of the CLI: parse argv, run one command, map the outcome to an exit code.
// Keep imports light: commands load their heavy parts lazily (see commands/index.ts).
import type { CliContext } from './context.js';
import { scanGlobalFlags } from './context.js';
import { createOutput } from './output.js';
import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

export { exitWhenDone } from './exit-guard.js';
export { scanGlobalFlags } from './context.js';

/** Runs `pilot <argv…>` and resolves with the exit code (never throws). */
export async function main(argv: string[]): Promise<number> {
  const flags = scanGlobalFlags(argv);
  const ctx: CliContext = { ...createOutput({ noColor: flags.noColor }), cwd: process.cwd(), debug: flags.debug, exitCode: 0, argv };
  try {
    const program = buildProgram(ctx);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    return reportError(err, ctx);
  }
}
