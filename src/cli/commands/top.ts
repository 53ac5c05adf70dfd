// `pilot top`: a live view of the running stack over its control socket — full screen on a terminal,
// periodic plain frames otherwise. Loaded only when run: `pilot ps` does not pay for it.
import { connectStack } from '../connect-stack.js';
import type { CliContext } from '../context.js';
import { interactiveTop } from '../top/interactive.js';
import { plainTop } from '../top/plain.js';

export interface TopCommandOptions {
  file?: string;
  /** Seconds between frames (plain), or between redraws when nothing else redraws (full screen: each sample and state change does). */
  intervalSec?: number;
  iterations?: number;
}

const DEFAULT_INTERVAL_SEC = 2;

export async function topCommand(ctx: CliContext, options: TopCommandOptions): Promise<number> {
  const { client, manifest } = await connectStack(ctx, options.file);
  try {
    const ping = await client.call('ping');
    const session = { client, manifest, ping };
    const topOptions = { intervalMs: (options.intervalSec ?? DEFAULT_INTERVAL_SEC) * 1000, iterations: options.iterations };
    const fullScreen = ctx.out.isTTY && process.stdin.isTTY === true && options.iterations === undefined;
    return await (fullScreen ? interactiveTop(ctx, session, topOptions) : plainTop(ctx, session, topOptions));
  } finally {
    client.close();
  }
}
