// The README's manifest reference stays in step with the code: every diagnostic code and every
// schema key is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTIC_CODES } from '../../src/manifest/codes.js';
import type { SchemaNode } from '../../src/manifest/schema-walk.js';
import { repoRoot } from '../helpers/paths.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const docs = readme.slice(readme.indexOf('## Manifest reference'));

test('every diagnostic code is in the reference table', () => {
  for (const code of Object.keys(DIAGNOSTIC_CODES)) assert.match(docs, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code);
});

test('the reference lists no code the loader does not have', () => {
  const listed = [...docs.slice(docs.indexOf('## Diagnostics')).matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(listed.sort(), Object.keys(DIAGNOSTIC_CODES).sort());
});

test('every schema key is documented', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'pilot.schema.json'), 'utf8')) as SchemaNode;
  const keys = new Set<string>();
  const collect = (node: SchemaNode | undefined): void => Object.keys(node?.properties ?? {}).forEach((k) => keys.add(k));
  collect(schema);
  for (const def of Object.values(schema.$defs ?? {})) collect(def);
  for (const key of keys) assert.ok(docs.includes(`| \`${key}\` |`), `${key} is not in the README's manifest reference`);
});
