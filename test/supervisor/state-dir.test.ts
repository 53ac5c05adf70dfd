// The stack's state directory: where it lives, how stacks are told apart, and its permissions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathHash } from '../../src/control/path-hash.js';
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensureStackDirs, stackPaths } from '../../src/control/state-dir.js';
import { tmpDir } from '../helpers/tmp.js';

const sha = (s: string): string => pathHash(s);

describe('stackPaths', () => {
  test('root: PILOT_HOME, else XDG_RUNTIME_DIR/pilot, else ~/.pilot', () => {
    assert.ok(stackPaths('/srv/app/pilot.yaml', { PILOT_HOME: '/ph', XDG_RUNTIME_DIR: '/run/user/1' }).dir.startsWith('/ph/'));
    assert.ok(stackPaths('/srv/app/pilot.yaml', { XDG_RUNTIME_DIR: '/run/user/1' }).dir.startsWith('/run/user/1/pilot/'));
    assert.ok(stackPaths('/srv/app/pilot.yaml', {}).dir.startsWith(join(homedir(), '.pilot') + '/'));
  });

  test('named after the manifest, hashed by its real path; the id also hashes the root', (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    const file = join(dir.path, 'my app!.yaml');
    writeFileSync(file, 'processes: []\n');
    symlinkSync(file, join(dir.path, 'link.yaml'));
    const paths = stackPaths(file, { PILOT_HOME: '/ph' });
    const name = `my_app_-${sha(file).slice(0, 10)}`;
    assert.deepEqual(paths, {
      stackId: `${name}-${sha('/ph').slice(0, 6)}`,
      dir: `/ph/${name}`,
      logsDir: `/ph/${name}/logs`,
      runtimeDir: `/ph/${name}/run`,
      stateFile: `/ph/${name}/state.json`,
    });
    assert.equal(stackPaths(join(dir.path, 'link.yaml'), { PILOT_HOME: '/ph' }).dir, paths.dir, 'a symlink is the same stack');
    assert.notEqual(stackPaths(file, { PILOT_HOME: '/other' }).stackId, paths.stackId, 'two homes never share an id');
  });

  test('ensureStackDirs creates dir, logs and run with mode 0700, tightening existing ones', (t) => {
    const home = tmpDir();
    t.after(home.remove);
    const paths = stackPaths('/srv/app/pilot.yaml', { PILOT_HOME: home.path });
    mkdirSync(paths.logsDir, { recursive: true });
    chmodSync(paths.logsDir, 0o755);
    ensureStackDirs(paths);
    for (const d of [paths.dir, paths.logsDir, paths.runtimeDir]) assert.equal(statSync(d).mode & 0o777, 0o700, d);
  });
});
