// `pilot run [FILE] [--timeout S] [--plugins DIR] -- CMD ARGS…` from the raw arguments: commander cannot tell FILE from
// CMD in `[file] <cmd...>`, so everything after the first `--` is CMD, verbatim, and FILE comes before it.
import { ExitCode, PilotError } from '../../errors.js';

export interface RunArgs {
  file: string | undefined;
  cmd: [string, ...string[]];
}

const USAGE = 'usage: pilot run [FILE] [--timeout S] [--plugins DIR] -- CMD ARGS…';
// Options that take a value, as `pilot run` and the global options define them.
const VALUED_OPTIONS = new Set(['--timeout', '--plugins']);

/** FILE and CMD from `argv` (the arguments after `pilot`); USAGE (exit 2) without `--` or CMD. */
export function splitRunArgv(argv: readonly string[]): RunArgs {
  const end = argv.indexOf('--');
  const cmd = end === -1 ? [] : argv.slice(end + 1);
  const [program, ...args] = cmd;
  if (end === -1 || program === undefined || program === '') {
    throw new PilotError('USAGE', `pilot run needs the command to run after "--"`, { exitCode: ExitCode.USAGE, context: { hint: USAGE } });
  }
  const operands = operandsAfterRun(argv.slice(0, end));
  if (operands.length > 1) {
    throw new PilotError('USAGE', `pilot run takes one manifest before "--", got: ${operands.join(' ')}`, { exitCode: ExitCode.USAGE, context: { hint: USAGE } });
  }
  return { file: operands[0], cmd: [program, ...args] };
}

// The arguments after the `run` command word that are neither options nor option values.
function operandsAfterRun(head: readonly string[]): string[] {
  const at = head.indexOf('run');
  const operands: string[] = [];
  for (let i = at + 1; i < head.length; i++) {
    const arg = head[i] ?? '';
    if (VALUED_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-') || arg === '-') operands.push(arg);
  }
  return operands;
}
