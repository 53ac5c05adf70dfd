// Mutations of a manifest's data (parsed from a valid example), serialized again as YAML or JSON.
import type { Rng } from './random.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path to a value in `data` (the root is []), up to `limit` of them. */
function pathsOf(data: Json, limit = 5000): Path[] {
  const out: Path[] = [];
  const walk = (value: Json, path: Path): void => {
    if (out.length >= limit) return;
    out.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(data, []);
  return out;
}

function get(data: Json, path: Path): Json | undefined {
  let node: Json | undefined = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[seg];
  }
  return node;
}

/** Replaces the value at `path` (not the root); returns the new root. */
function set(data: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const parent = get(data, path.slice(0, -1)) as Container | undefined;
  if (parent === undefined || parent === null || typeof parent !== 'object') return data;
  (parent as Record<string | number, Json>)[path[path.length - 1] as string | number] = value;
  return data;
}

const STRINGS = ['', ' ', 'x', 'node', '/bin/sh', 'sh', '../..', '.', 'a b', 'tcp', 'pipe', 'file', 'none', 'restart', 'SIGKILL', 'SIGFOO', '~', 'null', 'true', '0x1F', '1e999', 'NaN', '-', '*', '&', '!', '%', '@', '${HOME}', '\u0000', '\n', '\t', '\r\n', '\u001b[31mred\u001b[0m', 'é', '日本', '🚀', '\u202eevil', '\ufeff', '\ud800', 'a'.repeat(300)];
const NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 2, 65535, 65536, 70000, 1e9, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, 5e-324, 1.7976931348623157e308, 3.14159, 100000];

/** A random JSON value, `depth` levels at most. */
export function randomValue(rng: Rng, depth = 2): Json {
  switch (rng.int(0, depth > 0 ? 6 : 4)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(NUMBERS);
    case 3:
    case 4:
      return rng.pick(STRINGS);
    case 5:
      return Array.from({ length: rng.int(0, 3) }, () => randomValue(rng, depth - 1));
    default: {
      const out: Record<string, Json> = {};
      for (let i = rng.int(0, 3); i > 0; i--) out[rng.pick(KEYS)] = randomValue(rng, depth - 1);
      return out;
    }
  }
}

const KEYS = ['name', 'path', 'args', 'env', 'processes', 'dependencies', 'ready_strategy', 'ready_params', 'port', 'host', 'timeout', 'kill_timeout', 'restart_policy', 'max_restarts', 'watch', 'paths', 'watchdog', 'logs', 'affinity', 'processor_affinity', 'stop_signal', 'shutdown_strategy', 'working_directory', 'base_directory', 'x-extra', 'unknown', '<<', ''];

function typo(rng: Rng, key: string): string {
  if (key.length === 0) return 'x';
  switch (rng.int(0, 4)) {
    case 0: {
      const i = rng.int(0, key.length - 1);
      return key.slice(0, i) + key.slice(i + 1);
    }
    case 1:
      return key.toUpperCase();
    case 2:
      return `${key}s`;
    case 3:
      return key.replace(/_/g, '-');
    default:
      return rng.pick(KEYS);
  }
}

export interface TreeMutation {
  name: string;
  apply(data: Json, rng: Rng): Json;
}

const objectPaths = (data: Json): Path[] => pathsOf(data).filter((p) => {
  const v = get(data, p);
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;
});
const nonRoot = (data: Json): Path[] => pathsOf(data).filter((p) => p.length > 0);
const processesOf = (data: Json): Json[] | null => {
  const list = data !== null && typeof data === 'object' && !Array.isArray(data) ? data.processes : undefined;
  return Array.isArray(list) ? list : null;
};
const pickPath = (rng: Rng, paths: Path[]): Path | null => (paths.length === 0 ? null : rng.pick(paths));

