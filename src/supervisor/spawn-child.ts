// Spawning one child: its own process group, no shell, stdin ignored, output read as lines, exit observed.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { within, type Clock } from './clock.js';
import { ChildOutput, type OnOutputLine } from './child-output.js';
import { killGroup, type KillFn } from './kill-group.js';
import { startTimeOf } from './proc-fs.js';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  runtimeMs: number;
}

export interface SpawnRequest {
  name: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  onLine: OnOutputLine;
  spawn: SpawnFn;
  kill: KillFn;
  clock: Clock;
  /** How long to keep reading output after the exit before giving up on the pipes, ms (default 100). */
  drainMs?: number;
}

/** A started child, or (when it could not start) a promise of the reason: Node reports that a tick later. */
export type SpawnResult = { ok: true; run: ChildRun } | { ok: false; reason: Promise<string> };

/** One spawned child: its identity, whether it is alive, and promises for its end. */
export class ChildRun {
  alive = true;
  /** Set when pilot asked it to stop (reported in the exit event). */
  stopRequested = false;
  readonly pgid: number;
  /** Field 22 of /proc/PID/stat, to recognise this process later. */
  readonly startTime: string | null;
  readonly startedAt: number;
  /** Settles when the leader has exited (what is left of its group has been sent SIGKILL). */
  readonly exited: Promise<ChildExit>;
  /** Settles after `exited` once the output is read to the end (or the drain bound passed). */
  readonly closed: Promise<ChildExit>;
  private readonly name: string;
  private exitController: AbortController | null = null;

  constructor(readonly pid: number, readonly argv: string[], child: ChildProcess, req: SpawnRequest) {
    this.pgid = pid; // detached: the child leads a new session and process group
    this.name = req.name;
    this.startTime = startTimeOf(pid);
    this.startedAt = req.clock.now();
    // The closures below outlive the spawn: they must not hold `req`, whose env is a copy of pilot's own.
    const { kill, clock } = req;
    const drainMs = req.drainMs ?? 100;
    const output = new ChildOutput({ stdout: child.stdout, stderr: child.stderr }, req.onLine);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.alive = false;
        // control-group semantics: nothing of the unit outlives its main process
        try {
          killGroup(kill, this.pgid, 'SIGKILL');
        } catch {
          // EPERM: the group id now belongs to someone else; nothing of ours is left in it
        }
        this.exitController?.abort(this.exitReason());
        resolve({ code, signal, runtimeMs: clock.now() - this.startedAt });
      });
    });
    this.closed = this.exited.then(async (exit) => {
      await within(clock, output.drained, drainMs);
      output.destroy();
      return exit;
    });
  }

  /** Aborted when the leader exits; made on first use (only readiness checks need it). */
  get exitSignal(): AbortSignal {
    if (!this.exitController) {
      this.exitController = new AbortController();
      if (!this.alive) this.exitController.abort(this.exitReason());
    }
    return this.exitController.signal;
  }

  private exitReason(): Error {
    return new Error(`"${this.name}" exited`);
  }
}

/**
 * Spawns `req.argv`, synchronously, so the caller holds the child before anything else can run.
 * A failure to start is a reason (`cannot start "api": /x/api not found (ENOENT)`), never a throw.
 */
export function spawnChild(req: SpawnRequest): SpawnResult {
  const [command, ...args] = req.argv;
  if (command === undefined) return { ok: false, reason: Promise.resolve(`cannot start "${req.name}": empty command`) };
  const options: SpawnOptions = { cwd: req.cwd, env: req.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], shell: false };
  let child: ChildProcess;
  try {
    child = req.spawn(command, args, options);
  } catch (err) {
    return { ok: false, reason: Promise.resolve(spawnFailure(req.name, command, err)) };
  }
  // The permanent listener keeps any later 'error' from crashing pilot.
  child.on('error', ignoreError);
  if (child.pid === undefined) {
    // A failed spawn (ENOENT, EACCES, bad cwd) has no pid and emits 'error' on the next tick.
    const failed = new Promise<unknown>((resolve) => child.once('error', resolve));
    child.stdout?.destroy();
    child.stderr?.destroy();
    return { ok: false, reason: failed.then((err) => spawnFailure(req.name, command, err)) };
  }
  return { ok: true, run: new ChildRun(child.pid, req.argv, child, req) };
}

function ignoreError(): void {}

function spawnFailure(name: string, command: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `cannot start "${name}": ${command} not found (ENOENT)`;
  if (code === 'EACCES') return `cannot start "${name}": ${command} is not executable (EACCES)`;
  const message = err instanceof Error ? err.message : String(err);
  return `cannot start "${name}": ${message}${code ? ` (${code})` : ''}`;
}

export const realSpawn: SpawnFn = nodeSpawn;
