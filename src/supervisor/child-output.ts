// Reads a child's stdout and stderr into lines, continuously (never paused: a chatty child never blocks).
import type { Readable } from 'node:stream';
import { LineSplitter } from '../logs/line-splitter.js';

export type OutputStream = 'stdout' | 'stderr';
export type OnOutputLine = (stream: OutputStream, line: string, truncated: boolean) => void;

/** Lines from both pipes of one child; `drained` settles once both pipes have closed. */
export class ChildOutput {
  readonly drained: Promise<void>;
  private readonly pipes: Readable[] = [];

  constructor(streams: Partial<Record<OutputStream, Readable | null>>, onLine: OnOutputLine, maxLineBytes?: number) {
    const closes: Promise<void>[] = [];
    for (const name of ['stdout', 'stderr'] as const) {
      const pipe = streams[name];
      if (!pipe) continue;
      this.pipes.push(pipe);
      const splitter = new LineSplitter((line, truncated) => onLine(name, line, truncated), { maxLineBytes });
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        splitter.end(); // keeps a last line that had no newline
      };
      pipe.on('data', (chunk: Buffer) => {
        if (!ended) splitter.push(chunk);
      });
      pipe.on('error', end); // EIO and friends: what was read is kept, the pipe is done
      closes.push(new Promise((resolve) => pipe.once('close', () => resolve(end()))));
    }
    this.drained = Promise.all(closes).then(() => undefined);
  }

  /** Stops reading (a grandchild may hold the pipes open forever); lines read so far are flushed. */
  destroy(): void {
    for (const pipe of this.pipes) pipe.destroy();
  }
}
