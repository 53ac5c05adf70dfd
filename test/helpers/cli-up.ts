// Running `pilot up` as a real child process in tests: its own PILOT_HOME, output captured,
// a way to wait for a line, and cleanup of everything the stack started.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { stackPaths } from '../../src/control/state-dir.js';
import { freePort } from './free-port.js';
import { pilotBin, repoRoot } from './paths.js';
import { killAll, pidsWithEnv } from './procs.js';
import { tmpDir } from './tmp.js';
import { waitFor } from './wait-for.js';

export interface UpRun {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output: () => string;
  /** Resolves with the exit code (or 128+signal). */
  exited: Promise<number>;
  /** Waits until the output contains `text`. */
  waitForText: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  /** Pids still alive that carry this stack's marker. */
  leftovers: () => number[];
  home: string;
}

/** Starts `pilot up MANIFEST` with a fresh PILOT_HOME (or the one given); everything is killed in t.after. */
export function startUp(t: TestContext, manifest: string, options: { home?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}): UpRun {
  const home = options.home ?? tmpDir('pilot-home-').path;
  const env: NodeJS.ProcessEnv = { ...process.env, PILOT_HOME: home, NO_COLOR: '1', ...options.env };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, [pilotBin, 'up', manifest, ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15))));
  const stackId = stackPaths(manifest, { PILOT_HOME: home }).stackId;
  const leftovers = (): number[] => pidsWithEnv('PILOT_STACK', stackId);
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    killAll(leftovers());
  });
  const waitForText = async (pattern: string | RegExp, timeoutMs = 15_000): Promise<void> => {
    await waitFor(() => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)), `"${String(pattern)}" in pilot's output:\n${text.slice(-3000)}`, timeoutMs);
  };
  return { child, output: () => text, exited, waitForText, leftovers, home };
}

/** Copies examples/NAME to a temp dir, replacing each fixed port (47xxx) with a free one. */
export async function copyExample(t: TestContext, name: string): Promise<string> {
  const dir = tmpDir(`pilot-example-${name}-`);
  t.after(dir.remove);
  cpSync(join(repoRoot, 'examples', name), dir.path, { recursive: true });
  const ports = new Map<string, string>();
  for (const file of readdirSync(dir.path)) {
    if (!/\.(ya?ml|json)$/.test(file)) continue;
    const path = join(dir.path, file);
    let text = readFileSync(path, 'utf8');
    for (const port of new Set(text.match(/\b47\d{3}\b/g) ?? [])) {
      if (!ports.has(port)) ports.set(port, String(await freePort()));
    }
    text = text.replace(/\b47\d{3}\b/g, (p) => ports.get(p) ?? p);
    writeFileSync(path, text);
  }
  return dir.path;
}
