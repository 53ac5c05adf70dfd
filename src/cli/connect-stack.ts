// Finding the stack a control command means and connecting to its supervisor, for every such command.
// Node built-ins and src/control only: `pilot ps` must start as fast as `node -e 0`, nearly.
import { connectControl, type ControlClient } from '../control/client.js';
import { findStack, type StackLocation } from '../control/discovery.js';
import type { CliContext } from './context.js';
import { displayPath } from './display-path.js';

export interface StackConnection {
  location: StackLocation;
  /** The manifest as users read it (relative to the current directory when shorter). */
  manifest: string;
  client: ControlClient;
}

export interface ConnectStackOptions {
  /** Bound on connecting and on calls other than restart/stop/start (client default otherwise). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** The stack `--file` (or the cwd's manifest, or the only running stack) names, without connecting. */
export function locateStack(ctx: CliContext, file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<StackLocation> {
  return findStack({ file, cwd: ctx.cwd, env });
}

/** Connects to the supervisor of the stack; NOT_RUNNING (exit 3) at once when nobody listens, USAGE (exit 2) when ambiguous. */
export async function connectStack(ctx: CliContext, file: string | undefined, options: ConnectStackOptions = {}): Promise<StackConnection> {
  const location = await locateStack(ctx, file, options.env);
  const manifest = displayPath(location.manifest, ctx.cwd);
  const client = await connectControl(location.socketPath, { manifest, timeoutMs: options.timeoutMs });
  return { location, manifest, client };
}

/** Runs `fn` with a connection to the stack and closes it afterwards, whatever happens. */
export async function withStack<T>(ctx: CliContext, file: string | undefined, fn: (stack: StackConnection) => Promise<T>, options: ConnectStackOptions = {}): Promise<T> {
  const stack = await connectStack(ctx, file, options);
  try {
    return await fn(stack);
  } finally {
    stack.client.close();
  }
}
