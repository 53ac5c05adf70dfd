// The path hash is FNV-1a-64: stable across runs and platforms, checked against published test vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathHash } from '../../src/control/path-hash.js';

test('FNV-1a-64 test vectors', () => {
  assert.equal(pathHash(''), 'cbf29ce484222325');
  assert.equal(pathHash('a'), 'af63dc4c8601ec8c');
  assert.equal(pathHash('foobar'), '85944171f73967e8');
});

test('different paths, different hashes; UTF-8 bytes are hashed', () => {
  assert.notEqual(pathHash('/srv/a/pilot.yaml'), pathHash('/srv/b/pilot.yaml'));
  assert.equal(pathHash('/tmp/é'), pathHash('/tmp/é'));
  assert.notEqual(pathHash('/tmp/é'), pathHash('/tmp/e'));
});