export const TREE_MUTATIONS: TreeMutation[] = [
  {
    name: 'drop-key',
    apply(data, rng) {
      const path = pickPath(rng, objectPaths(data));
      if (!path) return data;
      const obj = get(data, path) as Record<string, Json>;
      delete obj[rng.pick(Object.keys(obj))];
      return data;
    },
  },
  {
    name: 'change-type',
    apply(data, rng) {
      const path = pickPath(rng, pathsOf(data));
      return path ? set(data, path, randomValue(rng)) : data;
    },
  },
  {
    name: 'swap-values',
    apply(data, rng) {
      const paths = nonRoot(data);
      const a = pickPath(rng, paths);
      const b = pickPath(rng, paths);
      if (!a || !b) return data;
      const va = structuredClone(get(data, a) ?? null);
      const vb = structuredClone(get(data, b) ?? null);
      set(data, a, vb);
      return set(data, b, va);
    },
  },
  {
    name: 'rename-key',
    apply(data, rng) {
      const path = pickPath(rng, objectPaths(data));
      if (!path) return data;
      const obj = get(data, path) as Record<string, Json>;
      const key = rng.pick(Object.keys(obj));
      const value = obj[key] as Json;
      delete obj[key];
      obj[typo(rng, key)] = value;
      return data;
    },
  },
  {
    name: 'add-key',
    apply(data, rng) {
      const path = pickPath(rng, [[], ...objectPaths(data)]);
      const obj = path ? get(data, path) : undefined;
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj === undefined) return data;
      obj[rng.pick(KEYS)] = randomValue(rng);
      return data;
    },
  },
  {
    name: 'duplicate-process',
    apply(data, rng) {
      const list = processesOf(data);
      if (!list || list.length === 0) return data;
      const copy = structuredClone(rng.pick(list));
      list.splice(rng.int(0, list.length), 0, copy);
      return data;
    },
  },
  {
    name: 'many-processes',
    apply(data, rng) {
      const list = processesOf(data);
      const first = list?.[0];
      if (!list || first === undefined) return data;
      // (bounded in bytes: a thousand copies of a huge string would test the fuzzer, not pilot)
      const n = Math.min(rng.pick([50, 300, 1500]), Math.floor(2_000_000 / (JSON.stringify(first)?.length ?? 1)));
      const unique = rng.chance(0.7);
      for (let i = 0; i < n; i++) {
        const copy = structuredClone(first);
        if (unique && copy !== null && typeof copy === 'object' && !Array.isArray(copy)) copy.name = `p${i}`;
        list.push(copy);
      }
      return data;
    },
  },
  {
    name: 'add-dependency',
    apply(data, rng) {
      const list = processesOf(data);
      if (!list || list.length === 0) return data;
      const names = list.map((p) => (p !== null && typeof p === 'object' && !Array.isArray(p) ? p.name : null)).filter((n): n is string => typeof n === 'string');
      const proc = rng.pick(list);
      if (proc === null || typeof proc !== 'object' || Array.isArray(proc)) return data;
      const deps = Array.isArray(proc.dependencies) ? proc.dependencies : [];
      deps.push(rng.chance(0.8) && names.length > 0 ? rng.pick(names) : rng.pick(STRINGS));
      proc.dependencies = deps;
      return data;
    },
  },
  {
    name: 'deep-nesting',
    apply(data, rng) {
      const path = pickPath(rng, nonRoot(data));
      if (!path) return data;
      let value: Json = randomValue(rng, 0);
      const asArrays = rng.chance(0.5);
      for (let d = rng.pick([10, 60, 300]); d > 0; d--) value = asArrays ? [value] : { k: value };
      return set(data, path, value);
    },
  },
  {
    name: 'huge-string',
    apply(data, rng) {
      const path = pickPath(rng, nonRoot(data));
      if (!path) return data;
      return set(data, path, rng.pick(['x', 'ab', 'é', '\n ']).repeat(rng.pick([1_000, 70_000, 600_000])));
    },
  },
  {
    name: 'extreme-number',
    apply(data, rng) {
      const numeric = pathsOf(data).filter((p) => typeof get(data, p) === 'number');
      const path = pickPath(rng, numeric.length > 0 ? numeric : nonRoot(data));
      return path ? set(data, path, rng.pick(NUMBERS)) : data;
    },
  },
  {
    name: 'weird-string',
    apply(data, rng) {
      const strings = pathsOf(data).filter((p) => typeof get(data, p) === 'string');
      const path = pickPath(rng, strings.length > 0 ? strings : nonRoot(data));
      return path ? set(data, path, rng.pick(STRINGS) + rng.pick(STRINGS)) : data;
    },
  },
];

export type { Json };
