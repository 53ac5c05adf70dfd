// Splits a socket's bytes into newline-delimited messages, refusing any line longer than a limit.

const NEWLINE = 0x0a;

export interface LineReaderHandlers {
  /** A complete line (without its newline), decoded as UTF-8. */
  line(text: string): void;
  /** The current line passed `maxBytes` without ending; the reader ignores everything after this. */
  overflow(): void;
}

export class LineReader {
  private parts: Buffer[] = [];
  private bytes = 0;
  private stopped = false;

  constructor(
    private readonly maxBytes: number,
    private readonly handlers: LineReaderHandlers,
  ) {}

  /** Feeds the next chunk; calls `line` for every line it completes. */
  push(chunk: Buffer): void {
    let start = 0;
    while (!this.stopped) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end === -1) break;
      if (this.bytes + end - start > this.maxBytes) return this.overflow();
      this.parts.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.bytes = 0;
      start = end + 1;
      this.handlers.line(text);
    }
    if (this.stopped || start >= chunk.length) return;
    const rest = chunk.subarray(start);
    if (this.bytes + rest.length > this.maxBytes) return this.overflow();
    // Copy: the socket may reuse its buffer, and a small slice would pin a large one.
    this.parts.push(Buffer.from(rest));
    this.bytes += rest.length;
  }

  private overflow(): void {
    this.stopped = true;
    this.parts = [];
    this.bytes = 0;
    this.handlers.overflow();
  }
}
