// Runs the built CLI (`node bin/pilot.js …`) as a real child process, bounded in time.
import { execFile } from 'node:child_process';
import { pilotBin, repoRoot } from '../helpers/paths.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes (for binary formats). */
  stdoutBytes: Buffer;
}

/** The environment without colour switches, so output is plain unless a test asks otherwise. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return env;
}

/** Runs pilot with `args`; resolves when it exits (killed after `timeoutMs`). */
export function runPilot(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [pilotBin, ...args],
      { cwd: options.cwd ?? repoRoot, env: { ...baseEnv(), ...options.env }, timeout: options.timeoutMs ?? 20_000, killSignal: 'SIGKILL', encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
        resolve({
          code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
          signal: failure?.signal ?? null,
          stdout: stdout.toString('utf8'),
          stderr: stderr.toString('utf8'),
          stdoutBytes: stdout,
        });
      },
    );
  });
}

/** True when the text contains a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+/m.test(text);
}
