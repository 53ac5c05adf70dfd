// `pilot up FILE -d`: start the supervisor in the background, return once its stack is up or its boot failed.
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { stackPaths, type StackPaths } from '../../control/state-dir.js';
import { PilotError } from '../../errors.js';
import type { Manifest } from '../../manifest/types.js';
import type { CliContext } from '../context.js';
import { displayPath } from '../display-path.js';
import { awaitBoot, type BootWait } from './await-boot.js';
import { REPORT_FD } from './boot-outcome.js';
import { readLogTail } from './log-tail.js';
import { writeHandoff } from './manifest-handoff.js';
import { spawnDaemon, type Daemon } from './spawn-daemon.js';
import { stopDaemon, waitChildExit } from './stop-daemon.js';
import { processesNotReady, runningSupervisor } from './supervisor-query.js';

export interface DetachOptions {
  strict: boolean;
  /** Give up on a boot that takes longer (seconds). */
  timeoutSec?: number;
  /** Watch mode, as the launcher decided it (its own CI, its flags). */
  watch: boolean;
  watchManifest: boolean;
  /** Pass --debug on to the supervisor (stack traces of plugin errors in its log). */
  debug?: boolean;
}

const LOG_TAIL_LINES = 20;
// After reporting a failure the supervisor has already stopped its stack: it only has to exit.
const EXIT_WAIT_MS = 10_000;

/** Starts the stack's supervisor in the background; resolves with pilot's exit code once the boot is decided. */
export async function upDetached(ctx: CliContext, manifest: Manifest, options: DetachOptions): Promise<number> {
  const paths = stackPaths(manifest.file);
  const shown = displayPath(manifest.file, ctx.cwd);
  const pid = await runningSupervisor(paths);
  if (pid !== null) {
    throw new PilotError('ALREADY_RUNNING', `stack ${shown} is already up (supervisor pid ${pid})`, { exitCode: 1, context: { pid, hint: 'pilot ps shows it; pilot down stops it' } });
  }
  const handoffFile = writeHandoff(paths, manifest);
  const daemon = spawnDaemon({
    manifestFile: manifest.file,
    paths,
    strict: options.strict,
    watch: options.watch,
    watchManifest: options.watchManifest,
    debug: options.debug ?? false,
    pluginDirectory: manifest.pluginDirectory,
    cwd: ctx.cwd,
    handoffFile,
  });
  const wait = await awaitBoot(daemon.child, { timeoutMs: options.timeoutSec === undefined ? undefined : options.timeoutSec * 1000 });
  const p = ctx.out.paint;
  if (wait.kind === 'reported' && wait.outcome.ok) {
    release(daemon);
    const count = manifest.processes.length;
    await ctx.out.line(`pilot: stack ${shown} ${p.green('is up')} (${count} process${count === 1 ? '' : 'es'}, supervisor pid ${wait.outcome.pid}); pilot ps / pilot logs -f / pilot down`);
    return 0;
  }
  await printLines(ctx, failureText(wait, shown, daemon, options.timeoutSec, await notReadyFor(wait, paths)));
  if (wait.kind === 'reported' && (await waitChildExit(daemon.child, EXIT_WAIT_MS))) return exitCodeOf(wait);
  await stopDaemon(daemon.child, paths, stopGraceMs(manifest), manifest.killTimeout * 1000 + 1000);
  return exitCodeOf(wait);
}

// The supervisor runs on without us: let this process exit while it does.
function release(daemon: Daemon): void {
  (daemon.child.stdio[REPORT_FD] as Socket | null)?.destroy();
  daemon.child.unref();
}

// What is still booting when the launcher gives up (asked before stopping it).
function notReadyFor(wait: BootWait, paths: StackPaths): Promise<string[]> {
  return wait.kind === 'timeout' || wait.kind === 'interrupted' ? processesNotReady(paths) : Promise.resolve([]);
}

// The lines that explain why `up -d` did not succeed, without colour.
function failureText(wait: BootWait, shown: string, daemon: Daemon, timeoutSec: number | undefined, pending: string[]): string[] {
  const waiting = pending.length > 0 ? ` (still waiting for: ${pending.join(', ')})` : '';
  switch (wait.kind) {
    case 'reported':
      return wait.outcome.ok ? [] : wait.outcome.report;
    case 'timeout':
      return [`pilot: stack ${shown} was not up within ${timeoutSec ?? 0} s${waiting}; stopping it`, `  its log: ${daemon.logFile}`];
    case 'interrupted':
      return [`pilot: interrupted (${wait.signal}) while stack ${shown} was booting${waiting}; stopping it`];
    case 'died': {
      if (wait.error) return [`pilot: cannot start the background supervisor of ${shown}: ${wait.error.message}`];
      const how = wait.signal ? `was killed by ${wait.signal}` : `exited with code ${wait.code ?? '?'}`;
      const tail = readLogTail(daemon.logFile, daemon.logOffset, LOG_TAIL_LINES);
      return [`pilot: the background supervisor of ${shown} ${how} before the stack was up; last lines of ${daemon.logFile}:`, ...tail.map((l) => `  | ${l}`)];
    }
  }
}

function exitCodeOf(wait: BootWait): number {
  if (wait.kind === 'reported' && !wait.outcome.ok) return wait.outcome.exitCode;
  if (wait.kind === 'interrupted') return 128 + (constants.signals[wait.signal] ?? 0);
  return 1;
}

// Long enough for the supervisor to stop every process gracefully, one after another at worst.
function stopGraceMs(manifest: Manifest): number {
  const seconds = manifest.processes.reduce((sum, p) => sum + p.timeout + manifest.killTimeout, 0);
  return seconds * 1000 + 5000;
}

// Report lines to stderr, pilot's own `pilot:` prefix in red.
async function printLines(ctx: CliContext, lines: string[]): Promise<void> {
  const p = ctx.err.paint;
  for (const line of lines) await ctx.err.line(line.startsWith('pilot:') ? `${p.red(p.bold('pilot:'))}${line.slice('pilot:'.length)}` : line);
}
