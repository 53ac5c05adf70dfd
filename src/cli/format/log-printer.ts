// Printing output lines like the foreground does (`api | hello`), in batches, until the reader goes away.
import type { LogRecord } from '../../logs/log-dir.js';
import { formatPrefixed, prefixWidth } from '../../logs/prefix.js';
import type { SafeStream } from '../output.js';

const BATCH_LINES = 2000;

export class LogPrinter {
  private readonly width: number;
  private pending: string[] = [];
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly onClosed: Promise<void>;
  private closedNow: () => void = () => {};

  /** `names`: every process that may be printed (for the prefix width). */
  constructor(private readonly out: SafeStream, names: readonly string[]) {
    this.width = prefixWidth([...names]);
    this.onClosed = new Promise((resolve) => (this.closedNow = resolve));
  }

  /** Settles once a write found the reader gone (`pilot logs -f | head`). */
  get closed(): Promise<void> {
    return this.onClosed;
  }

  /** Prints `records` now, in batches; resolves once written (or the reader is gone). */
  async print(records: readonly LogRecord[]): Promise<void> {
    for (let i = 0; i < records.length && !this.out.closed; i += BATCH_LINES) {
      await this.write(records.slice(i, i + BATCH_LINES).map((r) => this.format(r)));
    }
  }

  /** Queues one line; lines queued in one turn of the event loop go out in one write. */
  enqueue(record: LogRecord): void {
    this.pending.push(this.format(record));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const lines = this.pending;
      this.pending = [];
      void this.write(lines);
    });
  }

  /** Resolves once everything queued so far is written. */
  async flush(): Promise<void> {
    if (this.pending.length > 0) {
      const lines = this.pending;
      this.pending = [];
      await this.write(lines);
    }
    await this.writing;
  }

  private format(r: LogRecord): string {
    return formatPrefixed(r.process, this.width, r.stream, r.line, this.out.paint.enabled);
  }

  // Writes in order, one after the other; notices a reader that went away.
  private write(lines: string[]): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (lines.length === 0 || this.out.closed) return;
      await this.out.write(`${lines.join('\n')}\n`);
      if (this.out.closed) this.closedNow();
    });
    return this.writing;
  }
}
