// Per-test control servers: a private PILOT_HOME, a fake or real target, and teardown that closes everything.
import type { TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startControlServer, type ControlServer, type ControlServerOptions } from '../../src/control/server.js';
import { stackPaths, type StackPaths } from '../../src/control/state-dir.js';
import { tmpDir } from '../helpers/tmp.js';
import { waitForOutput } from '../helpers/wait-for.js';
import { FakeTarget } from './fake-target.js';

export interface Home {
  home: string;
  env: NodeJS.ProcessEnv;
  /** The stack paths of `<home>/<name>` as a manifest. */
  paths(manifestName?: string): StackPaths;
}

/** A fresh PILOT_HOME, removed after the test. */
export function makeHome(t: TestContext, prefix = 'pilot-ctl-'): Home {
  const tmp = tmpDir(prefix);
  t.after(() => tmp.remove());
  const env = { PILOT_HOME: tmp.path };
  return { home: tmp.path, env, paths: (name = 'pilot.yaml') => stackPaths(join(tmp.path, name), env) };
}

export interface Served {
  server: ControlServer;
  target: FakeTarget;
  paths: StackPaths;
}

/** A control server over a FakeTarget for the manifest `<home>/<name>`, closed after the test. */
export async function serveFake(t: TestContext, home: Home, name = 'pilot.yaml', options: ControlServerOptions = {}): Promise<Served> {
  const paths = home.paths(name);
  const target = new FakeTarget(join(home.home, name));
  const server = await startControlServer(target, paths, options);
  t.after(() => server.close());
  return { server, target, paths };
}

/** Leaves a socket file at `path` that nobody listens on: a server in a child process killed with SIGKILL. */
export async function leaveStaleSocket(path: string): Promise<void> {
  const script = "require('net').createServer().listen(process.argv[1], () => console.log('listening'))";
  const child = spawn(process.execPath, ['-e', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForOutput(child.stdout, 'listening', 'the child server to listen');
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
