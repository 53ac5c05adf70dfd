// Aligned text tables that fit a width: columns padded to their widest cell, shrinkable ones
// (the last first) cut with an ellipsis when the table would not fit the terminal.

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** May be cut down to this many characters when the table is too wide (default: never cut). */
  minWidth?: number;
}

export interface Cell {
  text: string;
  /** Colours the cell after it was padded or cut (colour codes take no width). */
  paint?: (text: string) => string;
}

export interface TableOptions {
  /** Total width not to exceed (the terminal's columns); undefined: no limit. */
  maxWidth?: number;
  /** Colours the header cells. */
  paintHeader?: (text: string) => string;
}

const GAP = '  ';

/** Width of `text` in terminal cells, counting each code point as one. */
export const textWidth = (text: string): number => [...text].length;

/** `text` cut to `width` characters, the last one replaced by `…` when cut. */
export function ellipsize(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Column widths: the widest cell of each, then shrinkable columns cut (last first) until the table fits. */
export function fitWidths(columns: readonly Column[], rows: readonly (readonly Cell[])[], maxWidth?: number): number[] {
  const widths = columns.map((c, i) => Math.max(textWidth(c.header), ...rows.map((r) => textWidth(r[i]?.text ?? ''))));
  if (maxWidth === undefined) return widths;
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1) - maxWidth;
  for (let i = columns.length - 1; i >= 0 && excess > 0; i--) {
    const min = columns[i]?.minWidth;
    const width = widths[i] ?? 0;
    if (min === undefined || width <= min) continue;
    const cut = Math.min(width - min, excess);
    widths[i] = width - cut;
    excess -= cut;
  }
  return widths;
}

/** The table's lines (header first), without trailing spaces. */
export function renderTable(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string[] {
  const widths = fitWidths(columns, rows, options.maxWidth);
  const header = columns.map((c) => ({ text: c.header, paint: options.paintHeader }));
  return [header, ...rows].map((row) => columns.map((column, i) => renderCell(row[i] ?? { text: '' }, widths[i] ?? 0, column.align, i === columns.length - 1)).join(GAP).trimEnd());
}

// One cell cut or padded to `width`; the last column is not padded on the right.
function renderCell(cell: Cell, width: number, align: Column['align'], last: boolean): string {
  const text = ellipsize(cell.text, width);
  const pad = ' '.repeat(Math.max(0, width - textWidth(text)));
  const shown = cell.paint ? cell.paint(text) : text;
  if (align === 'right') return pad + shown;
  return last ? shown : shown + pad;
}
