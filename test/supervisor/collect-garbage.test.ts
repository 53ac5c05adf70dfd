// Before a boot, pilot runs a full garbage collection when node exposes one, and carries on when it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { collectGarbage } from '../../src/supervisor/collect-garbage.js';

test('without --expose-gc it does nothing', () => {
  assert.equal((globalThis as { gc?: unknown }).gc, undefined, 'the test runner does not expose gc');
  assert.doesNotThrow(() => collectGarbage());
});

test('with --expose-gc it runs one full collection', () => {
  const module = new URL('../../src/supervisor/collect-garbage.js', import.meta.url).href;
  const script = `const { collectGarbage } = await import(${JSON.stringify(module)}); console.log('before'); collectGarbage(); console.log('after');`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--trace-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.status, 0, run.stderr);
  const between = run.stdout.slice(run.stdout.indexOf('before'), run.stdout.indexOf('after'));
  assert.match(between, /Mark-Compact.*testing/, 'a full collection between the two lines');
});
