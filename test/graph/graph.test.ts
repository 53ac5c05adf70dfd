import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DependencyGraph, type GraphNode } from '../../src/graph/graph.js';
import { PilotError } from '../../src/errors.js';

const node = (name: string, ...dependencies: string[]): GraphNode => ({ name, dependencies });

describe('DependencyGraph', () => {
  test('topological order puts dependencies first and breaks ties by manifest order', () => {
    const graph = new DependencyGraph([node('web', 'api'), node('worker', 'db'), node('api', 'db', 'cache'), node('cache'), node('db')]);
    assert.deepEqual(graph.topologicalOrder(), ['cache', 'db', 'worker', 'api', 'web']);
  });

  test('independent nodes keep manifest order', () => {
    assert.deepEqual(new DependencyGraph([node('c'), node('a'), node('b')]).topologicalOrder(), ['c', 'a', 'b']);
  });

  test('a node released later but earlier in the manifest goes before later ready nodes', () => {
    // b becomes ready only after z, yet is earlier in the manifest than y, which was ready all along
    const graph = new DependencyGraph([node('z'), node('b', 'z'), node('y')]);
    assert.deepEqual(graph.topologicalOrder(), ['z', 'b', 'y']);
  });

  test('unknown dependencies are ignored and duplicate names keep the first node', () => {
    const graph = new DependencyGraph([node('a', 'ghost'), node('b', 'a', 'a'), node('a', 'b')]);
    assert.deepEqual(graph.names, ['a', 'b']);
    assert.deepEqual(graph.dependenciesOf('a'), []);
    assert.deepEqual(graph.dependenciesOf('b'), ['a']);
    assert.deepEqual(graph.topologicalOrder(), ['a', 'b']);
  });

  test('direct dependencies and dependents', () => {
    const graph = new DependencyGraph([node('db'), node('api', 'db'), node('worker', 'db'), node('web', 'api')]);
    assert.deepEqual(graph.dependenciesOf('web'), ['api']);
    assert.deepEqual(graph.dependentsOf('db'), ['api', 'worker']);
    assert.deepEqual(graph.dependentsOf('web'), []);
    assert.equal(graph.has('api'), true);
    assert.equal(graph.has('nope'), false);
  });

  test('transitive dependents and dependencies come in start order', () => {
    const graph = new DependencyGraph([node('web', 'api'), node('api', 'db'), node('db'), node('worker', 'db'), node('other')]);
    assert.deepEqual(graph.transitiveDependents('db'), ['api', 'web', 'worker']);
    assert.deepEqual(graph.transitiveDependencies('web'), ['db', 'api']);
    assert.deepEqual(graph.transitiveDependents('other'), []);
  });

  test('levels group nodes that can start together', () => {
    const graph = new DependencyGraph([node('web', 'api', 'cache'), node('api', 'db'), node('db'), node('cache'), node('docs')]);
    assert.deepEqual(graph.levels(), [['db', 'cache', 'docs'], ['api'], ['web']]);
  });

  test('unknown names throw a typed error', () => {
    const graph = new DependencyGraph([node('a')]);
    assert.throws(() => graph.dependentsOf('b'), (err: unknown) => err instanceof PilotError && err.code === 'UNKNOWN_PROCESS');
    assert.throws(() => graph.transitiveDependencies('b'), PilotError);
  });
});

describe('DependencyGraph cycles', () => {
  test('an acyclic graph has no cycles', () => {
    assert.deepEqual(new DependencyGraph([node('a', 'b'), node('b', 'c'), node('c'), node('d', 'a', 'c')]).findCycles(), []);
  });

  test('2- and 3-cycles start at the node earliest in the manifest', () => {
    assert.deepEqual(new DependencyGraph([node('x'), node('b', 'a'), node('a', 'b')]).findCycles(), [['b', 'a']]);
    assert.deepEqual(new DependencyGraph([node('a', 'b'), node('b', 'c'), node('c', 'a')]).findCycles(), [['a', 'b', 'c']]);
  });

  test('a self-dependency is a cycle of one', () => {
    assert.deepEqual(new DependencyGraph([node('a', 'a'), node('b')]).findCycles(), [['a']]);
  });

  test('every distinct cycle is found once', () => {
    // a ⇄ b and b → c → b share b; plus a separate d → e → f → d
    const graph = new DependencyGraph([node('a', 'b'), node('b', 'a', 'c'), node('c', 'b'), node('d', 'e'), node('e', 'f'), node('f', 'd')]);
    const cycles = graph.findCycles().map((c) => c.join(' → '));
    assert.deepEqual(cycles.sort(), ['a → b', 'b → c', 'd → e → f']);
  });

  test('a complete graph lists all its elementary cycles', () => {
    const names = ['a', 'b', 'c', 'd'];
    const graph = new DependencyGraph(names.map((n) => node(n, ...names.filter((m) => m !== n))));
    // K4 has 6 two-cycles, 8 three-cycles and 6 four-cycles
    const cycles = graph.findCycles();
    assert.equal(cycles.length, 20);
    assert.equal(new Set(cycles.map((c) => c.join())).size, 20);
  });

  test('order and levels refuse a cyclic graph, naming the cycle', () => {
    const graph = new DependencyGraph([node('a', 'b'), node('b', 'a'), node('c')]);
    assert.throws(() => graph.topologicalOrder(), (err: unknown) => err instanceof PilotError && err.code === 'MANIFEST_INVALID' && err.message.includes('a → b → a'));
    assert.throws(() => graph.levels(), PilotError);
  });

  test('transitive dependents still work on a cyclic graph (manifest order)', () => {
    const graph = new DependencyGraph([node('a', 'b'), node('b', 'a'), node('c', 'a')]);
    assert.deepEqual(graph.transitiveDependents('a'), ['b', 'c']);
  });

  test('a large chain is handled quickly', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => node(`p${i}`, ...(i > 0 ? [`p${i - 1}`] : [])));
    const graph = new DependencyGraph(nodes);
    assert.equal(graph.topologicalOrder()[1999], 'p1999');
    assert.deepEqual(graph.findCycles(), []);
  });
});
