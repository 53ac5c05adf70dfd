import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TailBuffer } from '../../src/logs/tail-buffer.js';

describe('TailBuffer', () => {
  test('holds items oldest first until full', () => {
    const tail = new TailBuffer<number>(3);
    assert.equal(tail.size, 0);
    assert.deepEqual(tail.toArray(), []);
    tail.push(1);
    tail.push(2);
    assert.equal(tail.size, 2);
    assert.deepEqual(tail.toArray(), [1, 2]);
  });

  test('drops the oldest once full, across many wrap-arounds', () => {
    const tail = new TailBuffer<number>(3);
    for (let i = 1; i <= 10; i++) tail.push(i);
    assert.equal(tail.size, 3);
    assert.deepEqual(tail.toArray(), [8, 9, 10]);
  });

  test('last(n) gives the newest n, oldest first, clamped to what is held', () => {
    const tail = new TailBuffer<string>(4);
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f']) tail.push(s);
    assert.deepEqual(tail.last(2), ['e', 'f']);
    assert.deepEqual(tail.last(10), ['c', 'd', 'e', 'f']);
    assert.deepEqual(tail.last(0), []);
    assert.deepEqual(tail.last(-3), []);
  });

  test('clear() empties it and it fills again', () => {
    const tail = new TailBuffer<number>(2);
    tail.push(1);
    tail.push(2);
    tail.push(3);
    tail.clear();
    assert.equal(tail.size, 0);
    assert.deepEqual(tail.toArray(), []);
    tail.push(4);
    assert.deepEqual(tail.toArray(), [4]);
  });

  test('capacity 0 holds nothing; a bad capacity is refused', () => {
    const none = new TailBuffer<number>(0);
    none.push(1);
    assert.equal(none.size, 0);
    assert.deepEqual(none.last(1), []);
    assert.throws(() => new TailBuffer<number>(-1), /capacity/);
    assert.throws(() => new TailBuffer<number>(1.5), /capacity/);
  });
});
