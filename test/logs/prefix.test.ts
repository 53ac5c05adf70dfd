import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import kleur from 'kleur';
import { colorForName, formatPrefixed, prefixWidth } from '../../src/logs/prefix.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const strip = (s: string): string => s.replace(ANSI, '');

describe('prefix', () => {
  let saved: boolean;
  beforeEach(() => {
    saved = kleur.enabled;
  });
  afterEach(() => {
    kleur.enabled = saved;
  });

  test('prefixWidth is the longest name', () => {
    assert.equal(prefixWidth(['api', 'database', 'db']), 8);
    assert.equal(prefixWidth([]), 0);
  });

  test('pads the name and marks stderr with "!" without colour', () => {
    kleur.enabled = true;
    assert.equal(formatPrefixed('api', 8, 'stdout', 'hello', false), 'api      | hello');
    assert.equal(formatPrefixed('api', 8, 'stderr', 'error text', false), 'api      ! error text');
    assert.equal(formatPrefixed('database', 3, 'stdout', 'x', false), 'database | x');
  });

  test('colour: the same name always gets the same colour, and the text is unchanged', () => {
    kleur.enabled = true;
    const names = ['api', 'db', 'worker', 'web', 'cache', 'queue', 'auth', 'mail', 'search', 'metrics'];
    const out = names.map((n) => formatPrefixed(n, 7, 'stdout', 'hi', true));
    for (const [i, line] of out.entries()) {
      assert.match(line, ANSI);
      assert.equal(strip(line), `${(names[i] as string).padEnd(7)} | hi`);
      assert.equal(formatPrefixed(names[i] as string, 7, 'stdout', 'hi', true), line);
    }
    const colours = new Set(names.map((n) => colorForName(n)('x')));
    assert.ok(colours.size >= 4, `only ${colours.size} colours for ${names.length} names`);
    const err = formatPrefixed('api', 3, 'stderr', 'boom', true);
    assert.ok(err.includes(kleur.red('!')), JSON.stringify(err));
  });

  test('colour off: colorForName is the identity and formatPrefixed adds no escapes', () => {
    kleur.enabled = false;
    assert.equal(colorForName('api')('text'), 'text');
    assert.equal(formatPrefixed('api', 3, 'stdout', 'hi', true), 'api | hi');
  });

  test('control characters never reach the prefix; the child line passes through unchanged', () => {
    kleur.enabled = false;
    const line = '\x1b[31mred\x1b[0m\tand\rcr';
    assert.equal(formatPrefixed('a\x1b[2Jb', 4, 'stdout', line, false), `a?[2Jb | ${line}`);
    assert.equal(formatPrefixed('x\u202ey', 3, 'stderr', 'ok', false), 'x?y ! ok');
    assert.equal(prefixWidth(['a\x1bb']), 3);
  });
});
