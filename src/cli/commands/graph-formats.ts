// The output formats of `pilot graph` (kept apart so the command table need not load the command).

export const GRAPH_FORMATS = ['dot', 'mermaid', 'svg', 'png'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];
