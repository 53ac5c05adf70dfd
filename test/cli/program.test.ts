// The CLI as a program: version, help, usage errors, colours, and a closed stdout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pilotBin, repoRoot } from '../helpers/paths.js';
import { hasStackTrace, runPilot } from './run-cli.js';

const ESC = '\x1b[';

/** Every module main.js loads statically (relative files followed, packages listed by name). */
function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)) {
      const spec = match[1] ?? match[2] ?? '';
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else seen.add(spec);
    }
  };
  visit(entry);
  return seen;
}

describe('pilot (program)', () => {
  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const res = await runPilot([flag]);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(res.stdout, `${pkg.version}\n`);
    }
  });

  test('--help lists the commands, global options and examples', async () => {
    const res = await runPilot(['--help']);
    assert.equal(res.code, 0, res.stderr);
    for (const text of ['Usage: pilot', 'validate [options] [file]', 'graph [options] [file]', '--debug', '--no-color', 'Examples:', '$ pilot graph --format mermaid']) {
      assert.ok(res.stdout.includes(text), `help lacks ${JSON.stringify(text)}:\n${res.stdout}`);
    }
    const sub = await runPilot(['graph', '--help']);
    assert.equal(sub.code, 0, sub.stderr);
    assert.match(sub.stdout, /--format <format>.*choices: "dot", "mermaid", "svg", "png"/s);
  });

  test('main loads no manifest loader, yaml or ajv up front (commands load them lazily)', () => {
    const loaded = [...staticImports(join(repoRoot, 'dist', 'src', 'cli', 'main.js'))];
    assert.ok(loaded.some((m) => m.endsWith('/cli/commands/index.js')), 'the walk did not follow the imports');
    // src/manifest/default-manifest.js (finding ./pilot.yaml) and defaults.js are node built-ins only: allowed
    const light = new Set(['default-manifest.js', 'defaults.js']);
    const heavy = loaded.filter(
      (m) => m === 'yaml' || m === 'ajv' || m.startsWith('ajv/') || m.includes('/supervisor/') || m.includes('/stats/') || m.includes('/watch/') || (m.includes('/manifest/') && !light.has(m.split('/').pop() ?? '')),
    );
    assert.deepEqual(heavy, []);
    assert.ok(!loaded.some((m) => m.endsWith('/manifest/load.js')), 'the manifest loader is not loaded up front');
  });

  test('usage errors exit 2 with one message, printed once', async () => {
    const unknownCommand = await runPilot(['frobnicate']);
    assert.equal(unknownCommand.code, 2, unknownCommand.stderr);
    assert.equal(unknownCommand.stderr, "pilot: unknown command 'frobnicate'\n");
    assert.equal(unknownCommand.stdout, '');
    const nearMiss = await runPilot(['valdate']);
    assert.equal(nearMiss.code, 2, nearMiss.stderr);
    assert.equal(nearMiss.stderr, "pilot: unknown command 'valdate'\n(Did you mean validate?)\n");

    const unknownOption = await runPilot(['validate', '--bogus']);
    assert.equal(unknownOption.code, 2, unknownOption.stderr);
    assert.equal(unknownOption.stderr, "pilot: unknown option '--bogus'\n");

    const badChoice = await runPilot(['graph', 'examples/demo/pilot.yaml', '--format', 'gif']);
    assert.equal(badChoice.code, 2, badChoice.stderr);
    assert.match(badChoice.stderr, /^pilot: option '--format <format>' argument 'gif' is invalid/);
    assert.equal(badChoice.stderr.split('\n').filter((l) => l.startsWith('pilot:')).length, 1);

    const nothing = await runPilot([]);
    assert.equal(nothing.code, 2, nothing.stderr);
    assert.match(nothing.stderr, /^Usage: pilot/);
  });

  test('colours follow FORCE_COLOR, NO_COLOR and --no-color (never on a pipe by default)', async () => {
    const file = 'test/cli/fixtures/unknown-key.yaml';
    const plain = await runPilot(['validate', file]);
    assert.ok(!plain.stderr.includes(ESC), 'coloured although stderr is a pipe');
    const forced = await runPilot(['validate', file], { env: { FORCE_COLOR: '1' } });
    assert.ok(forced.stderr.includes(ESC), 'FORCE_COLOR=1 did not colour');
    const noColor = await runPilot(['validate', file], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.ok(!noColor.stderr.includes(ESC), 'NO_COLOR did not win over FORCE_COLOR');
    const flag = await runPilot(['--no-color', 'validate', file], { env: { FORCE_COLOR: '1' } });
    assert.ok(!flag.stderr.includes(ESC), '--no-color did not win');
    assert.equal(flag.code, 2, flag.stderr);
  });

  test('a closed stdout ends quietly: exit 0, no EPIPE trace', async (t) => {
    for (const args of [['validate', 'examples/demo/pilot.yaml'], ['graph', 'examples/demo/pilot.yaml'], ['--help']]) {
      // The reading end is closed before pilot writes anything, so its write fails with EPIPE.
      const child = spawn(process.execPath, [pilotBin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      t.after(() => child.kill('SIGKILL'));
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code, signal] = (await new Promise((resolve) => child.on('close', (...exit) => resolve(exit)))) as [number | null, NodeJS.Signals | null];
      clearTimeout(timer);
      assert.deepEqual({ code, signal, stderr }, { code: 0, signal: null, stderr: '' }, `pilot ${args.join(' ')}`);
    }
  });

  test('--debug is accepted anywhere before -- and errors stay free of stack traces without it', async () => {
    const res = await runPilot(['validate', 'no/such.yaml', '--debug']);
    assert.equal(res.code, 2, res.stderr);
    assert.ok(!hasStackTrace(res.stderr));
  });
});
