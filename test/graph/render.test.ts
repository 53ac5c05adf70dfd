// DOT and Mermaid rendering of the dependency graph (in-process), and Graphviz invocation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readyDetail, readyKind, renderDot, type RenderNode } from '../../src/graph/render-dot.js';
import { renderMermaid } from '../../src/graph/render-mermaid.js';
import { renderImage } from '../../src/graph/render-image.js';
import { PilotError } from '../../src/errors.js';

const hasDot = spawnSync('dot', ['-V'], { stdio: 'ignore' }).status === 0;

/** A node with defaults: no dependencies, ready once spawned. */
function node(name: string, extra: Partial<RenderNode> = {}): RenderNode {
  return { name, dependencies: [], readyStrategy: null, readyParams: {}, ...extra };
}

// Declared out of order on purpose: web needs api, api needs db; tools stands alone.
const STACK: RenderNode[] = [
  node('web', { dependencies: ['api'], readyStrategy: 'http', readyParams: { url: 'http://x' } }),
  node('api', { dependencies: ['db'], readyStrategy: 'tcp', readyParams: { port: 8080, host: '127.0.0.1' } }),
  node('db', { readyStrategy: 'tcp', readyParams: { port: 5432, host: 'db.internal' } }),
  node('tools'),
  node('seed', { dependencies: ['db'], readyStrategy: 'file', readyParams: { path: '/srv/app/run/seed.ok' }, workingDirectory: '/srv/app' }),
];

/** Node names in the order their node statements appear in DOT. */
function dotNodeOrder(dot: string): string[] {
  return [...dot.matchAll(/^ {2}"([^"]+)" \[label=/gm)].map((m) => m[1] ?? '');
}

describe('ready kinds and details', () => {
  test('built-in strategies keep their kind; any other name is a plugin; null/none is none', () => {
    assert.deepEqual(['tcp', 'file', 'pipe', 'http', null, 'none'].map(readyKind), ['tcp', 'file', 'pipe', 'plugin', 'none', 'none']);
  });

  test('details: local tcp as :port, remote host shown, file relative to the working directory', () => {
    assert.deepEqual(STACK.map(readyDetail), ['http (plugin)', 'tcp :8080', 'tcp db.internal:5432', 'ready on spawn', 'file run/seed.ok']);
    assert.equal(readyDetail(node('p', { readyStrategy: 'pipe' })), 'pipe');
    assert.equal(readyDetail(node('p', { readyStrategy: 'pipe', readyParams: { path: '/elsewhere/fifo' }, workingDirectory: '/srv' })), 'pipe /elsewhere/fifo');
  });
});

