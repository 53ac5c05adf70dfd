// Turning a failing fuzz case into a case of the invalid-manifest corpus (test/fixtures/invalid + expected.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { loadManifest } from '../../src/manifest/load.js';
import type { FuzzCase } from './make-case.js';

export interface CorpusEntry {
  code: string;
  line: number;
  column: number;
}

/** Writes the case as test/fixtures/invalid/NAME (YAML gets a first comment line saying where it came from) and records its diagnostics. */
export async function addToCorpus(repoRoot: string, name: string, c: FuzzCase): Promise<CorpusEntry[]> {
  if (!/^[\w.-]+\.(ya?ml|json)$/.test(name)) throw new Error(`a fixture name like yaml-something.yaml or json-something.json, not ${name}`);
  const dir = join(repoRoot, 'test/fixtures/invalid');
  const path = join(dir, name);
  if (existsSync(path)) throw new Error(`${path} exists already`);
  const origin = `# found by the fuzzer: case ${c.index} of seed ${c.seed} (${c.base}: ${c.mutations.join(', ')})\n`;
  writeFileSync(path, extname(name) === '.json' ? c.bytes : Buffer.concat([Buffer.from(origin), c.bytes]));
  const result = await loadManifest(path);
  const entry = result.diagnostics.map(({ code, line, column }) => ({ code, line, column }));
  const expectedFile = join(dir, 'expected.json');
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, CorpusEntry[]>;
  expected[name] = entry;
  // one fixture a line, sorted, as the file is kept
  const lines = Object.keys(expected).sort().map((key) => `  ${JSON.stringify(key)}: ${JSON.stringify(expected[key]).replace(/,"/g, ', "').replace(/":/g, '": ').replace(/\},\{/g, '}, {')}`);
  writeFileSync(expectedFile, `{\n${lines.join(',\n')}\n}\n`);
  return entry;
}
