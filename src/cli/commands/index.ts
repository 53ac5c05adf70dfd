// The command table: each command's arguments and options. Commands that need the manifest loader or
// the supervisor (up, run, validate, graph) or a heavy view (top) load lazily on use; the control commands (ps, restart, stop,
// start, logs, down) are light — node built-ins and the control client — and are imported statically, so
// that they live in the CLI's main bundle file: loading a dozen small chunks cost `pilot ps` ~20 ms.
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from '../context.js';
import { GRAPH_FORMATS, type GraphFormat } from './graph-formats.js';
import { downCommand } from './down.js';
import { logsCommand } from './logs.js';
import { processCommand } from './process-ops.js';
import { psCommand } from './ps.js';
import { reloadCommand } from './reload.js';

const FILE_ARG = 'manifest (default: pilot.yaml, pilot.yml or pilot.json in the current directory)';
const STACK_FILE = 'the stack\'s manifest (default: ./pilot.yaml|yml|json, else the only running stack)';
const PLUGINS_DIR = 'load the plugins of DIR (instead of the manifest\'s plugin_directory)';

/** A duration in seconds: a positive number. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a number of seconds > 0, got "${value}"`);
  return n;
}

/** A count: a non-negative integer. */
function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number >= 0, got "${value}"`);
  return n;
}

/** A count of at least one. */
function parsePositive(value: string): number {
  const n = parseCount(value);
  if (n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${value}"`);
  return n;
}

