// The commander program: name, version, global options, help text; commands come from commands/index.ts.
import { Command } from 'commander';
import type { CliContext } from './context.js';
import { registerCommands } from './commands/index.js';
import { packageVersion } from '../version.js';

const EXAMPLES = `
Examples:
  $ pilot validate                           check ./pilot.yaml and print every problem
  $ pilot validate examples/demo/pilot.yaml --json
  $ pilot graph --format mermaid             the dependency graph as a Mermaid flowchart
  $ pilot graph --format svg -o graph.svg    render it with Graphviz (needs dot installed)

Exit codes: 0 ok, 1 a process or the boot failed, 2 usage or manifest error, 3 no running stack.
`;

/** Builds the `pilot` program; actions store their exit code in `ctx.exitCode`. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('pilot');
  program
    .description('A manifest-driven process supervisor: dependency-ordered boot, readiness checks, restarts and clean shutdown.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--debug', 'show stack traces of internal errors')
    .option('--no-color', 'never colour the output (also: NO_COLOR=1)')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => void ctx.out.write(text),
      writeErr: (text) => void ctx.err.write(text),
      // Commander prints its usage errors once, here, as `pilot: <message>`; main() does not repeat them.
      outputError: (text, write) => write(`pilot: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride()
    .addHelpText('after', EXAMPLES);
  registerCommands(program, ctx);
  return program;
}
