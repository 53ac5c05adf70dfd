// Every example in examples/ boots under the real CLI and stops cleanly (ports rewritten to free ones).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { copyExample, startUp } from '../helpers/cli-up.js';
import { skipReason } from '../helpers/examples.js';
import { repoRoot } from '../helpers/paths.js';

const examples = readdirSync(join(repoRoot, 'examples')).filter((name) => statSync(join(repoRoot, 'examples', name)).isDirectory());

describe('examples boot and stop', () => {
  test('there are examples to boot', () => {
    assert.ok(examples.length >= 5, `found ${examples.join(', ')}`);
  });

  for (const name of examples) {
    test(`examples/${name}`, { skip: skipReason(name) }, async (t) => {
      const dir = await copyExample(t, name);
      const manifest = ['pilot.yaml', 'pilot.yml', 'pilot.json'].map((f) => join(dir, f)).find((f) => existsSync(f));
      assert.ok(manifest, `examples/${name} has a pilot.yaml or pilot.json`);
      const up = startUp(t, manifest);
      const outcome = await Promise.race([up.waitForText('all processes ready').then(() => 'ready' as const), up.exited.then(() => 'exited' as const)]);
      if (outcome === 'ready') up.child.kill('SIGINT');
      // a CI-style example ends by itself (shutdown_everything); the others stop on Ctrl-C; both exit 0
      assert.equal(await up.exited, 0, up.output());
      assert.doesNotMatch(up.output(), /failed/);
      assert.deepEqual(up.leftovers(), []);
    });
  }
});
