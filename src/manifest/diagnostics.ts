// Collects the diagnostics of one manifest, locating each in its source.
import type { Diagnostic } from './types.js';
import type { SourceText } from './source-text.js';
import type { DiagnosticCode } from './codes.js';

/** Where a diagnostic points: a string offset, an explicit line/column, or nowhere (line 0). */
export type Where = { offset: number } | { line: number; column: number } | null;

export interface DiagnosticExtra {
  hint?: string;
  severity?: Diagnostic['severity'];
}

/** Words (values quoted in messages, paths) longer than this are cut (a 100,000-character name would fill the terminal). */
const MAX_WORD = 256;
const KEPT = 120;
const LONG_WORD = new RegExp(`[^\\s"]{${MAX_WORD},}`, 'g');

const MAX_TEXT = 1000;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: a diagnostic stays one line of plain text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` fit for one line of a terminal, whatever values of the manifest it quotes: control characters
 * escaped (`\n`, `\u001b`), runs of more than MAX_WORD non-space characters cut to their first KEPT and their length,
 * and the whole cut at MAX_TEXT characters.
 */
export function printable(text: string): string {
  const escaped = text.replace(CONTROL, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const clipped = escaped.replace(LONG_WORD, (word) => `${word.slice(0, KEPT)}…(${word.length} characters)`);
  return clipped.length > MAX_TEXT ? `${clipped.slice(0, MAX_TEXT)}…` : clipped;
}

export class DiagnosticList {
  private readonly items: Diagnostic[] = [];

  constructor(
    readonly file: string,
    private readonly source: SourceText | null = null,
  ) {}

  /** Records a problem (an error unless `extra.severity` says otherwise). */
  add(code: DiagnosticCode, message: string, where: Where, extra: DiagnosticExtra = {}): void {
    let line = 0;
    let column = 0;
    if (where && 'offset' in where) {
      if (this.source) ({ line, column } = this.source.position(where.offset));
    } else if (where) {
      ({ line, column } = where);
    }
    const diagnostic: Diagnostic = { code, severity: extra.severity ?? 'error', message: printable(message), file: this.file, line, column };
    if (extra.hint !== undefined) diagnostic.hint = printable(extra.hint);
    if (line > 0 && this.source) diagnostic.sourceLine = this.source.lineText(line);
    this.items.push(diagnostic);
  }

  /** The 1-based line a location falls on (0 when unknown). */
  lineOf(where: Where): number {
    if (!where) return 0;
    if ('line' in where) return where.line;
    return this.source ? this.source.position(where.offset).line : 0;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Everything recorded, in source order (unlocated ones first; ties keep the order found). */
  sorted(): Diagnostic[] {
    return this.items.map((d, i) => ({ d, i })).sort((a, b) => a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i).map(({ d }) => d);
  }
}
