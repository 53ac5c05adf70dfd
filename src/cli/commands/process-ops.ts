// `pilot restart|stop|start NAME…`: one control call, reported per process from the status before and after.
import { ExitCode, PilotError } from '../../errors.js';
import type { ControlClient } from '../../control/client.js';
import { withStack } from '../connect-stack.js';
import type { CliContext } from '../context.js';
import { describeOperation, type ProcessVerb } from '../format/op-summary.js';

export interface ProcessCommandOptions {
  file?: string;
  json: boolean;
  withDependents: boolean;
}

const FAILURE_LINES = 10;
// Failures of processes (not of the request): worth showing what the processes printed last.
const PROCESS_FAILURES = new Set(['READY_FAILED', 'SPAWN_FAILED', 'UNKILLABLE']);

/** Restarts, stops or starts `names`; exit 0, 2 for unknown names (nothing done), 1 when a process failed. */
export async function processCommand(ctx: CliContext, verb: ProcessVerb, names: string[], options: ProcessCommandOptions): Promise<number> {
  return withStack(ctx, options.file, async ({ client }) => {
    const before = await client.call('status');
    const request = verb === 'restart' ? client.call('restart', { names, withDependents: options.withDependents }) : client.call(verb, { names });
    const after = await request.catch(async (err: unknown) => {
      if (err instanceof PilotError && PROCESS_FAILURES.has(err.code)) throw await explainFailure(client, verb, names, err);
      throw err;
    });
    if (options.json) await ctx.out.write(`${JSON.stringify(after, null, 2)}\n`);
    else await ctx.out.write(`${describeOperation(verb, names, before, after, ctx.out.paint).join('\n')}\n`);
    return ExitCode.OK;
  });
}

// The supervisor's reason names no process: say which ones are not running now, with their last lines.
async function explainFailure(client: ControlClient, verb: ProcessVerb, names: string[], err: PilotError): Promise<PilotError> {
  const details: string[] = [];
  try {
    const down = (await client.call('status')).filter((s) => names.includes(s.name) && s.state !== 'running');
    const tail = down.length > 0 ? await client.call('tail', { names: down.map((s) => s.name), n: FAILURE_LINES }) : [];
    for (const s of down) {
      details.push(`${s.name} is ${s.state}${s.reason ? `: ${s.reason}` : ''}`);
      for (const l of tail.filter((t) => t.process === s.name)) details.push(`  ${s.name} ${l.stream === 'stderr' ? '!' : '|'} ${l.line}`);
    }
  } catch {
    // the supervisor went away meanwhile: its own message has to do
  }
  return new PilotError(err.code, `${verb} ${names.join(' ')} failed: ${err.message}`, { exitCode: err.exitCode, context: { ...err.context, details }, cause: err });
}
