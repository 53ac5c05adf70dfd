// Finding the stack a command means: --file, the default manifest in cwd, the only running stack.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStack, listRunningStacks } from '../../src/control/discovery.js';
import { controlSocketPath } from '../../src/control/socket-path.js';
import { PilotError } from '../../src/errors.js';
import { leaveStaleSocket, makeHome, serveFake } from './setup.js';

async function refusal(p: Promise<unknown>): Promise<PilotError> {
  const err = await p.then(() => assert.fail('expected a rejection'), (e: unknown) => e);
  assert.ok(err instanceof PilotError, String(err));
  return err;
}

describe('stack discovery', () => {
  test('--file wins, relative to cwd, running or not', async (t) => {
    const home = makeHome(t);
    const found = await findStack({ file: 'app/pilot.yaml', cwd: home.home, env: home.env });
    const manifest = join(home.home, 'app', 'pilot.yaml');
    const paths = home.paths('app/pilot.yaml');
    assert.deepEqual(found, { manifest, paths, socketPath: controlSocketPath(paths.dir) });
  });

  test('a default manifest in cwd, in the order pilot.yaml, pilot.yml, pilot.json', async (t) => {
    const home = makeHome(t);
    const cwd = join(home.home, 'proj');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'pilot.json'), '{}');
    assert.equal((await findStack({ cwd, env: home.env })).manifest, join(cwd, 'pilot.json'));
    writeFileSync(join(cwd, 'pilot.yml'), '');
    assert.equal((await findStack({ cwd, env: home.env })).manifest, join(cwd, 'pilot.yml'));
    mkdirSync(join(cwd, 'pilot.yaml')); // a directory is not a manifest
    assert.equal((await findStack({ cwd, env: home.env })).manifest, join(cwd, 'pilot.yml'));
  });

  test('none running: NOT_RUNNING (exit 3), also when only stale sockets are left', async (t) => {
    const home = makeHome(t);
    const empty = await refusal(findStack({ cwd: home.home, env: home.env }));
    assert.deepEqual([empty.code, empty.exitCode, empty.message], ['NOT_RUNNING', 3, 'no running stack (start one with pilot up)']);
    const dir = home.paths('dead.yaml').dir;
    mkdirSync(dir, { recursive: true });
    await leaveStaleSocket(controlSocketPath(dir));
    const started = performance.now();
    const stale = await refusal(findStack({ cwd: home.home, env: home.env }));
    assert.equal(stale.code, 'NOT_RUNNING');
    assert.ok(performance.now() - started < 1000);
  });

  test('the only running stack, found by its ping', async (t) => {
    const home = makeHome(t);
    const { server, paths, target } = await serveFake(t, home, 'a.yaml');
    mkdirSync(home.paths('idle.yaml').dir, { recursive: true }); // a stack dir with nothing listening
    const found = await findStack({ cwd: home.home, env: home.env });
    assert.deepEqual([found.manifest, found.paths, found.socketPath], [target.manifestFile, paths, server.socketPath]);
    const [only] = await listRunningStacks(home.env);
    assert.equal(only?.ping.pid, process.pid);
  });

  test('several running: USAGE (exit 2) listing each manifest and asking for --file', async (t) => {
    const home = makeHome(t);
    const a = await serveFake(t, home, 'a.yaml');
    const b = await serveFake(t, home, 'b.yaml');
    const err = await refusal(findStack({ cwd: home.home, env: home.env }));
    assert.equal(err.code, 'USAGE');
    assert.equal(err.exitCode, 2);
    assert.equal(err.message, `2 stacks are running: ${a.target.manifestFile} (pid ${process.pid}), ${b.target.manifestFile} (pid ${process.pid}); choose one with --file`);
    assert.deepEqual((await listRunningStacks(home.env)).map((s) => s.manifest), [a.target.manifestFile, b.target.manifestFile]);
  });
});