describe('renderDot', () => {
  test('start order with manifest order for ties; edges dependency → dependent', () => {
    const dot = renderDot(STACK);
    assert.deepEqual(dotNodeOrder(dot), ['db', 'api', 'web', 'tools', 'seed']);
    const edges = [...dot.matchAll(/^ {2}"(\w+)" -> "(\w+)";$/gm)].map((m) => `${m[1]}->${m[2]}`);
    assert.deepEqual(edges, ['db->api', 'api->web', 'db->seed']);
  });

  test('each kind has its colour, and the legend lists exactly the kinds used', () => {
    const dot = renderDot(STACK);
    assert.match(dot, /"db" \[label="db\\ntcp db\.internal:5432", fillcolor="#cfe2ff"/);
    assert.match(dot, /"seed" \[label="seed\\nfile run\/seed\.ok", fillcolor="#d3f4d1"/);
    assert.match(dot, /"web" \[label="web\\nhttp \(plugin\)", fillcolor="#e6e0fa"/);
    assert.match(dot, /"tools" \[label="tools\\nready on spawn", fillcolor="#f4f4f4"/);
    const legend = dot.slice(dot.indexOf('subgraph cluster_legend'));
    assert.deepEqual([...legend.matchAll(/^ {4}"legend:(\w+)" \[label=/gm)].map((m) => m[1]), ['tcp', 'file', 'plugin', 'none', 'edges']);
    assert.match(legend, /label="A → B: B depends on A"/);
  });

  test('quotes and backslashes in labels are escaped; the title is a comment and a label', () => {
    const dot = renderDot([node('f', { readyStrategy: 'file', readyParams: { path: 'a "b"\\c' } })], { title: 'my/pilot.yaml' });
    assert.ok(dot.startsWith('// pilot dependency graph: my/pilot.yaml\ndigraph pilot {\n'));
    assert.ok(dot.includes('label="f\\nfile a \\"b\\"\\\\c"'), dot);
    assert.ok(dot.includes('label="my/pilot.yaml"'));
  });

  test('Graphviz accepts the output', { skip: hasDot ? false : 'Graphviz `dot` is not on PATH' }, async () => {
    const svg = (await renderImage(renderDot(STACK, { title: 'stack' }), 'svg')).toString('utf8');
    for (const name of ['db', 'api', 'web', 'tools', 'seed']) assert.ok(svg.includes(`<title>${name}</title>`), `no node ${name} in the SVG`);
  });
});

describe('renderMermaid', () => {
  test('same order and edges, safe ids for awkward names, a class per kind', () => {
    const text = renderMermaid([...STACK, node('end', { dependencies: ['tools'] }), node('my.svc-2')]);
    const ids = [...text.matchAll(/^ {2}(p\d+_\w+)\[/gm)].map((m) => m[1]);
    assert.deepEqual(ids, ['p0_db', 'p1_api', 'p2_web', 'p3_tools', 'p4_seed', 'p5_end', 'p6_my_svc_2']);
    assert.ok(text.includes('  p0_db["db<br/>tcp db.internal:5432"]:::tcp\n'));
    assert.ok(text.includes('  p2_web["web<br/>http (plugin)"]:::plugin\n'));
    assert.ok(text.includes('  p6_my_svc_2["my.svc-2<br/>ready on spawn"]:::none\n'));
    const edges = [...text.matchAll(/^ {2}(\w+) --> (\w+)$/gm)].map((m) => `${m[1]}->${m[2]}`);
    assert.deepEqual(edges, ['p0_db->p1_api', 'p1_api->p2_web', 'p0_db->p4_seed', 'p3_tools->p5_end']);
    for (const kind of ['tcp', 'file', 'pipe', 'plugin', 'none']) assert.match(text, new RegExp(`^ {2}classDef ${kind} fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}`, 'm'));
  });

  test('the legend is a subgraph naming the edge direction; quotes become entities', () => {
    const text = renderMermaid([node('p', { readyStrategy: 'file', readyParams: { path: 'say "hi".ok' } })]);
    assert.ok(text.includes('  subgraph legend [Legend]\n'));
    assert.ok(text.includes('legend_edges["A → B: B depends on A"]'));
    assert.ok(text.includes('file say #quot;hi#quot;.ok'));
    assert.ok(!/legend_(tcp|pipe|plugin|none)\[/.test(text), 'legend lists unused kinds');
  });
});

describe('renderImage', () => {
  test('a missing Graphviz is GRAPHVIZ_MISSING with install instructions', async () => {
    await assert.rejects(renderImage('digraph { a }', 'svg', { dotCommand: 'pilot-test-no-such-dot' }), (err: unknown) => {
      assert.ok(err instanceof PilotError);
      assert.equal(err.code, 'GRAPHVIZ_MISSING');
      assert.equal(err.exitCode, 1);
      assert.match(String(err.context.hint), /apt-get install graphviz.*brew install graphviz/);
      return true;
    });
  });

  test('a Graphviz failure carries its stderr', { skip: hasDot ? false : 'Graphviz `dot` is not on PATH' }, async () => {
    await assert.rejects(renderImage('digraph { a ->', 'svg'), /Graphviz `dot -Tsvg` failed \(exit code 1\): .*syntax error/);
  });
});
