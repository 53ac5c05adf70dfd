// Manifest diagnostics for people (esbuild/rustc style, with the source line and a caret) and for machines (JSON).
import type { Diagnostic } from '../manifest/types.js';
import type { Paint } from './colors.js';
import { displayPath } from './display-path.js';

/** One diagnostic in `pilot validate --json`; every key is always present. */
export interface DiagnosticJson {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
  hint: string | null;
}

/** The whole `pilot validate --json` document. */
export interface ValidateJson {
  file: string;
  valid: boolean;
  diagnostics: DiagnosticJson[];
}

/** `file:line:column: error: message [code]`, then the source line with a caret and the hint. */
export function renderDiagnostic(d: Diagnostic, cwd: string, paint: Paint): string {
  const where = [displayPath(d.file, cwd), d.line > 0 ? String(d.line) : '', d.line > 0 && d.column > 0 ? String(d.column) : '']
    .filter((part) => part !== '')
    .join(':');
  const severity = d.severity === 'error' ? paint.red(paint.bold('error:')) : paint.yellow(paint.bold('warning:'));
  const lines = [`${paint.bold(`${where}:`)} ${severity} ${d.message} ${paint.dim(`[${d.code}]`)}`];
  if (d.sourceLine !== undefined && d.line > 0) {
    const number = String(d.line);
    const gutter = ' '.repeat(5 + number.length);
    const { text, column } = excerpt(d.sourceLine, d.column);
    lines.push(`${paint.dim(`    ${number} |`)} ${text}`);
    if (column > 0) lines.push(`${paint.dim(`${gutter}|`)} ${caretPad(text, column)}${paint.green('^')}`);
  }
  if (d.hint !== undefined && d.hint !== '') lines.push(`  ${paint.cyan('hint:')} ${d.hint}`);
  return lines.join('\n');
}

/** Every diagnostic, separated by blank lines where they span several lines. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], cwd: string, paint: Paint): string {
  return diagnostics.map((d) => `${renderDiagnostic(d, cwd, paint)}\n`).join('\n');
}

/** `2 errors, 1 warning` (omitting zero counts; `no problems` when both are zero). */
export function countProblems(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}

/** The stable JSON shape of `pilot validate --json`. */
export function validateJson(file: string, diagnostics: readonly Diagnostic[]): ValidateJson {
  return {
    file,
    valid: !diagnostics.some((d) => d.severity === 'error'),
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      hint: d.hint ?? null,
    })),
  };
}

/** Source lines longer than this are shown as a window around the column. */
const MAX_SOURCE_LINE = 160;

/** The part of a long source line around `column` (with `…` where it is cut), and the column within it. */
function excerpt(line: string, column: number): { text: string; column: number } {
  if (line.length <= MAX_SOURCE_LINE) return { text: plainText(line), column };
  const start = Math.max(0, Math.min(column - 1 - MAX_SOURCE_LINE / 2, line.length - MAX_SOURCE_LINE));
  const end = start + MAX_SOURCE_LINE;
  const text = `${start > 0 ? '…' : ''}${plainText(line.slice(start, end))}${end < line.length ? '…' : ''}`;
  return { text, column: column > 0 ? column - start + (start > 0 ? 1 : 0) : 0 };
}

/** Control characters of the manifest (but tabs, which line the caret up) must not reach the terminal: each becomes U+FFFD. */
function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** Whitespace that puts a caret under 1-based `column` of `source` (tabs kept so it lines up). */
function caretPad(source: string, column: number): string {
  const before = source.slice(0, Math.max(0, column - 1));
  return before.replace(/[^\t]/g, ' ');
}
