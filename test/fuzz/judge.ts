// The fuzzer's oracle: what `pilot validate` must do with any input.

/** What one run of `pilot validate` did. */
export interface Outcome {
  /** Exit code, or null when it did not finish. */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Set when it was stopped for taking longer than the bound. */
  timedOut?: boolean;
  /** Set when the validator itself died (out of memory, a worker crash). */
  crashed?: string;
}

/** Whole-file problems, which have no line to point at: `file: error: … [code]`. */
export const WHOLE_FILE_CODES = new Set(['empty-file', 'file-not-found', 'file-unreadable', 'unsupported-extension']);

const STACK_FRAME = /^\s+at (?:.+ \()?(?:file:|node:|\/|<anonymous>).*\)?$/m;
const LOCATED_ERROR = /^\S[^\n]*?:(\d+):(\d+): error: /gm;
const WHOLE_FILE_ERROR = /^\S[^\n]*?: error: [^\n]*\[([a-z0-9-]+)\]$/gm;

interface JsonReport {
  valid: boolean;
  diagnostics: { code: string; severity: string; line: number; column: number }[];
}

/** Lines the file has, by any YAML line break (\n, \r\n, \r). */
function lineCount(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  return Math.max(text.split('\n').length, text.split('\r').length);
}

/** Every way `outcome` breaks the promise (empty when it keeps it). `json` says whether --json was passed. */
export function judge(outcome: Outcome, input: { bytes: Buffer; json: boolean; timeoutMs: number }): string[] {
  if (outcome.crashed) return [`the validator crashed: ${outcome.crashed}`];
  if (outcome.timedOut) return [`no answer within ${input.timeoutMs} ms`];
  const problems: string[] = [];
  const all = `${outcome.stdout}\n${outcome.stderr}`;
  if (outcome.code !== 0 && outcome.code !== 2) problems.push(`exit code ${outcome.code} (expected 0 or 2)`);
  if (STACK_FRAME.test(all)) problems.push('printed a stack trace');
  if (/internal error/i.test(all)) problems.push('reported an internal error');
  if (/^\(node:\d+\) /m.test(all)) problems.push('node printed a warning of its own');
  const headers = (outcome.stderr.match(/: (?:error|warning): /g) ?? []).length;
  if (outcome.stderr.length > 16_384 * (headers + 1)) problems.push(`printed ${outcome.stderr.length} characters for ${headers} diagnostics`);
  if (outcome.ms > input.timeoutMs) problems.push(`took ${Math.round(outcome.ms)} ms (bound ${input.timeoutMs} ms)`);
  const maxLine = lineCount(input.bytes) + 1;
  if (input.json) problems.push(...judgeJson(outcome, maxLine));
  else problems.push(...judgeText(outcome, maxLine));
  return problems;
}

function judgeText(outcome: Outcome, maxLine: number): string[] {
  const problems: string[] = [];
  if (outcome.code === 2) {
    const located = [...outcome.stderr.matchAll(LOCATED_ERROR)].map((m) => ({ line: Number(m[1]), column: Number(m[2]) }));
    const wholeFile = [...outcome.stderr.matchAll(WHOLE_FILE_ERROR)].map((m) => m[1] as string).filter((c) => WHOLE_FILE_CODES.has(c));
    if (located.length === 0 && wholeFile.length === 0) problems.push('exit 2 without a located diagnostic (file:line:column: error: …)');
    for (const at of located) {
      if (at.line < 1 || at.column < 1 || at.line > maxLine) problems.push(`diagnostic located at ${at.line}:${at.column}, outside the file (${maxLine - 1} lines)`);
    }
  }
  if (outcome.code === 0 && !/valid/.test(outcome.stdout)) problems.push('exit 0 without the "valid" verdict on stdout');
  return problems;
}

function judgeJson(outcome: Outcome, maxLine: number): string[] {
  let report: JsonReport;
  try {
    report = JSON.parse(outcome.stdout) as JsonReport;
  } catch {
    return [`--json printed no JSON document: ${JSON.stringify(outcome.stdout.slice(0, 200))}`];
  }
  const problems: string[] = [];
  if (report.valid !== (outcome.code === 0)) problems.push(`--json says valid=${report.valid} but the exit code is ${outcome.code}`);
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (outcome.code === 2 && errors.length === 0) problems.push('exit 2 with no error diagnostic');
  for (const d of errors) {
    const located = d.line >= 1 && d.column >= 1 && d.line <= maxLine;
    if (!located && !WHOLE_FILE_CODES.has(d.code)) problems.push(`diagnostic [${d.code}] is not located (line ${d.line}, column ${d.column}; file has ${maxLine - 1} lines)`);
  }
  return problems;
}
