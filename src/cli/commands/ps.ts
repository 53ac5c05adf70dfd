// `pilot ps` (alias `status`): the processes of the running stack, as a table or as JSON.
import { ExitCode } from '../../errors.js';
import { withStack } from '../connect-stack.js';
import type { CliContext } from '../context.js';
import { formatUptime } from '../format/duration.js';
import { statusTable } from '../format/status-table.js';

export interface PsOptions {
  file?: string;
  json: boolean;
}

/** The terminal's width when stdout is one; undefined (no cutting) otherwise. */
export function terminalWidth(ctx: CliContext): number | undefined {
  const columns = process.stdout.columns;
  return ctx.out.isTTY && typeof columns === 'number' && columns > 0 ? columns : undefined;
}

/** Prints the stack's status: `--json` the array exactly as the supervisor returns it, else a table under a header. */
export async function psCommand(ctx: CliContext, options: PsOptions): Promise<number> {
  return withStack(ctx, options.file, async ({ client, manifest }) => {
    if (options.json) {
      const statuses = await client.call('status');
      await ctx.out.write(`${JSON.stringify(statuses, null, 2)}\n`);
      return ExitCode.OK;
    }
    const [ping, statuses] = await Promise.all([client.call('ping'), client.call('status')]);
    const now = Date.now();
    const p = ctx.out.paint;
    const header = `${p.bold(manifest)}  ${p.dim(`supervisor pid ${ping.pid}, up ${formatUptime(now - Date.parse(ping.startedAt))}`)}`;
    const table = statusTable(statuses, { now, paint: p, maxWidth: terminalWidth(ctx) });
    await ctx.out.write(`${[header, ...table].join('\n')}\n`);
    return ExitCode.OK;
  });
}
