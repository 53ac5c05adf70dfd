// The fuzzer's cases: a valid manifest, mutated as its case number and the run's seed decide.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { caseSeed, Rng } from './random.js';
import { TEXT_MUTATIONS } from './text-mutations.js';
import { TREE_MUTATIONS, type Json } from './tree-mutations.js';

/** A valid manifest the cases start from. */
export interface Base {
  /** Its path in the repository, e.g. examples/demo/pilot.yaml. */
  id: string;
  /** The directory (relative to the workspace) its cases are written to, so relative paths resolve as in the original. */
  dir: string;
  ext: string;
  bytes: Buffer;
  data: Json;
}

export interface FuzzCase {
  seed: number;
  index: number;
  base: string;
  /** Extension of the case's file (may differ from the base's). */
  ext: string;
  /** What was done to the base, in order. */
  mutations: string[];
  bytes: Buffer;
}

const MANIFEST = /^pilot\.(ya?ml|json)$/;

/** The valid manifests of the repository: examples/*\/pilot.{yaml,yml,json} and test/fixtures/valid/*. */
export function loadBases(repoRoot: string): Base[] {
  const found: { id: string; dir: string }[] = [];
  for (const example of readdirSync(join(repoRoot, 'examples'), { withFileTypes: true })) {
    if (!example.isDirectory()) continue;
    for (const file of readdirSync(join(repoRoot, 'examples', example.name))) {
      if (MANIFEST.test(file)) found.push({ id: `examples/${example.name}/${file}`, dir: `examples/${example.name}` });
    }
  }
  for (const file of readdirSync(join(repoRoot, 'test/fixtures/valid'))) {
    if (/\.(ya?ml|json)$/.test(file)) found.push({ id: `test/fixtures/valid/${file}`, dir: 'test/fixtures/valid' });
  }
  return found.sort((a, b) => a.id.localeCompare(b.id)).map(({ id, dir }) => {
    const bytes = readFileSync(join(repoRoot, id));
    const ext = extname(id).slice(1);
    const data = (ext === 'json' ? JSON.parse(bytes.toString('utf8')) : parseYaml(bytes.toString('utf8'), { merge: true })) as Json;
    return { id, dir, ext, bytes, data };
  });
}

/** Copies the directories of the bases into `workspace` (cases are written next to their base's copies). */
export function prepareWorkspace(repoRoot: string, workspace: string, bases: readonly Base[]): void {
  for (const dir of new Set(bases.map((b) => b.dir))) cpSync(join(repoRoot, dir), join(workspace, dir), { recursive: true });
}

/** Case `index` of the run with `seed`: deterministic, independent of every other case. */
export function makeCase(bases: readonly Base[], seed: number, index: number): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  const base = rng.pick(bases);
  const mutations: string[] = [];
  let ext = rng.chance(0.1) ? rng.pick(['yaml', 'yml', 'json']) : base.ext;
  if (ext !== base.ext) mutations.push(`extension .${base.ext} → .${ext}`);
  let bytes = base.bytes;

  if (rng.chance(0.55)) {
    let data = structuredClone(base.data);
    for (let n = rng.int(1, 3); n > 0; n--) {
      const m = rng.pick(TREE_MUTATIONS);
      data = m.apply(data, rng);
      mutations.push(m.name);
    }
    const asJson = ext === 'json' ? !rng.chance(0.05) : rng.chance(0.05);
    const indent = rng.pick([0, 2]);
    bytes = Buffer.from(asJson ? JSON.stringify(data, null, indent) : toYaml(data), 'utf8');
    mutations.push(asJson ? 'as JSON' : 'as YAML');
  }
  const textual = mutations.length === 0 ? rng.int(1, 3) : rng.int(0, 2);
  for (let n = textual; n > 0; n--) {
    const m = rng.pick(TEXT_MUTATIONS);
    bytes = m.apply(bytes, rng);
    mutations.push(m.name);
  }
  if (mutations.length === 0) ext = base.ext;
  return { seed, index, base: base.id, ext, mutations, bytes };
}

/** Where case files of `base` go in the workspace. */
export function caseDir(workspace: string, bases: readonly Base[], baseId: string): string {
  const base = bases.find((b) => b.id === baseId);
  return join(workspace, base?.dir ?? '.');
}

// yaml's stringify recurses; a structure it cannot write is written as JSON (which YAML also reads).
function toYaml(data: Json): string {
  try {
    return stringifyYaml(data, { lineWidth: 0 });
  } catch {
    return JSON.stringify(data);
  }
}
