// Running one case through the real CLI (node bin/pilot.js), bounded in time, to check real exit codes and stderr.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Outcome } from './judge.js';
import { cleanEnv } from './pool.js';

/** Runs `node bin/pilot.js <argv>` in `cwd`; SIGKILL after `timeoutMs`. Never rejects. */
export function runRealCli(repoRoot: string, argv: string[], cwd: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(repoRoot, 'bin/pilot.js'), ...argv], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: '', stderr: '', ms: performance.now() - started, crashed: `cannot run the CLI: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const outcome: Outcome = { code: code ?? null, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - started };
      if (timedOut) outcome.timedOut = true;
      else if (signal) outcome.crashed = `killed by ${signal}`;
      resolve(outcome);
    });
  });
}
