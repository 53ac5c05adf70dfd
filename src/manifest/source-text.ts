// A manifest's text with a line index: offsets to 1-based line/column, and the text of a line.

export interface Position {
  line: number;
  column: number;
}

export class SourceText {
  /** Offset at which each line starts; lineStarts[0] = 0. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of a string offset (clamped to the text). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** The text of a 1-based line, without its line break ('' when out of range). */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    const raw = this.text.slice(start, end);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }

  /** Offset just after the last non-whitespace character (where "unexpected end" points). */
  endOfContent(): number {
    return this.text.trimEnd().length;
  }
}
