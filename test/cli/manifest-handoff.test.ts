// The validated manifest handed from `pilot up -d` to its background supervisor: read once, then gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths } from '../../src/control/state-dir.js';
import { HANDOFF_ENV, takeHandoff, writeHandoff } from '../../src/cli/detach/manifest-handoff.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';
import { tmpDir } from '../helpers/tmp.js';

test('round trip: private file, same manifest, variable and file removed once taken', (t) => {
  const home = tmpDir();
  t.after(home.remove);
  const manifest = makeManifest(home.path, [fixtureSpec('a', 'forever.js'), fixtureSpec('b', 'forever.js', [], { dependencies: ['a'] })]);
  const file = writeHandoff(stackPaths(join(home.path, 'pilot.yaml'), { PILOT_HOME: home.path }), manifest);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const env: NodeJS.ProcessEnv = { [HANDOFF_ENV]: file, OTHER: 'x' };
  assert.deepEqual(takeHandoff(env), JSON.parse(JSON.stringify(manifest)));
  assert.deepEqual(env, { OTHER: 'x' }, 'the stack never sees the variable');
  assert.equal(existsSync(file), false);
});

test('no variable, a missing file or garbage: null (the supervisor then loads the manifest itself)', (t) => {
  const dir = tmpDir();
  t.after(dir.remove);
  assert.equal(takeHandoff({}), null);
  assert.equal(takeHandoff({ [HANDOFF_ENV]: join(dir.path, 'gone.json') }), null);
});
