// The log file line format: `<ISO time> out|err <line>\n`, and its tolerant parser.

export type OutputStream = 'stdout' | 'stderr';

export interface ParsedLogLine {
  at: number;
  stream: OutputStream;
  line: string;
}

// Output arrives in bursts: most lines share a millisecond, nearly all share a second.
let cachedMs = Number.NaN;
let cachedIso = '';
let cachedSecond = Number.NaN;
let cachedSecondPrefix = '';

/** `at` (epoch ms, finite) as an ISO 8601 UTC timestamp with milliseconds, computed once per ms. */
export function isoTimestamp(at: number): string {
  const ms = Math.floor(at);
  if (ms === cachedMs) return cachedIso;
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    // `YYYY-MM-DDTHH:MM:SS.` — everything but the milliseconds and the `Z`.
    cachedSecondPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    cachedSecond = second;
  }
  const millis = ms - second * 1000;
  cachedIso = `${cachedSecondPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  cachedMs = ms;
  return cachedIso;
}

let prefixMs = Number.NaN;
let prefixOut = '';
let prefixErr = '';

/** What precedes the line in a log file record: `<ISO time> out ` or `<ISO time> err `, computed once per ms. */
export function logLinePrefix(at: number, stream: OutputStream): string {
  const ms = Math.floor(at);
  if (ms !== prefixMs) {
    const iso = isoTimestamp(at);
    prefixOut = `${iso} out `;
    prefixErr = `${iso} err `;
    prefixMs = ms;
  }
  return stream === 'stdout' ? prefixOut : prefixErr;
}

/** One log file record. `line` must not contain "\n" (LineSplitter's lines never do). */
export function formatLogLine(at: number, stream: OutputStream, line: string): string {
  return `${logLinePrefix(at, stream)}${line}\n`;
}

const RECORD = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (out|err)(?: |$)/;

/** Reads one record written by formatLogLine (its "\n" optional); anything else gives null. */
export function parseLogLine(text: string): ParsedLogLine | null {
  const match = RECORD.exec(text);
  if (!match) return null;
  const at = Date.parse(match[1] as string);
  if (Number.isNaN(at)) return null;
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  return { at, stream: match[2] === 'out' ? 'stdout' : 'stderr', line: text.slice(Math.min(match[0].length, end), end) };
}
