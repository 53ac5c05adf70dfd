// How deeply a manifest nests, measured on its text before any parser recurses into it: the YAML parser
// and everything after it recurse once per level and would overflow the stack on runaway nesting.

/** Levels a manifest may nest (a real one needs about six); deeper text is refused before parsing. */
export const MAX_NESTING = 100;

const OPENERS = new Set(['[', '{']);
const CLOSERS = new Set([']', '}']);

/**
 * The offset of the first place where `text` nests deeper than `limit` levels, or null. A level is a
 * flow bracket (`[`, `{`) or a step of block indentation (counting each `- ` of compact sequences).
 * Quoted strings, comments and block scalars are skipped. An estimate that errs on the side of
 * counting: every real nesting level is one, so it never lets deep text through.
 */
export function deepNestingAt(text: string, limit = MAX_NESTING): number | null {
  return scanNesting(text, limit).deepAt;
}

/** The offset of the outermost `[` or `{` still open at the end of `text`, or null (same scan). */
export function unclosedFlowAt(text: string): number | null {
  return scanNesting(text, Infinity).unclosedAt;
}

export interface Nesting {
  /** As deepNestingAt. */
  deepAt: number | null;
  /** As unclosedFlowAt, when deepAt is null (a scan that goes on to the end finds the same brackets open). */
  unclosedAt: number | null;
}

/** Both answers of one scan: a manifest that is not too deep may still overflow the parser on an unclosed bracket. */
export function scanNesting(text: string, limit = MAX_NESTING): Nesting {
  const indents: number[] = []; // columns of the open block levels
  const flow: number[] = []; // offsets of the open flow brackets
  const deep = (at: number): { deepAt: number; unclosedAt: null } => ({ deepAt: at, unclosedAt: null });
  let quote: '"' | "'" | null = null;
  let blockScalarIndent = -1; // inside a `|` or `>` scalar: lines indented deeper than this are its text
  let pos = 0;
  while (pos <= text.length) {
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end);
    const indent = line.length - line.trimStart().length;
    const blank = line.trim() === '' || line.trimStart().startsWith('#');
    if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      pos = end + 1;
      continue;
    }
    blockScalarIndent = -1;
    let col = indent;
    if (!blank && quote === null && flow.length === 0) {
      // block structure: pop levels this line closes, then open one per `- ` and one for what follows
      while (indents.length > 0 && (indents[indents.length - 1] as number) >= indent) indents.pop();
      for (;;) {
        indents.push(col);
        if (indents.length > limit) return deep(pos + col);
        if (line[col] !== '-' || (col + 1 < line.length && line[col + 1] !== ' ' && line[col + 1] !== '\t')) break;
        col += 1;
        while (line[col] === ' ' || line[col] === '\t') col += 1;
        if (col >= line.length) break;
      }
    }
    for (let i = quote === null ? col : 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') quote = null;
        continue;
      }
      if (quote === "'") {
        if (ch === "'" && line[i + 1] === "'") i++;
        else if (ch === "'") quote = null;
        continue;
      }
      // a quote opens a scalar only where a scalar starts: `a"b` is a plain scalar with a quote in it
      if ((ch === '"' || ch === "'") && (i === col || ' \t[{,:'.includes(line[i - 1] as string))) quote = ch;
      else if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
      else if (OPENERS.has(ch)) {
        flow.push(pos + i);
        if (indents.length + flow.length > limit) return deep(pos + i);
      } else if (CLOSERS.has(ch)) flow.pop();
    }
    if (quote === null && flow.length === 0 && /(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$/.test(line)) blockScalarIndent = indent;
    pos = end + 1;
  }
  return { deepAt: null, unclosedAt: flow[0] ?? null };
}

// Where the line starting at `pos` ends (YAML breaks lines at \n, \r\n and \r).
function lineEnd(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 1 : i;
  }
  return text.length;
}
