// Mutations of a manifest's bytes: truncation, garbage, invalid UTF-8, huge and deep text, YAML specials.
import type { Rng } from './random.js';

export interface TextMutation {
  name: string;
  apply(bytes: Buffer, rng: Rng): Buffer;
}

const GARBAGE = [':', ': ', '-', '- ', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '#', '"', "'", '?', '\t', '\r', '\n', '\0', '\\', '  ', '\ufeff', '---', '...', '<<', '~', 'é', '\u2028', '\u0085'];
const INVALID_UTF8 = [[0xff], [0xfe], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]];
const TAGS = ['!!binary aGVsbG8=', '!!set {a, b}', '!!omap [{a: 1}, {b: 2}]', '!!pairs [{a: 1}]', '!!timestamp 2001-12-14t21:59:43.10-05:00', '!!str 5', '!!int "x"', '!!int 0x1F', '!!float .nan', '!!float .inf', '!!null ""', '!!bool yes', '!!map [1]', '!!seq {}', '!custom x', '!<tag:yaml.org,2002:js/undefined> ""', '!!js/function "function(){}"', '!!python/object:os.system ls', '!', '!!'];

const text = (bytes: Buffer): string => bytes.toString('utf8');
const bytesOf = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Byte offsets where lines start. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && i + 1 < bytes.length) starts.push(i + 1);
  return starts;
}

const insertAt = (bytes: Buffer, at: number, piece: Buffer): Buffer => Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]);
const offset = (rng: Rng, bytes: Buffer): number => (rng.chance(0.5) ? rng.pick(lineStarts(bytes)) : rng.int(0, bytes.length));

/** Replaces the value after one `key: ` (YAML) or `"key": ` (JSON) with `piece`, or appends `x-key: piece`. */
function replaceAValue(bytes: Buffer, rng: Rng, piece: string): Buffer {
  const source = text(bytes);
  const spots = [...source.matchAll(/: +(?=\S)/g)].map((m) => (m.index ?? 0) + m[0].length);
  if (spots.length === 0 || rng.chance(0.25)) return bytesOf(`${source}\nx-fuzz: ${piece}\n`);
  const at = rng.pick(spots);
  const rest = source.slice(at);
  const end = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^,\n}\]#]*)/.exec(rest)?.[0].length ?? 0;
  return bytesOf(source.slice(0, at) + piece + source.slice(at + end));
}

