// Appends text to a log file in asynchronous batches, rotating by size and surviving disk errors.
import { PilotError } from '../errors.js';
import { AppendFile, PartialWrite } from './append-file.js';
import { maxUtf8Bytes, RecordBuffer } from './record-buffer.js';

export interface DroppedCount {
  /** write() / writeLine() calls whose text was dropped (LogFiles writes one line per call). */
  lines: number;
  bytes: number;
}

export interface RotatingFileOptions {
  /** A file reaching this size is rotated before the next write that would exceed it. */
  maxSizeBytes: number;
  /** Files kept, the active one included: NAME.log, NAME.log.1 … NAME.log.{maxFiles-1}. */
  maxFiles: number;
  /** A write problem, reported once per error code until writing works again. */
  onError?: (err: NodeJS.ErrnoException) => void;
  /** Writing works again after a reported problem; what was dropped meanwhile. */
  onRecover?: (dropped: DroppedCount) => void;
  /** Cap on text waiting to be written (default 16 MiB); beyond it writes are dropped and counted. */
  maxPendingBytes?: number;
  /** After an error, writes are dropped for this long before writing is tried again (default 1000 ms). */
  retryMs?: number;
  /** How often to check that the path still names the open file (default 1000 ms); a removed or moved file is reopened. */
  checkIntervalMs?: number;
}

/** Reported through onError when the disk is slower than the output and the pending cap is reached. */
export class BacklogError extends Error implements NodeJS.ErrnoException {
  readonly code = 'ENOBUFS';
  readonly path: string;
  readonly limitBytes: number;

  constructor(path: string, limitBytes: number) {
    super(`more than ${limitBytes} bytes are waiting to be written to ${path}`);
    this.name = 'BacklogError';
    this.path = path;
    this.limitBytes = limitBytes;
  }
}

const MAX_BATCH_BYTES = 1 << 20;
const NEWLINE = Buffer.from('\n');

/**
 * An append-only log file. write() never blocks or throws: text is queued (encoded at once, see
 * RecordBuffer) and written by one asynchronous loop, in batches, one write() call's text never split
 * across two files. While writing
 * fails, text is dropped and counted; writing is retried after `retryMs` and the count reported
 * through onRecover once it works. Lines lost into a file removed behind pilot's back (until the next
 * identity check notices and reopens the path) are not counted.
 */
export class RotatingFile {
  private readonly path: string;
  private readonly file: AppendFile;
  private readonly maxSizeBytes: number;
  private readonly maxFiles: number;
  private readonly maxPendingBytes: number;
  private readonly retryMs: number;
  private readonly onError: (err: NodeJS.ErrnoException) => void;
  private readonly onRecover: (dropped: DroppedCount) => void;

  private readonly records = new RecordBuffer();
  /** Bytes queued or being written. */
  private pendingBytes = 0;

  private scheduled = false;
  private draining = false;
  private waiters: (() => void)[] = [];
  private closing: Promise<void> | null = null;

  /** Writing failed; text is dropped until `retryDue`. */
  private failing = false;
  private retryDue = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The pending cap was hit; cleared once the queue drains. */
  private overflowing = false;
  private readonly reported = new Set<string>();
  /** A failed write left half a record at the end of the file: the next write starts a new line. */
  private brokenRecord = false;
  private dropped: DroppedCount = { lines: 0, bytes: 0 };

  constructor(path: string, options: RotatingFileOptions) {
    if (!(options.maxSizeBytes > 0) || !Number.isInteger(options.maxFiles) || options.maxFiles < 1) {
      throw new PilotError('INTERNAL', `invalid log rotation settings for ${path}: maxSizeBytes ${options.maxSizeBytes}, maxFiles ${options.maxFiles}`, {
        context: { path, maxSizeBytes: options.maxSizeBytes, maxFiles: options.maxFiles },
      });
    }
    this.path = path;
    this.maxSizeBytes = options.maxSizeBytes;
    this.maxFiles = options.maxFiles;
    this.maxPendingBytes = options.maxPendingBytes ?? 16 * 1024 * 1024;
    this.retryMs = options.retryMs ?? 1000;
    this.file = new AppendFile(path, options.checkIntervalMs ?? 1000);
    this.onError = options.onError ?? (() => {});
    this.onRecover = options.onRecover ?? (() => {});
  }

  /** Queues `text` for appending; returns at once. Ignored after close(). */
  write(text: string): void {
    this.enqueue(text, '', false);
  }

  /**
   * Queues `prefix`, `line` and a newline as one record, as write(prefix + line + "\n") would, without building
   * that string. Each is encoded on its own, so a surrogate pair split between them would become two U+FFFD.
   */
  writeLine(prefix: string, line: string): void {
    this.enqueue(prefix, line, true);
  }

