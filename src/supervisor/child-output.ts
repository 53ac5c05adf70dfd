// Reads a child's stdout and stderr into lines, continuously (never paused: a chatty child never blocks).
import type { Readable } from 'node:stream';
import { LineSplitter } from '../logs/line-splitter.js';

export type OutputStream = 'stdout' | 'stderr';
export type OnOutputLine = (stream: OutputStream, line: string, truncated: boolean) => void;

/**
 * Lines from both pipes of one child; `drained` settles once both pipes have closed.
 * A supervisor holds one per child for the child's whole life, so it keeps no per-pipe promises or closures.
 */
export class ChildOutput {
  readonly drained: Promise<void>;
  private readonly readers: PipeReader[] = [];
  private open = 0;
  private settle!: () => void;

  constructor(streams: Partial<Record<OutputStream, Readable | null>>, onLine: OnOutputLine, maxLineBytes?: number) {
    this.drained = new Promise((resolve) => (this.settle = resolve));
    for (const name of ['stdout', 'stderr'] as const) {
      const pipe = streams[name];
      if (!pipe) continue;
      this.open += 1;
      this.readers.push(new PipeReader(this, pipe, new LineSplitter(onLine.bind(undefined, name), { maxLineBytes })));
    }
    if (this.open === 0) this.settle();
  }

  /** Stops reading (a grandchild may hold the pipes open forever); lines read so far are flushed. */
  destroy(): void {
    for (const reader of this.readers) reader.pipe.destroy();
  }

  /** One of the pipes has closed. */
  pipeClosed(): void {
    this.open -= 1;
    if (this.open === 0) this.settle();
  }
}

// One pipe: its data goes to the splitter until it ends, errs or closes.
class PipeReader {
  private ended = false;
  private closed = false;

  constructor(private readonly owner: ChildOutput, readonly pipe: Readable, private readonly splitter: LineSplitter) {
    pipe.on('data', this.data.bind(this));
    pipe.on('error', this.end.bind(this)); // EIO and friends: what was read is kept, the pipe is done
    pipe.on('close', this.close.bind(this));
  }

  private data(chunk: Buffer): void {
    if (!this.ended) this.splitter.push(chunk);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.splitter.end(); // keeps a last line that had no newline
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.end();
    this.owner.pipeClosed();
  }
}