/** Adds every command to `program`. */
export function registerCommands(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description('boot the stack and supervise it until stopped (foreground: Ctrl-C stops it; -d: in the background)')
    .argument('[file]', FILE_ARG)
    .option('-d, --detach', 'run the supervisor in the background; return once every process is ready')
    .option('--timeout <seconds>', 'with --detach: give up waiting for the boot after this long', parseSeconds)
    .option('--strict', 'refuse to start when a setting cannot be honoured here (e.g. affinity without taskset)')
    .option('--watch', 'restart processes when files under their `watch` paths change (the default, unless CI is set)')
    .option('--no-watch', 'ignore the processes\' `watch` settings')
    .option('--watch-manifest', 'reload the manifest whenever its file changes (as pilot reload does)')
    .option('--plugins <dir>', PLUGINS_DIR)
    .action(async (file: string | undefined, options: { detach?: boolean; timeout?: number; strict?: boolean; watch?: boolean; watchManifest?: boolean; plugins?: string }) => {
      const { upCommand } = await import('./up.js');
      ctx.exitCode = await upCommand(ctx, file, {
        strict: options.strict === true,
        detach: options.detach === true,
        timeoutSec: options.timeout,
        watch: options.watch,
        watchManifest: options.watchManifest === true,
        plugins: options.plugins,
      });
    });

  program
    .command('reload')
    .description('re-read the manifest: start added processes, stop removed ones, restart changed ones (and their dependents)')
    .option('-f, --file <file>', STACK_FILE)
    .option('--json', 'print what changed as JSON')
    .action(async (options: { file?: string; json?: boolean }) => {
      ctx.exitCode = await reloadCommand(ctx, { file: options.file, json: options.json === true });
    });

  program
    .command('down')
    .description('stop the running stack in reverse dependency order and wait until the supervisor is gone')
    .option('-f, --file <file>', STACK_FILE)
    .option('--timeout <seconds>', 'give up waiting after this long (default: 120)', parseSeconds)
    .action(async (options: { file?: string; timeout?: number }) => {
      ctx.exitCode = await downCommand(ctx, options);
    });

  program
    .command('ps')
    .alias('status')
    .description('show the processes of the running stack: state, pid, uptime, restarts, CPU, memory, last exit, readiness')
    .option('-f, --file <file>', STACK_FILE)
    .option('--json', 'print the array of process states as JSON')
    .action(async (options: { file?: string; json?: boolean }) => {
      ctx.exitCode = await psCommand(ctx, { file: options.file, json: options.json === true });
    });

  program
    .command('top')
    .description('a live view of the running stack: state, CPU, memory, restarts, uptime and a CPU sparkline per process; keys restart, stop and start the selected one')
    .option('-f, --file <file>', STACK_FILE)
    .option('--interval <seconds>', 'seconds between frames when not on a terminal; on one, the view redraws at each sample and state change, and at least this often (default: 2)', parseSeconds)
    .option('-n, --iterations <count>', 'print this many plain frames, then exit (also on a terminal)', parsePositive)
    .action(async (options: { file?: string; interval?: number; iterations?: number }) => {
      const { topCommand } = await import('./top.js');
      ctx.exitCode = await topCommand(ctx, { file: options.file, intervalSec: options.interval, iterations: options.iterations });
    });

  for (const [verb, what] of [
    ['restart', 'restart processes in dependency order, each awaited until ready'],
    ['stop', 'stop processes; they stay stopped until started'],
    ['start', 'start stopped processes once their dependencies are running, and await their readiness'],
  ] as const) {
    const command = program
      .command(verb)
      .description(what)
      .argument('<names...>', 'process names')
      .option('-f, --file <file>', STACK_FILE)
      .option('--json', 'print the resulting process states as JSON');
    if (verb === 'restart') command.option('--with-dependents', 'also restart every process that depends on them');
    command.action(async (names: string[], options: { file?: string; json?: boolean; withDependents?: boolean }) => {
      ctx.exitCode = await processCommand(ctx, verb, names, { file: options.file, json: options.json === true, withDependents: options.withDependents === true });
    });
  }

  program
    .command('logs')
    .description('print recent output of the stack, interleaved by time (works after it stopped too); -f follows')
    .argument('[names...]', 'only these processes')
    .option('--file <file>', STACK_FILE)
    .option('-n, --lines <count>', 'lines to show per process (default: 100)', parseCount)
    .option('-f, --follow', 'keep printing new lines as they come')
    .action(async (names: string[], options: { file?: string; lines?: number; follow?: boolean }) => {
      ctx.exitCode = await logsCommand(ctx, names, { file: options.file, lines: options.lines ?? 100, follow: options.follow === true });
    });

  program
    .command('run')
    .description('CI: boot the stack, wait until ready, run CMD with the stack\'s environment, tear down, exit with CMD\'s code')
    .argument('[file]', FILE_ARG)
    .argument('[cmd...]', 'the command to run once the stack is ready (after --)')
    .option('--timeout <seconds>', 'give up waiting for the boot after this long', parseSeconds)
    .option('--plugins <dir>', PLUGINS_DIR)
    .action(async (file: string | undefined, cmd: string[], options: { timeout?: number; plugins?: string }) => {
      const { runCommand } = await import('./run.js');
      ctx.exitCode = await runCommand(ctx, file, cmd, { timeoutSec: options.timeout, plugins: options.plugins });
    });

  program
    .command('validate')
    .description('check a manifest and print every problem found (exit 0 valid, 2 invalid)')
    .argument('[file]', FILE_ARG)
    .option('--json', 'print {file, valid, diagnostics} as JSON')
    .option('--plugins <dir>', PLUGINS_DIR)
    .action(async (file: string | undefined, options: { json?: boolean; plugins?: string }) => {
      const { validateCommand } = await import('./validate.js');
      ctx.exitCode = await validateCommand(ctx, file, { json: options.json === true, plugins: options.plugins });
    });

  program
    .command('plugins')
    .description('load the plugins of a manifest (or of --plugins DIR) and list what each one provides')
    .argument('[file]', FILE_ARG)
    .option('--plugins <dir>', PLUGINS_DIR)
    .option('--json', 'print {directory, plugins, problems} as JSON')
    .action(async (file: string | undefined, options: { json?: boolean; plugins?: string }) => {
      const { pluginsCommand } = await import('./plugins.js');
      ctx.exitCode = await pluginsCommand(ctx, file, { json: options.json === true, plugins: options.plugins });
    });

  program
    .command('graph')
    .description('draw the dependency graph, nodes coloured by ready strategy')
    .argument('[file]', FILE_ARG)
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('dot'))
    .option('-o, --output <out>', 'write to this file instead of stdout')
    .option('--plugins <dir>', PLUGINS_DIR)
    .action(async (file: string | undefined, options: { format: GraphFormat; output?: string; plugins?: string }) => {
      const { graphCommand } = await import('./graph.js');
      ctx.exitCode = await graphCommand(ctx, file, options);
    });
}
