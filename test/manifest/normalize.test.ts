// The normalized Manifest: defaults, aliases, stringification and path resolution.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { loadManifest } from '../../src/manifest/load.js';
import type { LoadOptions, Manifest } from '../../src/manifest/types.js';
import { fixturesDir } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';

const valid = join(fixturesDir, 'valid');

async function load(file: string, options?: LoadOptions): Promise<Manifest> {
  const result = await loadManifest(file, options);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(result.manifest);
  return result.manifest;
}

/** A temporary directory with a manifest written into it; removed after the test. */
function scratch(t: { after: (fn: () => void) => void }, manifest: string, name = 'pilot.yaml'): { dir: string; file: string } {
  const { path, remove } = tmpDir();
  t.after(remove);
  const file = join(path, name);
  writeFileSync(file, manifest);
  return { dir: path, file };
}

describe('normalized manifest', () => {
  test('a minimal manifest gets every default', async () => {
    const m = await load(join(valid, 'minimal.yaml'));
    assert.equal(m.file, join(valid, 'minimal.yaml'));
    assert.equal(m.baseDirectory, valid);
    assert.equal(m.killTimeout, 5);
    assert.equal(m.controlServer, null);
    assert.equal(m.pluginDirectory, null);
    assert.deepEqual(m.env, {});
    assert.deepEqual(m.logs, { maxSizeBytes: 10 * 1024 * 1024, maxFiles: 3 });
    assert.equal(m.statsIntervalSec, 5);
    assert.equal(m.statsIncludeChildren, false);
    assert.equal(m.processes.length, 1);
    const [p] = m.processes;
    assert.ok(p);
    const { command, ...rest } = p;
    assert.ok(isAbsolute(command) && command.endsWith('/sh'), command);
    assert.deepEqual(rest, {
      name: 'api',
      path: 'sh',
      args: [],
      env: {},
      workingDirectory: valid,
      dependencies: [],
      readyStrategy: null,
      readyTimeoutSec: 10,
      readyParams: {},
      shutdownStrategy: 'restart',
      timeout: 5,
      stopSignal: 'SIGTERM',
      affinity: null,
      restartPolicy: { backoffInitialSec: 0.1, backoffMaxSec: 30, backoffFactor: 2, maxRestarts: 10, windowSec: 60, resetAfterSec: 30 },
      lifecycleHooks: [],
      hookTimeoutSec: null,
      statHandlers: [],
      watch: null,
      watchdog: null,
    });
    assert.deepEqual(m.controlServerParams, {});
  });

  test('the full manifest: every key carried over, converted and resolved', async () => {
    const m = await load(join(valid, 'full.yaml'), { extraReadyStrategies: [] });
    assert.equal(m.killTimeout, 2.5);
    assert.equal(m.controlServer, 'http');
    assert.deepEqual(m.controlServerParams, { port: 7070, token_file: 'run/token' }, 'passed to the control server as written');
    assert.equal(m.pluginDirectory, join(valid, 'plugins'));
    assert.deepEqual(m.env, { LOG_LEVEL: 'info', WORKERS: '4', DEBUG: 'false' });
    assert.deepEqual(m.logs, { maxSizeBytes: 1572864, maxFiles: 5 });
    assert.equal(m.statsIntervalSec, 0);
    assert.equal(m.statsIncludeChildren, true);
    assert.deepEqual(m.processes.map((p) => p.name), ['db', 'api', 'web', 'worker']);
    const [db, api, web, worker] = m.processes;
    assert.ok(db && api && web && worker);

    assert.equal(db.command, '/bin/sh');
    assert.deepEqual(db.args, ['-c', 'exec sleep 1000', '42']);
    assert.deepEqual(db.env, { PORT: '6390', VERBOSE: 'true', RATIO: '0.5' });
    assert.equal(db.workingDirectory, valid);
    assert.equal(db.readyStrategy, 'tcp');
    assert.equal(db.readyTimeoutSec, 5);
    assert.deepEqual(db.readyParams, { host: '127.0.0.1', port: 6390 });
    assert.equal(db.shutdownStrategy, 'do_not_restart');
    assert.equal(db.stopSignal, 'SIGINT');
    assert.deepEqual(db.affinity, [0]);

    assert.equal(api.timeout, 3, 'merged from the x-common anchor');
    assert.deepEqual(api.affinity, [0], 'processor_affinity is folded into affinity');
    assert.deepEqual(api.dependencies, ['db']);
    assert.equal(api.readyStrategy, 'file');
    assert.deepEqual(api.readyParams, { path: join(valid, 'run', 'api.ready') });
    assert.deepEqual(api.restartPolicy, { backoffInitialSec: 0.5, backoffMaxSec: 10, backoffFactor: 3, maxRestarts: 0, windowSec: 120, resetAfterSec: 15 });
    assert.deepEqual(api.lifecycleHooks, ['notify']);
    assert.equal(api.hookTimeoutSec, 30);
    assert.equal(db.hookTimeoutSec, null, 'unset: the bundle\'s own timeout, else 10 s');
    assert.deepEqual(api.statHandlers, ['csv']);
    assert.deepEqual(api.watch, { paths: [join(valid, 'src'), '/etc/hosts'], ignore: ['**/*.log'], debounceMs: 50, restartDependents: true });
    assert.deepEqual(api.watchdog, {
      maxMemoryMb: 512,
      maxCpuPercentSec: [90, 30],
      silenceTimeoutSec: 60,
      heartbeatFile: join(valid, 'run', 'hb'),
      heartbeatTimeoutSec: 10,
      maxRuntimeSec: 86400,
    });

    assert.equal(web.readyStrategy, 'pipe');
    assert.deepEqual(web.readyParams, {});
    assert.equal(web.shutdownStrategy, 'shutdown_everything');
    assert.equal(worker.readyStrategy, null, 'ready_strategy none means ready once spawned');
    assert.equal(worker.timeout, 5);
  });

  test('JSON and YAML manifests normalize to the same thing', async () => {
    const yaml = await load(join(valid, 'full.yaml'));
    const json = await load(join(valid, 'full.json'));
    assert.deepEqual({ ...json, file: '' }, { ...yaml, file: '' });
    const minimalJson = await load(join(valid, 'minimal.json'));
    const minimalYaml = await load(join(valid, 'minimal.yaml'));
    assert.deepEqual({ ...minimalJson, file: '' }, { ...minimalYaml, file: '' });
  });

  test('base_directory resolves from the manifest, working_directory and executables from it', async (t) => {
    const { dir, file } = scratch(t, 'base_directory: app\nplugin_directory: plugins\nprocesses:\n  - name: run\n    path: ./bin/run.sh\n    working_directory: work\n');
    mkdirSync(join(dir, 'app', 'bin'), { recursive: true });
    mkdirSync(join(dir, 'app', 'work'));
    writeFileSync(join(dir, 'app', 'bin', 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(dir, 'app', 'bin', 'run.sh'), 0o755);
    const m = await load(file);
    assert.equal(m.baseDirectory, join(dir, 'app'));
    assert.equal(m.pluginDirectory, join(dir, 'plugins'), 'plugin_directory is relative to the manifest, not base_directory');
    const [p] = m.processes;
    assert.equal(p?.path, './bin/run.sh');
    assert.equal(p?.command, join(dir, 'app', 'bin', 'run.sh'));
    assert.equal(p?.workingDirectory, join(dir, 'app', 'work'));
  });

  test('options.baseDirectory overrides the manifest', async (t) => {
    const { dir, file } = scratch(t, 'base_directory: nowhere\nprocesses:\n  - name: a\n    path: sh\n');
    mkdirSync(join(dir, 'other'));
    const m = await load(file, { baseDirectory: join(dir, 'other') });
    assert.equal(m.baseDirectory, join(dir, 'other'));
    assert.equal(m.processes[0]?.workingDirectory, join(dir, 'other'));
  });

  test('bare names are looked up on the PATH the process will see', async (t) => {
    const { path: dir, remove } = tmpDir();
    t.after(remove);
    mkdirSync(join(dir, 'tools'));
    writeFileSync(join(dir, 'tools', 'pilot-test-tool'), '#!/bin/sh\n');
    chmodSync(join(dir, 'tools', 'pilot-test-tool'), 0o755);
    const file = join(dir, 'pilot.yaml');
    writeFileSync(file, `processes:\n  - name: a\n    path: pilot-test-tool\n    env: { PATH: "${join(dir, 'tools')}" }\n`);
    const m = await load(file);
    assert.equal(m.processes[0]?.command, join(dir, 'tools', 'pilot-test-tool'));
  });

  test('skipHostChecks leaves the machine alone: bare names stay as written, paths still resolve', async (t) => {
    const manifest = 'processes:\n  - name: a\n    path: pilot-test-no-such-program\n    affinity: [9999]\n  - name: b\n    path: bin/x\n    working_directory: nowhere\n';
    const { dir, file } = scratch(t, manifest);
    const strict = await loadManifest(file);
    assert.deepEqual(strict.diagnostics.map((d) => d.code).sort(), ['executable-not-found', 'executable-not-found', 'unknown-cpu', 'working-directory-missing']);
    const m = await load(file, { skipHostChecks: true });
    assert.equal(m.processes[0]?.command, 'pilot-test-no-such-program');
    assert.deepEqual(m.processes[0]?.affinity, [9999]);
    assert.equal(m.processes[1]?.command, join(dir, 'bin', 'x'));
    assert.equal(m.processes[1]?.workingDirectory, join(dir, 'nowhere'));
  });

  test('plugin ready strategies are accepted when offered, with their params as written', async (t) => {
    const { file } = scratch(t, 'processes:\n  - name: a\n    path: sh\n    ready_strategy: http\n    ready_params: { url: "http://127.0.0.1:1/health", expect: [200] }\n');
    const without = await loadManifest(file);
    assert.deepEqual(without.diagnostics.map((d) => d.code), ['unknown-ready-strategy']);
    const m = await load(file, { extraReadyStrategies: ['http'] });
    assert.equal(m.processes[0]?.readyStrategy, 'http');
    assert.deepEqual(m.processes[0]?.readyParams, { url: 'http://127.0.0.1:1/health', expect: [200] });
  });

  test('file is the real path of the manifest', async (t) => {
    const { dir, file } = scratch(t, 'processes:\n  - name: a\n    path: sh\n');
    const link = join(dir, 'link.yml');
    symlinkSync(file, link);
    const m = await load(link);
    assert.equal(m.file, file);
    assert.equal(m.baseDirectory, dirname(file));
  });

  test('the manifest is plain data (JSON round-trip keeps it)', async () => {
    const m = await load(join(valid, 'full.yaml'));
    assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
  });
});