  private enqueue(head: string, tail: string, newline: boolean): void {
    if (this.closing) return;
    if (this.failing && !this.retryDue) {
      this.drop(1, byteLength(head, tail, newline));
      return;
    }
    // The exact size is only needed near the cap; far from it, the most the text can take will do.
    if (this.pendingBytes > 0 && this.pendingBytes + maxUtf8Bytes(head) + maxUtf8Bytes(tail) + 1 > this.maxPendingBytes) {
      const bytes = byteLength(head, tail, newline);
      if (this.pendingBytes + bytes > this.maxPendingBytes) {
        this.overflowing = true;
        this.drop(1, bytes);
        this.report(new BacklogError(this.path, this.maxPendingBytes));
        return;
      }
    }
    this.pendingBytes += this.records.append(head, tail, newline);
    if (!this.scheduled && !this.draining) {
      this.scheduled = true;
      // Everything written in this turn of the event loop goes out as one batch.
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    }
  }

  /** Resolves once everything queued so far is written (or dropped). */
  flush(): Promise<void> {
    if (!this.scheduled && !this.draining && this.records.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes what can be written, then closes the file; later writes are ignored. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      await this.file.close();
    })();
    return this.closing;
  }

  // The one writing loop: takes the queue, writes it in batches, rotating as needed.
  private async drain(): Promise<void> {
    this.draining = true;
    while (this.records.count > 0) {
      const batch = this.records.take();
      const sizes = batch.sizes;
      let next = 0;
      try {
        while (next < sizes.length) {
          await this.file.open();
          const first = sizes[next] as number;
          if (this.file.size > 0 && this.file.size + first > this.maxSizeBytes) {
            await this.file.rotate(this.maxFiles);
            this.brokenRecord = false;
          }
          let end = next + 1;
          let bytes = first;
          for (; end < sizes.length; end++) {
            const more = sizes[end] as number;
            if (this.file.size + bytes + more > this.maxSizeBytes || bytes + more > MAX_BATCH_BYTES) break;
            bytes += more;
          }
          const bytesOut = batch.read(bytes);
          await this.file.write(this.brokenRecord ? Buffer.concat([NEWLINE, bytesOut]) : bytesOut);
          this.brokenRecord = false;
          this.pendingBytes -= bytes;
          next = end;
          this.afterWrite();
        }
      } catch (err) {
        if (err instanceof PartialWrite) {
          const unwritten = firstUnwritten(sizes, next, err.bytesWritten - (this.brokenRecord ? 1 : 0));
          this.brokenRecord = true;
          this.fail(err.reason, sizes, unwritten);
        } else {
          this.fail(err, sizes, next);
        }
      }
    }
    this.records.release();
    this.draining = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  // A batch was written: leave the failing / overflowing state and report what was lost meanwhile.
  private afterWrite(): void {
    if (this.failing) {
      this.failing = false;
      this.retryDue = false;
    }
    if (this.overflowing && this.pendingBytes === 0) this.overflowing = false;
    if (this.failing || this.overflowing || (this.reported.size === 0 && this.dropped.lines === 0)) return;
    const dropped = this.dropped;
    this.dropped = { lines: 0, bytes: 0 };
    this.reported.clear();
    this.onRecover(dropped);
  }

  // Writing failed: drop records [from..] of the batch and everything queued, report, retry later.
  private fail(err: unknown, sizes: number[], from: number): void {
    void this.file.close();
    for (let i = from; i < sizes.length; i++) this.drop(1, sizes[i] as number);
    for (const bytes of this.records.take().sizes) this.drop(1, bytes);
    this.pendingBytes = 0;
    this.overflowing = false;
    this.failing = true;
    this.retryDue = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryDue = true;
    }, this.retryMs);
    this.retryTimer.unref();
    this.report(toErrno(err));
  }

  private drop(lines: number, bytes: number): void {
    this.dropped.lines += lines;
    this.dropped.bytes += bytes;
  }

  // Reports each kind of problem once until writing works again.
  private report(err: NodeJS.ErrnoException): void {
    const kind = err.code ?? err.message;
    if (this.reported.has(kind)) return;
    this.reported.add(kind);
    this.onError(err);
  }
}

/** The UTF-8 size of a record (for what is dropped: what is written is measured by encoding it). */
function byteLength(head: string, tail: string, newline: boolean): number {
  return Buffer.byteLength(head) + Buffer.byteLength(tail) + (newline ? 1 : 0);
}

/** Index of the first of the records from `from` on that did not fully reach the file. */
function firstUnwritten(sizes: number[], from: number, bytesWritten: number): number {
  let index = from;
  for (let done = 0; index < sizes.length && done + (sizes[index] as number) <= bytesWritten; index++) done += sizes[index] as number;
  return index;
}

function toErrno(err: unknown): NodeJS.ErrnoException {
  return err instanceof Error ? err : new Error(String(err));
}
