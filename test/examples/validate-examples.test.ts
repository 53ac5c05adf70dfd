// Every example manifest is valid with its plugins (no errors, no warnings), points editors at the schema, and is listed in examples/README.md.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadStack } from '../../src/cli/load-stack.js';
import { exampleManifests, examplesDir, skipReason } from '../helpers/examples.js';
import { repoRoot } from '../helpers/paths.js';

const schemaFile = join(repoRoot, 'schemas', 'pilot.schema.json');

/** The schema reference written in the manifest: the yaml-language-server comment or JSON `$schema`. */
function schemaReference(file: string, text: string): string | undefined {
  if (file.endsWith('.json')) return (JSON.parse(text) as { $schema?: string }).$schema;
  return /^# yaml-language-server: \$schema=(\S+)$/m.exec(text.split('\n')[0] ?? '')?.[1];
}

const manifests = exampleManifests();

describe('examples', () => {
  test('there is a demo and a focused example per feature', () => {
    const names = manifests.map((file) => relative(examplesDir, file));
    for (const expected of ['demo/pilot.yaml', 'tcp-ready/pilot.yaml', 'file-ready/pilot.yaml', 'pipe-ready/pilot.yaml', 'ci/pilot.yaml', 'restart/pilot.yaml']) {
      assert.ok(names.includes(expected), `missing example ${expected}; found ${names.join(', ')}`);
    }
  });

  for (const file of manifests) {
    const name = relative(examplesDir, file);
    test(`${name} is valid, without warnings`, { skip: skipReason(file) }, async () => {
      const { result } = await loadStack(file, { cwd: repoRoot });
      assert.deepEqual(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`), []);
      assert.ok(result.manifest, 'no manifest despite no diagnostics');
      for (const process of result.manifest.processes) {
        const script = process.args[0];
        if (script !== undefined && script.endsWith('.js')) assert.ok(existsSync(resolve(process.workingDirectory, script)), `${process.name}: ${script} does not exist`);
      }
    });

    test(`${name} points editors at the schema and is listed in the README`, () => {
      const text = readFileSync(file, 'utf8');
      const reference = schemaReference(file, text);
      assert.ok(reference !== undefined, 'no $schema reference at the top');
      assert.equal(resolve(dirname(file), reference), schemaFile, `$schema=${reference} does not lead to schemas/pilot.schema.json`);
      const readme = readFileSync(join(examplesDir, 'README.md'), 'utf8');
      assert.ok(readme.includes(`(${name})`), `examples/README.md does not link ${name}`);
    });
  }
});
