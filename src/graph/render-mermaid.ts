// The dependency graph as a Mermaid flowchart: the same order, colours and legend as the DOT output.
import { EDGE_LEGEND, READY_KIND_COLORS, kindsUsed, orderGraph, readyDetail, readyKind, type RenderNode } from './render-dot.js';

/** Mermaid source for `nodes`; `title` (e.g. the manifest path) goes into a comment. */
export function renderMermaid(nodes: readonly RenderNode[], options: { title?: string } = {}): string {
  const graph = orderGraph(nodes);
  // Ids are generated: process names may contain '.' or '-', or be Mermaid keywords such as `end`.
  const ids = new Map(graph.nodes.map((node, i) => [node.name, `p${i}_${node.name.replace(/[^A-Za-z0-9_]/g, '_')}`]));
  const id = (name: string): string => ids.get(name) ?? name;
  const lines = [`%% pilot dependency graph${options.title === undefined ? '' : `: ${options.title}`}`, 'flowchart LR'];
  for (const node of graph.nodes) {
    lines.push(`  ${id(node.name)}["${escape(node.name)}<br/>${escape(readyDetail(node))}"]:::${readyKind(node.readyStrategy)}`);
  }
  for (const [from, to] of graph.edges) lines.push(`  ${id(from)} --> ${id(to)}`);
  lines.push('  subgraph legend [Legend]', '    direction LR');
  for (const kind of kindsUsed(graph.nodes)) lines.push(`    legend_${kind}["${escape(READY_KIND_COLORS[kind].legend)}"]:::${kind}`);
  lines.push(`    legend_edges["${escape(EDGE_LEGEND)}"]:::legendNote`, '  end');
  for (const [kind, { fill, stroke }] of Object.entries(READY_KIND_COLORS)) {
    lines.push(`  classDef ${kind} fill:${fill},stroke:${stroke},color:#111111`);
  }
  lines.push('  classDef legendNote fill:none,stroke:none,color:#333333', '');
  return lines.join('\n');
}

/** Text safe inside a quoted Mermaid label (Mermaid's own entity codes). */
function escape(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
