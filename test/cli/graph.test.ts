// `pilot graph` through the built binary (DOT, Mermaid, SVG/PNG via Graphviz) and its refusals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { tmpDir } from '../helpers/tmp.js';
import { graphCommand } from '../../src/cli/commands/graph.js';
import { PilotError } from '../../src/errors.js';
import { hasStackTrace, runPilot } from './run-cli.js';
import { memoryContext } from './memory-streams.js';

const DEMO = 'examples/demo/pilot.yaml';
const hasDot = spawnSync('dot', ['-V'], { stdio: 'ignore' }).status === 0;
const noDot = hasDot ? false : 'Graphviz `dot` is not on PATH';

/** Positions of each needle in `text`, asserting all are present. */
function positions(text: string, needles: string[]): number[] {
  return needles.map((needle) => {
    const at = text.indexOf(needle);
    assert.ok(at !== -1, `missing ${JSON.stringify(needle)} in:\n${text}`);
    return at;
  });
}

describe('pilot graph', () => {
  test('DOT (the default): nodes in start order, coloured by strategy, edges dependency → dependent, a legend', async () => {
    const res = await runPilot(['graph', DEMO]);
    assert.equal(res.code, 0, res.stderr);
    const dot = res.stdout;
    const nodes = positions(dot, ['"db" [label="db\\ntcp :47311", fillcolor="#cfe2ff"', '"api" [label="api\\ntcp :47312"', '"cache" [label="cache\\nfile .pilot/cache.ready", fillcolor="#d3f4d1"', '"worker" [label="worker\\npipe", fillcolor="#fff4b8"']);
    assert.deepEqual(nodes, [...nodes].sort((a, b) => a - b), 'nodes not in start order');
    const edges = positions(dot, ['"db" -> "api";', '"db" -> "cache";', '"api" -> "worker";', '"cache" -> "worker";']);
    assert.deepEqual(edges, [...edges].sort((a, b) => a - b), 'edges not in order');
    positions(dot, ['subgraph cluster_legend', 'A → B: B depends on A', '"legend:tcp"', '"legend:file"', '"legend:pipe"']);
    assert.ok(!dot.includes('legend:plugin'), 'legend lists a kind the stack does not use');
    const again = await runPilot(['graph', DEMO, '--format', 'dot']);
    assert.equal(again.stdout, dot, 'output is not deterministic');
  });

  test('Mermaid: a flowchart with classDefs per strategy and a legend subgraph', async () => {
    const res = await runPilot(['graph', DEMO, '--format', 'mermaid']);
    assert.equal(res.code, 0, res.stderr);
    const text = res.stdout;
    assert.match(text, /^%% pilot dependency graph: examples\/demo\/pilot\.yaml\nflowchart LR\n/);
    const nodes = positions(text, ['p0_db["db<br/>tcp :47311"]:::tcp', 'p1_api["api<br/>tcp :47312"]:::tcp', 'p2_cache["cache<br/>file .pilot/cache.ready"]:::file', 'p3_worker["worker<br/>pipe"]:::pipe']);
    assert.deepEqual(nodes, [...nodes].sort((a, b) => a - b));
    positions(text, ['p0_db --> p1_api', 'p2_cache --> p3_worker', 'subgraph legend [Legend]', 'A → B: B depends on A', 'classDef tcp fill:#cfe2ff', 'classDef file fill:#d3f4d1', 'classDef pipe fill:#fff4b8', 'classDef plugin fill:#e6e0fa']);
  });

  test('an invalid manifest: diagnostics on stderr, nothing on stdout, exit 2', async () => {
    const res = await runPilot(['graph', 'test/cli/fixtures/unknown-dependency.yaml']);
    assert.equal(res.code, 2, res.stderr);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /unknown-dependency\.yaml:8:20: error: .*\[unknown-dependency\]/);
  });

  test('svg through Graphviz, to stdout and to a file', { skip: noDot }, async (t) => {
    const res = await runPilot(['graph', DEMO, '--format', 'svg']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /<svg[\s\S]*<title>db<\/title>[\s\S]*<\/svg>\s*$/);
    const dir = tmpDir();
    t.after(dir.remove);
    const out = join(dir.path, 'graph.png');
    const png = await runPilot(['graph', DEMO, '--format', 'png', '-o', out]);
    assert.equal(png.code, 0, png.stderr);
    assert.equal(png.stdout, '');
    assert.deepEqual([...readFileSync(out).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG file');
  });

  test('no Graphviz on PATH: GRAPHVIZ_MISSING, exit 1, how to install, dot|mermaid need nothing', async (t) => {
    const dir = tmpDir();
    t.after(dir.remove);
    // PATH holds only `node` (the demo runs `node`, which validation looks up).
    symlinkSync(process.execPath, join(dir.path, 'node'));
    const res = await runPilot(['graph', DEMO, '--format', 'svg'], { env: { PATH: dir.path } });
    assert.equal(res.code, 1, res.stderr);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /^pilot: cannot render svg: Graphviz `dot` is not installed/);
    for (const text of ['apt-get install graphviz', 'brew install graphviz', '--format dot|mermaid']) assert.ok(res.stderr.includes(text), res.stderr);
    assert.ok(!hasStackTrace(res.stderr));
    const mermaid = await runPilot(['graph', DEMO, '--format', 'mermaid'], { env: { PATH: dir.path } });
    assert.equal(mermaid.code, 0, mermaid.stderr);
  });

  test('png refuses to write binary to a terminal', async () => {
    const { ctx, stdout } = memoryContext({ cwd: repoRoot, stdoutIsTTY: true });
    await assert.rejects(graphCommand(ctx, DEMO, { format: 'png' }), (err: unknown) => {
      assert.ok(err instanceof PilotError);
      assert.equal(err.exitCode, 2);
      assert.match(err.message, /not writing PNG \(binary\) to a terminal: pass -o FILE/);
      return true;
    });
    assert.equal(stdout.chunks.length, 0);
  });
});
