// Regression: `pilot run` named CMD by its first 57 characters, so with a long node path and a deep checkout
// (/work/wt-reliability/test/fixtures/bin/forever.js) the script's name was cut off — "…/bin/fore… exited with
// code 0" — and the run tests failed in checkouts with longer paths. A long CMD is now cut in the middle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeManifest } from '../helpers/manifest-file.js';
import { fixtureBin } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';
import { runPilot } from './run-cli.js';

test('a long CMD is named by its start and its end, so the script shows', async (t) => {
  const home = tmpDir('pilot-run-label-');
  t.after(home.remove);
  const deep = join(home.path, 'a-rather-long-directory-name-for-a-checkout', 'test', 'fixtures', 'bin');
  mkdirSync(deep, { recursive: true });
  copyFileSync(fixtureBin('exit-with.js'), join(deep, 'exit-with.js'));
  const file = writeManifest(t, 'processes:\n  - { name: a, path: $NODE, args: [$FIX(forever.js)] }\n');
  const res = await runPilot(['run', file, '--', process.execPath, join(deep, 'exit-with.js'), '0'], { env: { PILOT_HOME: home.path, NO_COLOR: '1' } });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout + res.stderr, /pilot > .{10,30}….*bin\/exit-with\.js 0 exited with code 0/);
});
