// The wording users see: messages and hints for the common mistakes, word for word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadManifest } from '../../src/manifest/load.js';
import type { Diagnostic, LoadOptions } from '../../src/manifest/types.js';
import { fixturesDir } from '../helpers/paths.js';

async function only(file: string, options?: LoadOptions): Promise<Diagnostic> {
  const { diagnostics } = await loadManifest(join(fixturesDir, 'invalid', file), options);
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  return diagnostics[0] as Diagnostic;
}

test('unknown key, with a suggestion from the allowed keys', async () => {
  const d = await only('unknown-process-key.yaml');
  assert.equal(d.message, 'unknown key "ready_param" in process "api"');
  assert.equal(d.hint, 'did you mean "ready_params"?');
});

test('unknown key with nothing close lists the allowed keys', async () => {
  const d = await only('restart-policy-unknown-key.yaml');
  assert.equal(d.message, 'unknown key "max_retries" in "restart_policy" of process "api"');
  assert.match(d.hint ?? '', /^allowed keys: backoff_initial_sec, .*reset_after_sec \(and x-\* for extensions\)$/);
});

test('bad enum value', async () => {
  const d = await only('bad-shutdown-strategy.yaml');
  assert.equal(d.message, '"shutdown_strategy" must be one of restart, do_not_restart, shutdown_everything (got "restrat")');
  assert.equal(d.hint, 'did you mean "restart"?');
});

test('number out of range names the whole constraint', async () => {
  assert.equal((await only('tcp-port-out-of-range.yaml')).message, '"port" must be an integer between 1 and 65535 (got 70000)');
});

test('missing required key names the process', async () => {
  assert.equal((await only('missing-path.yaml')).message, 'process "api": missing required key "path"');
  const d = await only('tcp-missing-params.yaml');
  assert.equal(d.message, 'process "api": missing required key "ready_params"');
  assert.equal(d.hint, 'ready_strategy tcp needs ready_params: {port: …}');
});

test('a cycle is printed whole', async () => {
  assert.equal((await only('cycle-3.yaml')).message, 'dependency cycle: a → b → c → a');
});

test('unknown dependency suggests the close name', async () => {
  const d = await only('unknown-dependency.yaml');
  assert.equal(d.message, 'process "api" depends on unknown process "dbb"');
  assert.equal(d.hint, 'did you mean "db"?');
});

test('unknown ready strategy lists what is available, plugins included', async () => {
  const d = await only('unknown-ready-strategy.yaml', { extraReadyStrategies: ['http'] });
  assert.equal(d.message, 'unknown ready strategy "htp" in process "api"');
  assert.match(d.hint ?? '', /^did you mean "http"\? available: tcp, pipe, file, none, http /);
});

test('unknown CPU lists the valid ids', async () => {
  const cpus = availableParallelism();
  const valid = cpus === 1 ? '0' : `0-${cpus - 1}`;
  assert.equal((await only('affinity-unknown-cpu.yaml')).message, `CPU 9999 in "affinity" of process "api" does not exist on this machine (valid ids: ${valid})`);
});

test('quoted numbers and YAML 1.1 booleans get a hint', async () => {
  const { diagnostics } = await loadManifest(join(fixturesDir, 'invalid', 'top-wrong-types.yaml'));
  assert.equal(diagnostics[0]?.hint, 'write the number without quotes: 5');
  assert.match(diagnostics[1]?.hint ?? '', /write true or false/);
});

test('JSON syntax errors say what is wrong', async () => {
  const d = await only('json-trailing-comma.json');
  assert.equal(d.message, 'invalid JSON: trailing comma in a list');
  assert.equal(d.sourceLine, '    { "name": "api", "path": "sh" },');
});
