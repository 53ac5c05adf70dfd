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
});
