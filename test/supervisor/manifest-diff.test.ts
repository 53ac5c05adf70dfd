// What a reload counts as changed: effective definitions compared key by key, key order never a change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffManifests } from '../../src/supervisor/manifest-diff.js';
import { fixtureSpec, makeManifest } from '../helpers/supervisor-spec.js';

const watch = { paths: ['/w/src'], ignore: [], debounceMs: 300, restartDependents: false };

test('the same definitions written in another key order are unchanged', () => {
  const before = makeManifest('/s', [fixtureSpec('a', 'forever.js', [], { env: { A: '1', B: '2' } })], { env: { X: '1', Y: '2' } });
  const after = makeManifest('/s', [fixtureSpec('a', 'forever.js', [], { env: { B: '2', A: '1' } })], { env: { Y: '2', X: '1' } });
  const plan = diffManifests(before, after);
  assert.deepEqual([plan.changed, plan.settings, plan.untouched], [[], [], ['a']]);
});

test('changed keys are named as in the manifest; a watch-only change is a rewatch; dependents follow in start order', () => {
  const before = makeManifest('/s', [
    fixtureSpec('db', 'forever.js'),
    fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
    fixtureSpec('web', 'forever.js', [], { dependencies: ['api'] }),
    fixtureSpec('w', 'forever.js', [], { watch }),
  ]);
  const after = makeManifest('/s', [
    fixtureSpec('db', 'forever.js', [], { command: '/opt/elsewhere/node', readyTimeoutSec: 3, restartPolicy: { maxRestarts: 1 } }),
    fixtureSpec('api', 'forever.js', [], { dependencies: ['db'] }),
    fixtureSpec('web', 'forever.js', [], { dependencies: ['api'] }),
    fixtureSpec('w', 'forever.js', [], { watch: { ...watch, debounceMs: 50 } }),
  ], { killTimeout: 9 });
  const plan = diffManifests(before, after);
  assert.deepEqual(plan.changed, [{ name: 'db', keys: ['path', 'ready_timeout_sec', 'restart_policy'] }]);
  assert.deepEqual(plan.dependents, ['api', 'web']);
  assert.deepEqual(plan.rewatched, ['w']);
  assert.deepEqual(plan.untouched, []);
  assert.deepEqual(plan.settings, [{ key: 'kill_timeout', applied: true, note: 'used from the next stop on' }]);
});
