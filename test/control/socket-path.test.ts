// Socket paths: in the stack directory when short enough, else a deterministic private fallback.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connectControl } from '../../src/control/client.js';
import { controlSocketPath, ensureSocketDir, MAX_SOCKET_PATH_BYTES } from '../../src/control/socket-path.js';
import { PilotError } from '../../src/errors.js';
import { tmpDir } from '../helpers/tmp.js';
import { makeHome, serveFake } from './setup.js';

describe('control socket path', () => {
  test('a short stack dir keeps the socket inside it', () => {
    assert.equal(controlSocketPath('/run/user/1000/pilot/web-abc'), '/run/user/1000/pilot/web-abc/control.sock');
  });

  test('a long stack dir falls back under the temp dir: short, deterministic, distinct per dir', () => {
    const long = `/tmp/${'d'.repeat(120)}/stack`;
    const path = controlSocketPath(long);
    assert.ok(Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES, path);
    assert.match(path, new RegExp(`^${tmpdir()}/pilot-${process.getuid?.() ?? 'user'}/[0-9a-f]{16}\\.sock$`));
    assert.equal(controlSocketPath(long), path);
    assert.notEqual(controlSocketPath(`${long}2`), path);
    // exactly at the limit stays put; one byte more moves
    const at = `/${'a'.repeat(MAX_SOCKET_PATH_BYTES - '/control.sock'.length - 1)}`;
    assert.equal(controlSocketPath(at), `${at}/control.sock`);
    assert.notEqual(controlSocketPath(`${at}b`), `${at}b/control.sock`);
  });

  test('server and client agree on the fallback; its directory is 0700', async (t) => {
    const home = makeHome(t, `pilot-ctl-${'long'.repeat(25)}-`);
    const { server, paths } = await serveFake(t, home);
    assert.ok(Buffer.byteLength(join(paths.dir, 'control.sock')) > MAX_SOCKET_PATH_BYTES);
    assert.equal(server.socketPath, controlSocketPath(paths.dir));
    assert.equal(statSync(dirname(server.socketPath)).mode & 0o777, 0o700);
    assert.equal(statSync(server.socketPath).mode & 0o777, 0o600);
    const client = await connectControl(controlSocketPath(home.paths().dir));
    t.after(() => client.close());
    assert.equal((await client.call('ping')).pid, process.pid);
  });

  test('a socket directory owned by someone else is refused', { skip: process.getuid?.() !== 0 && 'needs root to chown' }, (t) => {
    const tmp = tmpDir();
    t.after(() => tmp.remove());
    const dir = join(tmp.path, 'planted');
    mkdirSync(dir, { mode: 0o777 });
    chownSync(dir, 12345, 12345);
    assert.throws(() => ensureSocketDir(join(dir, 'x.sock')), (err: unknown) => err instanceof PilotError && /not a directory owned by this user/.test(err.message));
  });
});
