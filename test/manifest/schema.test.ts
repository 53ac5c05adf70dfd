// The JSON Schema's own invariants: defaults in step with defaults.ts, every key described,
// strictness with x-* escape hatches, and a generated validator that needs no ajv compiler.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOGS_DEFAULTS, MANIFEST_DEFAULTS, PROCESS_DEFAULTS, RESTART_POLICY_DEFAULTS, TCP_READY_DEFAULTS, WATCH_DEFAULTS } from '../../src/manifest/defaults.js';
import type { SchemaNode } from '../../src/manifest/schema-walk.js';
import validate from '../../src/manifest/schema-validator.js';
import generatedSchema from '../../src/manifest/schema-json.js';
import { repoRoot } from '../helpers/paths.js';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'pilot.schema.json'), 'utf8')) as SchemaNode & { $id: string; $schema: string };
const defs = schema.$defs ?? {};

/** Which defaults constant each object schema of the manifest is checked against. */
const DEFAULTS_OF: [string, SchemaNode | undefined, Record<string, unknown>][] = [
  ['top level', schema, MANIFEST_DEFAULTS],
  ['logs', defs.logs, LOGS_DEFAULTS],
  ['process', defs.process, PROCESS_DEFAULTS],
  ['restart_policy', defs.restartPolicy, RESTART_POLICY_DEFAULTS],
  ['watch', defs.watch, WATCH_DEFAULTS],
  ['tcp ready_params', defs.tcpReadyParams, TCP_READY_DEFAULTS],
];

/** Every subschema with its JSON pointer. */
function walk(node: unknown, pointer: string, visit: (node: SchemaNode, pointer: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${pointer}/${i}`, visit));
    return;
  }
  visit(node as SchemaNode, pointer);
  for (const [key, value] of Object.entries(node)) if (typeof value === 'object') walk(value, `${pointer}/${key}`, visit);
}

describe('manifest schema', () => {
  test('is draft 2020-12 with an $id', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(schema.$id, /^https:\/\/.+\/pilot\.schema\.json$/);
  });

  test('every default in the schema equals defaults.ts, and every constant has one', () => {
    for (const [what, objectSchema, constants] of DEFAULTS_OF) {
      assert.ok(objectSchema?.properties, what);
      const annotated = Object.entries(objectSchema.properties).filter(([, p]) => 'default' in p);
      assert.deepEqual(Object.fromEntries(annotated.map(([k, p]) => [k, p.default])), { ...constants }, `defaults of ${what}`);
    }
    // no other default annotations hide anywhere else
    let count = 0;
    walk(schema, '#', (node) => void (count += 'default' in node ? 1 : 0));
    assert.equal(count, DEFAULTS_OF.reduce((n, [, , c]) => n + Object.keys(c).length, 0));
  });

  test('every property has a description (directly or through its $ref)', () => {
    walk(schema, '#', (node, pointer) => {
      for (const [key, prop] of Object.entries(node.properties ?? {})) {
        if (pointer.includes('/if')) continue;
        const target = prop.$ref ? defs[prop.$ref.replace('#/$defs/', '')] : prop;
        assert.ok(prop.description ?? target?.description, `${pointer}/properties/${key} has no description`);
      }
    });
  });

  test('every object with properties is closed but allows x-* keys', () => {
    walk(schema, '#', (node, pointer) => {
      if (!node.properties || pointer.includes('/if') || pointer.includes('/then')) return;
      assert.equal(node.additionalProperties, false, `${pointer} must set additionalProperties: false`);
      assert.ok(node.patternProperties?.['^x-'], `${pointer} must allow x-* keys`);
    });
  });

  test('the generated module carries the same schema', () => {
    assert.deepEqual(generatedSchema, schema);
  });

  test('the generated validator imports nothing but ajv runtime helpers', () => {
    const code = readFileSync(join(repoRoot, 'dist', 'src', 'manifest', 'schema-validator.js'), 'utf8');
    const specifiers = [...code.matchAll(/(?:import\s[^'"]*|from\s*|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
    for (const specifier of specifiers) assert.match(specifier ?? '', /^ajv\/dist\/runtime\/[\w-]+\.js$/);
    assert.doesNotMatch(code, /\brequire\(/);
  });

  test('the validator accepts x-* keys at every level and rejects other unknown keys', () => {
    const manifest = {
      'x-top': 1,
      logs: { 'x-a': 1 },
      processes: [{
        name: 'a', path: 'sh', 'x-note': 'hi',
        ready_strategy: 'tcp', ready_params: { port: 1, 'x-b': true },
        restart_policy: { 'x-c': 1 }, watch: { paths: ['.'], 'x-d': 1 }, watchdog: { 'x-e': 1 },
      }],
    };
    assert.equal(validate(manifest), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...manifest, y: 1 }), false);
  });

  test('env values may be strings, numbers or booleans, but not null or lists', () => {
    const withEnv = (env: unknown): unknown => ({ env, processes: [{ name: 'a', path: 'sh', env }] });
    assert.equal(validate(withEnv({ A: 'x', B: 1, C: true })), true);
    assert.equal(validate(withEnv({ A: null })), false);
    assert.equal(validate(withEnv({ A: [1] })), false);
  });

  test('per-strategy ready_params: plugin strategies take any object', () => {
    assert.equal(validate({ processes: [{ name: 'a', path: 'sh', ready_strategy: 'http', ready_params: { url: 'http://x', anything: [1] } }] }), true);
    assert.equal(validate({ processes: [{ name: 'a', path: 'sh', ready_strategy: 'pipe' }] }), true);
    assert.equal(validate({ processes: [{ name: 'a', path: 'sh', ready_strategy: 'file' }] }), false);
  });
});
