// `pilot top` when stdout is not a terminal (a pipe, a file, CI): a timestamped frame every interval — the
// host, then the `pilot ps` table — until the stack stops, Ctrl-C, or `--iterations` frames.
import type { CliContext } from '../context.js';
import { formatUptime } from '../format/duration.js';
import { statusTable } from '../format/status-table.js';
import { hostLine } from './render.js';
import type { TopOptions, TopSession } from './session.js';

export async function plainTop(ctx: CliContext, session: TopSession, options: TopOptions): Promise<number> {
  const { client, ping } = session;
  const { hostFacts } = await import('../../stats/host-info.js');
  let interrupted = false;
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (): void => {
    interrupted = true;
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let gone = false;
  try {
    for (let frame = 0; options.iterations === undefined || frame < options.iterations; frame++) {
      if (frame > 0) await Promise.race([client.closed, woken, new Promise((r) => setTimeout(r, options.intervalMs).unref())]);
      if (interrupted || ctx.out.closed) break;
      const [statuses, host] = await Promise.all([client.call('status'), hostFacts()]).catch(() => [null, null] as const);
      if (statuses === null) {
        gone = true; // the connection closed: the stack stopped
        break;
      }
      const now = Date.now();
      const p = ctx.out.paint;
      const header = `${p.bold(new Date(now).toISOString())}  ${session.manifest}  ${p.dim(`supervisor pid ${ping.pid}, up ${formatUptime(now - Date.parse(ping.startedAt))}`)}`;
      await ctx.out.write(`${frame > 0 ? '\n' : ''}${[header, p.dim(hostLine(host)), ...statusTable(statuses, { now, paint: p })].join('\n')}\n`);
    }
    if (gone) await ctx.err.line('pilot top: the stack stopped');
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
