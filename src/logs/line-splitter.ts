// Splits a child's output into lines: partial lines kept across chunks, CRLF stripped, long lines cut.
import { PilotError } from '../errors.js';

/** Receives each line (without its newline); `truncated` when the line was cut at the limit. */
export type LineHandler = (line: string, truncated: boolean) => void;

export interface LineSplitterOptions {
  /** Longest line emitted whole, in bytes (default 64 KiB). */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 65_536;
const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Turns a byte stream into lines. Lines are decoded as UTF-8 only once complete, so a character
 * split across chunks is decoded whole.
 *
 * A line longer than `maxLineBytes` is cut into consecutive pieces of at most `maxLineBytes`
 * bytes (cut on a character boundary), and every piece of it — including the last one, ending
 * at the newline — is emitted with `truncated = true`. Nothing is discarded, and no more than
 * about `maxLineBytes` bytes of an unfinished line are ever held.
 */
export class LineSplitter {
  private readonly onLine: LineHandler;
  private readonly maxLineBytes: number;
  /** The unfinished line, as received. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** The unfinished line has already been cut: its remaining pieces are flagged too. */
  private cut = false;
  private ended = false;

  constructor(onLine: LineHandler, options: LineSplitterOptions = {}) {
    const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (!Number.isInteger(max) || max < 1) {
      throw new PilotError('INTERNAL', `maxLineBytes must be a positive integer, got ${max}`, { context: { maxLineBytes: max } });
    }
    this.onLine = onLine;
    this.maxLineBytes = max;
  }

  /** Feeds one chunk of output; emits every line it completes. */
  push(chunk: Buffer): void {
    if (this.ended) throw new PilotError('INTERNAL', 'LineSplitter.push() after end()');
    let start = 0;
    if (this.partialBytes > 0) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl === -1) {
        this.keep(chunk);
        return;
      }
      this.partial.push(chunk.subarray(0, nl));
      this.partialBytes += nl;
      const line = this.takePartial();
      this.emit(line, 0, line.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      this.emit(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** The stream ended: emits the unfinished line, if any, once. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.partialBytes > 0) {
      const line = this.takePartial();
      this.emit(line, 0, line.length);
    }
    this.cut = false;
  }

  // Holds an unfinished piece (copied: the caller may reuse its buffer), cutting it down if it grew too long.
  private keep(bytes: Buffer): void {
    this.partial.push(Buffer.from(bytes));
    this.partialBytes += bytes.length;
    // One byte of slack so a line of exactly maxLineBytes followed by "\r\n" is not cut at the "\r".
    if (this.partialBytes <= this.maxLineBytes + 1) return;
    let rest = this.takePartial();
    let start = 0;
    while (rest.length - start > this.maxLineBytes + 1) {
      const end = charBoundary(rest, start, start + this.maxLineBytes);
      this.onLine(rest.toString('utf8', start, end), true);
      start = end;
    }
    rest = rest.subarray(start);
    this.cut = true;
    this.partial = [rest];
    this.partialBytes = rest.length;
  }

  // Joins and clears the unfinished line.
  private takePartial(): Buffer {
    const line = this.partial.length === 1 ? (this.partial[0] as Buffer) : Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    return line;
  }

  // Emits buf[start, end) as one complete line (a trailing "\r" dropped), cut into pieces if too long.
  private emit(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === CR) end--;
    let truncated = this.cut;
    this.cut = false;
    while (end - start > this.maxLineBytes) {
      const pieceEnd = charBoundary(buf, start, start + this.maxLineBytes);
      this.onLine(buf.toString('utf8', start, pieceEnd), true);
      start = pieceEnd;
      truncated = true;
    }
    this.onLine(buf.toString('utf8', start, end), truncated);
  }
}

/** The largest index in (start, limit] that does not split a UTF-8 character (limit itself if none). */
function charBoundary(buf: Buffer, start: number, limit: number): number {
  let end = limit;
  // Step back over continuation bytes (10xxxxxx); a character is at most 4 bytes long.
  for (let i = 0; i < 3 && end > start && ((buf[end] ?? 0) & 0xc0) === 0x80; i++) end--;
  return end > start ? end : limit;
}
