// The command table: each command's arguments and options. Implementations load lazily on use,
// so `pilot --version` (and later `pilot ps`) never pay for yaml, ajv or the manifest loader.
import { Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { GRAPH_FORMATS, type GraphFormat } from './graph-formats.js';

const FILE_ARG = 'manifest (default: pilot.yaml, pilot.yml or pilot.json in the current directory)';

/** Adds every command to `program`. */
export function registerCommands(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description('boot the stack in the foreground and supervise it until stopped (Ctrl-C stops it)')
    .argument('[file]', FILE_ARG)
    .option('--strict', 'refuse to start when a setting cannot be honoured here (e.g. affinity without taskset)')
    .action(async (file: string | undefined, options: { strict?: boolean }) => {
      const { upCommand } = await import('./up.js');
      ctx.exitCode = await upCommand(ctx, file, { strict: options.strict === true });
    });

  program
    .command('validate')
    .description('check a manifest and print every problem found (exit 0 valid, 2 invalid)')
    .argument('[file]', FILE_ARG)
    .option('--json', 'print {file, valid, diagnostics} as JSON')
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      const { validateCommand } = await import('./validate.js');
      ctx.exitCode = await validateCommand(ctx, file, { json: options.json === true });
    });

  program
    .command('graph')
    .description('draw the dependency graph, nodes coloured by ready strategy')
    .argument('[file]', FILE_ARG)
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('dot'))
    .option('-o, --output <out>', 'write to this file instead of stdout')
    .action(async (file: string | undefined, options: { format: GraphFormat; output?: string }) => {
      const { graphCommand } = await import('./graph.js');
      ctx.exitCode = await graphCommand(ctx, file, options);
    });
}
