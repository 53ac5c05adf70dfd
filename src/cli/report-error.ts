// Turns whatever a command threw into one clear message on stderr and an exit code.
import { CommanderError } from 'commander';
import { ExitCode, PilotError } from '../errors.js';
import type { CliContext } from './context.js';

/** Commander's exits that are not failures. */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version']);

/** Prints `err` (commander's own errors are already printed) and returns the exit code. */
export async function reportError(err: unknown, ctx: CliContext): Promise<number> {
  const { err: stderr } = ctx;
  const p = stderr.paint;
  if (err instanceof CommanderError) {
    return COMMANDER_OK.has(err.code) ? ExitCode.OK : ExitCode.USAGE;
  }
  if (err instanceof PilotError) {
    await stderr.line(`${p.red(p.bold('pilot:'))} ${err.message}`);
    for (const line of contextLines(err.context)) await stderr.line(`  ${line}`);
    if (ctx.debug) await stderr.line(p.dim(`[${err.code}] ${JSON.stringify(err.context)}\n${err.stack ?? ''}`));
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  await stderr.line(`${p.red(p.bold('pilot:'))} internal error: ${message}`);
  if (ctx.debug && err instanceof Error && err.stack) await stderr.line(p.dim(err.stack));
  else await stderr.line(p.dim('  (run with --debug for the stack trace)'));
  return ExitCode.FAILED;
}

/** The context entries worth showing to a user: `details` (string or lines) and `hint`. */
function contextLines(context: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const details = context.details;
  if (typeof details === 'string') lines.push(...details.split('\n'));
  else if (Array.isArray(details)) lines.push(...details.map(String));
  if (typeof context.hint === 'string') lines.push(`hint: ${context.hint}`);
  return lines;
}
