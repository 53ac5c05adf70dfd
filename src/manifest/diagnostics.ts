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
    const diagnostic: Diagnostic = { code, severity: extra.severity ?? 'error', message, file: this.file, line, column };
    if (extra.hint !== undefined) diagnostic.hint = extra.hint;
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
