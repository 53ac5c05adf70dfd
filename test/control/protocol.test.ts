// The wire format on its own: request checking, and line splitting with a size limit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineReader } from '../../src/control/line-reader.js';
import { parseRequest } from '../../src/control/parse-request.js';
import { encode, okReply } from '../../src/control/protocol.js';

const errorOf = (line: string): { id: unknown; code: string; message: string } => {
  const parsed = parseRequest(line);
  assert.equal(parsed.ok, false, `expected ${line} to be refused`);
  if (parsed.ok) throw new Error('unreachable');
  return { id: parsed.id, code: parsed.error.code, message: parsed.error.message };
};

describe('parseRequest', () => {
  test('a valid request comes back typed, params defaulting to {}', () => {
    assert.deepEqual(parseRequest('{"v":1,"id":7,"method":"ping"}'), { ok: true, id: 7, method: 'ping', params: {} });
    assert.deepEqual(parseRequest('{"v":1,"id":"a","method":"restart","params":{"names":["web"],"withDependents":true}}'), {
      ok: true,
      id: 'a',
      method: 'restart',
      params: { names: ['web'], withDependents: true },
    });
  });

  test('malformed envelopes: the right code, the id echoed when it is valid', () => {
    assert.deepEqual(errorOf('not json'), { id: null, code: 'BAD_REQUEST', message: 'a request must be one line of JSON' });
    assert.equal(errorOf('[1,2]').code, 'BAD_REQUEST');
    assert.equal(errorOf('null').code, 'BAD_REQUEST');
    assert.equal(errorOf('"ping"').code, 'BAD_REQUEST');
    assert.deepEqual([errorOf('{"v":2,"id":3,"method":"ping"}').code, errorOf('{"v":2,"id":3,"method":"ping"}').id], ['UNSUPPORTED_VERSION', 3]);
    assert.equal(errorOf('{"id":3,"method":"ping"}').code, 'UNSUPPORTED_VERSION');
    assert.deepEqual([errorOf('{"v":1,"method":"ping"}').code, errorOf('{"v":1,"method":"ping"}').id], ['BAD_REQUEST', null]);
    assert.equal(errorOf('{"v":1,"id":{},"method":"ping"}').code, 'BAD_REQUEST');
    assert.equal(errorOf('{"v":1,"id":"","method":"ping"}').code, 'BAD_REQUEST');
    const unknown = errorOf('{"v":1,"id":4,"method":"reboot"}');
    assert.equal(unknown.code, 'UNKNOWN_METHOD');
    assert.match(unknown.message, /"reboot".*methods: ping, status, restart/);
  });

  test('bad params name the parameter and what it must be', () => {
    const bad = (params: unknown, method = 'restart'): string => {
      const e = errorOf(JSON.stringify({ v: 1, id: 1, method, params }));
      assert.equal(e.code, 'BAD_PARAMS');
      return e.message;
    };
    assert.match(bad({}), /missing parameter "names"/);
    assert.match(bad({ names: 'web' }), /"names" must be a non-empty array/);
    assert.match(bad({ names: [] }), /"names" must be a non-empty array/);
    assert.match(bad({ names: [''] }), /"names"/);
    assert.match(bad({ names: ['web'], withDependents: 'yes' }), /"withDependents" must be a boolean/);
    assert.match(bad({ names: ['web'], force: true }), /unknown parameter "force"/);
    assert.match(bad([1]), /"params" must be a JSON object/);
    assert.match(bad({ n: -1 }, 'tail'), /"n" must be a non-negative integer/);
    assert.match(bad({ n: 1.5 }, 'tail'), /"n"/);
    assert.match(bad({ logs: 1 }, 'subscribe'), /"logs" must be a boolean/);
    assert.match(bad({ x: 1 }, 'status'), /takes none/);
    assert.match(bad({}, 'unsubscribe'), /missing parameter "sub"/);
  });

  test('encode writes one line that parses back to the same message', () => {
    const line = encode(okReply(9, { text: 'a\nb' }));
    assert.equal(line.indexOf('\n'), line.length - 1);
    assert.deepEqual(JSON.parse(line), { v: 1, id: 9, ok: true, result: { text: 'a\nb' } });
  });
});

describe('LineReader', () => {
  const collect = (max: number): { reader: LineReader; lines: string[]; overflows: number[] } => {
    const out = { lines: [] as string[], overflows: [] as number[] };
    const reader = new LineReader(max, { line: (l) => out.lines.push(l), overflow: () => out.overflows.push(out.lines.length) });
    return { reader, ...out };
  };

  test('lines across chunks, several per chunk, and a character split between chunks', () => {
    const { reader, lines } = collect(100);
    const bytes = Buffer.from('ab\ncd\nxé');
    reader.push(bytes.subarray(0, 4));
    reader.push(bytes.subarray(4, bytes.length - 1));
    reader.push(Buffer.concat([bytes.subarray(bytes.length - 1), Buffer.from('z\n')]));
    assert.deepEqual(lines, ['ab', 'cd', 'xéz']);
  });

  test('a line over the limit overflows once and nothing after it is read', () => {
    const { reader, lines, overflows } = collect(5);
    reader.push(Buffer.from('12345\n123'));
    reader.push(Buffer.from('456'));
    reader.push(Buffer.from('\nok\n'));
    assert.deepEqual(lines, ['12345']);
    assert.deepEqual(overflows, [1]);
  });

  test('a complete line over the limit inside one chunk overflows too', () => {
    const { reader, lines, overflows } = collect(5);
    reader.push(Buffer.from('a\n1234567\nb\n'));
    assert.deepEqual(lines, ['a']);
    assert.deepEqual(overflows, [1]);
  });
});