function aliasBomb(levels: number, width: number): string {
  const lines = [`x-l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`x-l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  return lines.join('\n');
}

export const TEXT_MUTATIONS: TextMutation[] = [
  { name: 'truncate', apply: (b, rng) => b.subarray(0, rng.int(0, b.length)) },
  {
    name: 'delete-span',
    apply(b, rng) {
      const at = rng.int(0, b.length);
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.size(400) + 1))]);
    },
  },
  {
    name: 'insert-garbage',
    apply(b, rng) {
      let piece = '';
      for (let i = rng.int(1, 6); i > 0; i--) piece += rng.pick(GARBAGE);
      return insertAt(b, offset(rng, b), bytesOf(piece));
    },
  },
  {
    name: 'random-bytes',
    apply(b, rng) {
      const piece = Buffer.alloc(rng.int(1, 16));
      for (let i = 0; i < piece.length; i++) piece[i] = rng.int(0, 255);
      return insertAt(b, rng.int(0, b.length), piece);
    },
  },
  { name: 'invalid-utf8', apply: (b, rng) => insertAt(b, rng.int(0, b.length), Buffer.from(rng.pick(INVALID_UTF8))) },
  {
    name: 'flip-byte',
    apply(b, rng) {
      if (b.length === 0) return b;
      const out = Buffer.from(b);
      const i = rng.int(0, b.length - 1);
      out[i] = (out[i] ?? 0) ^ (1 << rng.int(0, 7));
      return out;
    },
  },
  {
    name: 'duplicate-line',
    apply(b, rng) {
      const starts = lineStarts(b);
      const i = rng.int(0, starts.length - 1);
      const line = b.subarray(starts[i], starts[i + 1] ?? b.length);
      return insertAt(b, rng.pick(starts), Buffer.concat([line, line.at(-1) === 0x0a ? Buffer.alloc(0) : bytesOf('\n')]));
    },
  },
  {
    name: 'swap-lines',
    apply(b, rng) {
      const lines = text(b).split('\n');
      const i = rng.int(0, lines.length - 1);
      const j = rng.int(0, lines.length - 1);
      [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      return bytesOf(lines.join('\n'));
    },
  },
  {
    name: 'reindent',
    apply(b, rng) {
      const lines = text(b).split('\n');
      const i = rng.int(0, lines.length - 1);
      const line = lines[i] as string;
      lines[i] = rng.chance(0.5) ? rng.pick([' ', '  ', '\t', '    ']) + line : line.replace(/^\s{1,2}/, '');
      return bytesOf(lines.join('\n'));
    },
  },
  {
    name: 'line-endings',
    apply(b, rng) {
      const s = text(b);
      const pick = rng.int(0, 3);
      if (pick === 0) return bytesOf(s.replace(/\n/g, '\r\n'));
      if (pick === 1) return bytesOf(s.replace(/\n/g, '\r'));
      if (pick === 2) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
      return bytesOf(s.replace(/\n/g, '\u2028'));
    },
  },
  {
    name: 'huge-line',
    apply(b, rng) {
      const size = rng.pick([10_000, 300_000, 2_000_000]);
      const piece = rng.pick([`# ${'c'.repeat(size)}\n`, `x-huge: ${'v'.repeat(size)}\n`, `x-huge: "${'é'.repeat(size / 2)}"\n`, `${'k'.repeat(size)}: 1\n`]);
      return Buffer.concat([b, b.at(-1) === 0x0a ? Buffer.alloc(0) : bytesOf('\n'), bytesOf(piece)]);
    },
  },
  {
    name: 'deep-text',
    apply(b, rng) {
      const depth = rng.pick([100, 1000, 5000, 20_000, 100_000]);
      const kind = rng.int(0, 2);
      const piece = kind === 0 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : kind === 1 ? `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}`;
      return replaceAValue(b, rng, piece);
    },
  },
  {
    name: 'deep-block',
    apply(b, rng) {
      const depth = rng.pick([50, 500, 3000]);
      let block = 'x-deep:\n';
      for (let d = 1; d <= depth; d++) block += `${' '.repeat(d)}k:\n`;
      block += `${' '.repeat(depth + 1)}v\n`;
      return Buffer.concat([b, bytesOf(`\n${block}`)]);
    },
  },
  { name: 'yaml-tag', apply: (b, rng) => replaceAValue(b, rng, rng.pick(TAGS)) },
  {
    name: 'yaml-directive',
    apply(b, rng) {
      const head = rng.pick(['%YAML 1.1\n---\n', '%YAML 1.2\n---\n', '%YAML 2.0\n---\n', '%TAG ! tag:example.com,2000:\n---\n', '%FOO bar\n---\n', '---\n', '--- !!map\n', '--- |\n']);
      const tail = rng.pick(['', '\n...\n', '\n---\nmore: 1\n', '\n--- \n']);
      return Buffer.concat([bytesOf(head), b, bytesOf(tail)]);
    },
  },
  {
    name: 'alias-bomb',
    apply(b, rng) {
      const bomb = aliasBomb(rng.int(3, 10), rng.int(3, 10));
      return Buffer.concat([bytesOf(`${bomb}\n`), b]);
    },
  },
  {
    name: 'anchors',
    apply(b, rng) {
      const piece = rng.pick(['&a [*a]', '*undefined', '&p {name: x, path: sh}', '*p', '&a', '&a &b x', '*a*b', '& x', '* x']);
      return replaceAValue(b, rng, piece);
    },
  },
  {
    name: 'merge-key',
    apply(b, rng) {
      const lines = text(b).split('\n');
      const item = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^\s*- name:/.test(l));
      const merge = rng.pick(['<<: *base', '<<: *nothing', '<<: 5', '<<: [*base, *base]', '<<: {name: merged, path: sh}', '<<: [1, 2]', '<<: null', '<<:', '<<: *base\n    <<: *base']);
      const anchor = rng.pick(['x-base: &base {timeout: 1, name: from-base}', 'x-base: &base [1, 2]', 'x-base: &base 7', '']);
      if (item.length === 0) return bytesOf(`${anchor}\n<<: *base\n${lines.join('\n')}`);
      const at = rng.pick(item);
      const indent = (/^(\s*)-/.exec(at.l)?.[1] ?? '') + '  ';
      lines.splice(at.i + 1, 0, indent + merge);
      return bytesOf(`${anchor}\n${lines.join('\n')}`);
    },
  },
  {
    name: 'complex-key',
    apply(b, rng) {
      const piece = rng.pick(['? [a, b]\n: c\n', '? {a: 1}\n: x\n', '~: x\n', '? \n: x\n', '[1, 2]: 3\n', '{a: 1}: 2\n', '"": empty\n', 'null: 1\n', '1: one\n', 'true: yes\n', '? |\n  block\n: v\n']);
      return insertAt(b, rng.pick(lineStarts(b)), bytesOf(piece));
    },
  },
  {
    name: 'flow-garbage',
    apply(b, rng) {
      return replaceAValue(b, rng, rng.pick(['{', '[', '{a: 1', '[1, 2', '{,}', '[,]', '{a: 1, a: 2}', '"unterminated', "'unterminated", '|', '>-', '|+9', '>0', '"\\x"', '"\\u12"', '"\\U0010FFFF"', '"\\ud800"']));
    },
  },
];
