// The dependency graph as Graphviz DOT, nodes coloured by ready strategy, with a legend.
// Also home of what every renderer shares: node order, ready kinds and their colours, node labels.
import { isAbsolute, relative } from 'node:path';
import { DependencyGraph } from './graph.js';

/** What the renderers need of a process (a ProcessSpec fits). */
export interface RenderNode {
  readonly name: string;
  readonly dependencies: readonly string[];
  /** `null` = ready once spawned. */
  readonly readyStrategy: string | null;
  readonly readyParams: Readonly<Record<string, unknown>>;
  /** Absolute; file/pipe paths are shown relative to it. */
  readonly workingDirectory?: string;
}

export type ReadyKind = 'tcp' | 'file' | 'pipe' | 'plugin' | 'none';

/** Fill and border colour per kind, in legend order. */
export const READY_KIND_COLORS: Readonly<Record<ReadyKind, { fill: string; stroke: string; legend: string }>> = {
  tcp: { fill: '#cfe2ff', stroke: '#5b8def', legend: 'tcp: port accepts connections' },
  file: { fill: '#d3f4d1', stroke: '#4caf50', legend: 'file: file exists' },
  pipe: { fill: '#fff4b8', stroke: '#d4a017', legend: 'pipe: wrote "ready" to the FIFO' },
  plugin: { fill: '#e6e0fa', stroke: '#8a6fd1', legend: 'plugin strategy' },
  none: { fill: '#f4f4f4', stroke: '#9e9e9e', legend: 'none: ready once spawned' },
};

export const EDGE_LEGEND = 'A → B: B depends on A';

/** The kind of a ready strategy name (anything not built in comes from a plugin). */
export function readyKind(strategy: string | null): ReadyKind {
  if (strategy === null || strategy === 'none') return 'none';
  return strategy === 'tcp' || strategy === 'file' || strategy === 'pipe' ? strategy : 'plugin';
}

/** What is awaited, short: `tcp :6390`, `file .pilot/x.ready`, `pipe`, `http (plugin)`, `ready on spawn`. */
export function readyDetail(node: RenderNode): string {
  const params = node.readyParams;
  const path = typeof params.path === 'string' ? shortPath(params.path, node.workingDirectory) : null;
  switch (readyKind(node.readyStrategy)) {
    case 'tcp': {
      const host = typeof params.host === 'string' && !['127.0.0.1', 'localhost'].includes(params.host) ? params.host : '';
      return `tcp ${host}:${String(params.port)}`;
    }
    case 'file':
      return `file ${path ?? '?'}`;
    case 'pipe':
      return path === null ? 'pipe' : `pipe ${path}`;
    case 'plugin':
      return `${String(node.readyStrategy)} (plugin)`;
    case 'none':
      return 'ready on spawn';
  }
}

/** Nodes in start order (dependencies first, manifest order for ties), and the edges dependency → dependent. */
export function orderGraph(nodes: readonly RenderNode[]): { nodes: RenderNode[]; edges: Array<[from: string, to: string]> } {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const ordered = new DependencyGraph(nodes).topologicalOrder().flatMap((name) => byName.get(name) ?? []);
  const edges = ordered.flatMap((node) => node.dependencies.filter((dep) => byName.has(dep)).map((dep): [string, string] => [dep, node.name]));
  return { nodes: ordered, edges };
}

/** The kinds present among `nodes`, in legend order. */
export function kindsUsed(nodes: readonly RenderNode[]): ReadyKind[] {
  const used = new Set(nodes.map((node) => readyKind(node.readyStrategy)));
  return (Object.keys(READY_KIND_COLORS) as ReadyKind[]).filter((kind) => used.has(kind));
}

/** DOT source for `nodes`; `title` (e.g. the manifest path) goes into a comment and the graph label. */
export function renderDot(nodes: readonly RenderNode[], options: { title?: string } = {}): string {
  const graph = orderGraph(nodes);
  const lines = [
    `// pilot dependency graph${options.title === undefined ? '' : `: ${options.title}`}`,
    'digraph pilot {',
    '  rankdir=LR;',
    ...(options.title === undefined ? [] : [`  label=${quote(options.title)}; labelloc=t; fontname="Helvetica";`]),
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
    '  edge [color="#555555"];',
    '',
  ];
  for (const node of graph.nodes) {
    const { fill, stroke } = READY_KIND_COLORS[readyKind(node.readyStrategy)];
    lines.push(`  ${quote(node.name)} [label=${quote(`${node.name}\n${readyDetail(node)}`)}, fillcolor="${fill}", color="${stroke}"];`);
  }
  if (graph.edges.length > 0) lines.push('');
  for (const [from, to] of graph.edges) lines.push(`  ${quote(from)} -> ${quote(to)};`);
  lines.push('', '  subgraph cluster_legend {', '    label="Legend"; fontsize=10; color="#bbbbbb"; style=dashed;');
  for (const kind of kindsUsed(graph.nodes)) {
    const { fill, stroke, legend } = READY_KIND_COLORS[kind];
    lines.push(`    "legend:${kind}" [label=${quote(legend)}, fillcolor="${fill}", color="${stroke}", fontsize=9];`);
  }
  lines.push(`    "legend:edges" [label=${quote(EDGE_LEGEND)}, shape=plaintext, style="", fontsize=9];`);
  // Invisible edges lay the legend out as one row (left to right, like the graph).
  const chain = [...kindsUsed(graph.nodes).map((kind) => `legend:${kind}`), 'legend:edges'].map(quote);
  lines.push(`    ${chain.join(' -> ')} [style=invis];`, '  }', '}', '');
  return lines.join('\n');
}

/** A DOT quoted string (`\n` becomes a DOT line break). */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `path` relative to `base` when it lies inside it. */
function shortPath(path: string, base: string | undefined): string {
  if (base === undefined || !isAbsolute(path)) return path;
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
