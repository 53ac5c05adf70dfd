// Failing cases on disk: everything needed to run one again (`npm run fuzz -- --replay FILE`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzCase } from './make-case.js';
import type { Outcome } from './judge.js';

export interface ReplayRecord {
  fuzzCase: true;
  seed: number;
  index: number;
  base: string;
  ext: string;
  mutations: string[];
  json: boolean;
  problems: string[];
  outcome: { code: number | null; ms: number; stderr: string; stdout: string };
  /** The manifest's bytes, base64 (they may not be valid UTF-8). */
  bytes: string;
}

const cut = (text: string): string => (text.length > 4000 ? `${text.slice(0, 4000)}… (${text.length} chars)` : text);

/** Writes the failing case to DIR/fuzz-SEED-INDEX.json; returns its path. */
export function writeReplay(dir: string, c: FuzzCase, json: boolean, problems: string[], outcome: Outcome): string {
  mkdirSync(dir, { recursive: true });
  const record: ReplayRecord = {
    fuzzCase: true,
    seed: c.seed,
    index: c.index,
    base: c.base,
    ext: c.ext,
    mutations: c.mutations,
    json,
    problems,
    outcome: { code: outcome.code, ms: Math.round(outcome.ms), stderr: cut(outcome.stderr), stdout: cut(outcome.stdout) },
    bytes: c.bytes.toString('base64'),
  };
  const file = join(dir, `fuzz-${c.seed}-${c.index}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/** Reads a file written by writeReplay. */
export function readReplay(file: string): { fuzzCase: FuzzCase; json: boolean; problems: string[] } {
  const record = JSON.parse(readFileSync(file, 'utf8')) as ReplayRecord;
  if (record.fuzzCase !== true) throw new Error(`${file} is not a fuzz case (written by npm run fuzz)`);
  const { seed, index, base, ext, mutations, json, problems } = record;
  return { fuzzCase: { seed, index, base, ext, mutations, bytes: Buffer.from(record.bytes, 'base64') }, json, problems };
}
