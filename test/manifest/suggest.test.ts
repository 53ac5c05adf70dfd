import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, didYouMean, editDistance } from '../../src/manifest/suggest.js';

describe('suggestions', () => {
  test('edit distance counts insertions, deletions, substitutions and swaps', () => {
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('restrat', 'restart'), 1);
    assert.equal(editDistance('same', 'same'), 0);
  });

  test('suggests close keys and nothing for unrelated words', () => {
    const keys = ['ready_strategy', 'ready_params', 'ready_timeout_sec', 'timeout', 'name'];
    assert.equal(closest('ready_param', keys), 'ready_params');
    assert.equal(closest('READY_PARAMS', keys), 'ready_params');
    assert.equal(closest('timout', keys), 'timeout');
    assert.equal(closest('ready_strat', keys), 'ready_strategy', 'a prefix counts');
    assert.equal(closest('colour', keys), undefined);
    assert.equal(didYouMean('nme', keys), 'did you mean "name"?');
    assert.equal(didYouMean('zzz', keys), undefined);
  });

  // Regression (found by the fuzzer): a 100,000-character unknown dependency next to a 100,000-character
  // name made editDistance allocate a 10^10-cell matrix; `pilot validate` ran out of memory after 28 s.
  test('huge words get no suggestion, at once and without memory', () => {
    const huge = 'n'.repeat(100_000);
    const started = performance.now();
    assert.equal(closest('z'.repeat(100_000), [huge, 'a']), undefined);
    assert.equal(closest('nnnn', [huge]), undefined, 'no 100,000-character suggestion either');
    assert.equal(closest('a'.repeat(120), ['a'.repeat(119)]), 'a'.repeat(119), 'long but plausible words still get one');
    assert.ok(performance.now() - started < 1000);
  });

  test('edit distance of long words uses rows, not a matrix', () => {
    assert.equal(editDistance('a'.repeat(5000), 'b'.repeat(5000)), 5000);
    assert.equal(editDistance('ab'.repeat(2000), 'ba'.repeat(2000)), 2, 'one deletion at the start, one insertion at the end');
  });
});
