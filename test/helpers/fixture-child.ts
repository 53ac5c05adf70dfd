// Running one fixture program directly (without pilot) for tests of the OS-facing parts: started as the
// leader of its own process group, awaited until it prints its first line, killed with its group afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fixtureBin } from './paths.js';
import { waitForOutput } from './wait-for.js';

export interface FixtureChild {
  child: ChildProcess;
  pid: number;
  /** Everything it printed up to its first line (the handshake). */
  first: string;
}

/** Starts `node test/fixtures/bin/<fixture> ...args` and waits for its first line; SIGKILLs its group in t.after. */
export async function startFixture(t: TestContext, fixture: string, args: (string | number)[] = []): Promise<FixtureChild> {
  const child = spawn(process.execPath, [fixtureBin(fixture), ...args.map(String)], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${fixture}`);
  t.after(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout');
  const first = await waitForOutput(stdout, '\n', `${fixture}'s first line`);
  return { child, pid, first };
}
