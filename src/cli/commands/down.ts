// `pilot down`: stop the running stack in reverse dependency order and wait until its supervisor is gone.
// Light imports only (no yaml/ajv/manifest loader): control commands must start fast.
import { connectControl } from '../../control/client.js';
import { findStack } from '../../control/discovery.js';
import { waitForExit } from '../../control/wait-exit.js';
import { ExitCode, PilotError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { displayPath } from '../display-path.js';

const DEFAULT_TIMEOUT_SEC = 120;
// Connecting and the `ping`/`down` calls: a live supervisor answers at once.
const CALL_TIMEOUT_MS = 5000;

/** `pilot down [-f FILE] [--timeout S]`: exit 0 once the supervisor has exited; 3 when no stack runs. */
export async function downCommand(ctx: CliContext, options: { file?: string; timeout?: number }): Promise<number> {
  const stack = await findStack({ file: options.file, cwd: ctx.cwd, env: process.env });
  const shown = displayPath(stack.manifest, ctx.cwd);
  const client = await connectControl(stack.socketPath, { timeoutMs: CALL_TIMEOUT_MS, manifest: shown });
  let pid: number;
  try {
    pid = (await client.call('ping', {}, { timeoutMs: CALL_TIMEOUT_MS })).pid;
    await client.call('down', {}, { timeoutMs: CALL_TIMEOUT_MS });
  } finally {
    client.close();
  }
  const timeoutSec = options.timeout ?? DEFAULT_TIMEOUT_SEC;
  if (!(await waitForExit(pid, timeoutSec * 1000))) {
    throw new PilotError('TIMEOUT', `stack ${shown} is still stopping after ${timeoutSec} s (supervisor pid ${pid})`, {
      exitCode: ExitCode.FAILED,
      context: { pid, hint: `pilot ps shows what is left; kill -TERM ${pid} asks again, kill -KILL ${pid} ends it (the next pilot up sweeps its processes)` },
    });
  }
  const p = ctx.out.paint;
  await ctx.out.line(`pilot: ${p.green('stopped')} ${shown}`);
  return ExitCode.OK;
}
