// CMD of `pilot run`: spawned without a shell, stdio inherited, in pilot's own process group (so a
// terminal's Ctrl-C reaches it as it would without pilot).
import { spawn } from 'node:child_process';
import { exitCodeOf } from '../../supervisor/exit-reason.js';

export interface CommandEnd {
  /** CMD's exit code, 128+N when killed by signal N, 127/126 when it could not be run. */
  exitCode: number;
  /** How it ended, in words (`exited with code 4`, `killed by SIGTERM`, `not found`). */
  how: string;
  /** True when CMD never ran (not found, not executable). */
  notRun: boolean;
}

export interface RunningCommand {
  readonly ended: Promise<CommandEnd>;
  /** Sends `signal` to CMD; false when it has already ended. */
  signal(signal: NodeJS.Signals): boolean;
}

/** Starts CMD; `ended` never rejects. */
export function runCommandChild(cmd: readonly [string, ...string[]], options: { env: NodeJS.ProcessEnv; cwd: string }): RunningCommand {
  const [program, ...args] = cmd;
  const child = spawn(program, args, { stdio: 'inherit', env: options.env, cwd: options.cwd });
  let done = false;
  const ended = new Promise<CommandEnd>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      done = true;
      const notFound = err.code === 'ENOENT';
      resolve({ exitCode: notFound ? 127 : 126, how: notFound ? `not found (${program})` : `cannot be run: ${err.message}`, notRun: true });
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ exitCode: exitCodeOf(code, signal), how: signal ? `killed by ${signal}` : `exited with code ${code ?? '?'}`, notRun: false });
    });
  });
  return {
    ended,
    signal: (signal) => {
      if (done || child.pid === undefined) return false;
      try {
        return child.kill(signal);
      } catch {
        return false;
      }
    },
  };
}
