// stdout/stderr writers that survive a closed pipe: `pilot … | head` ends quietly.
import { colorEnabled, makePaint, type Paint } from './colors.js';

/** One output stream: writes stop silently once the reader has gone away. */
export class SafeStream {
  readonly paint: Paint;
  private gone = false;

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean }, color: boolean) {
    this.paint = makePaint(color);
    // EPIPE (the reader closed the pipe) or any other write failure: stop writing, never crash.
    stream.on('error', () => {
      this.gone = true;
    });
  }

  /** True when writing to a terminal. */
  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** True once the reader has closed the pipe. */
  get closed(): boolean {
    return this.gone;
  }

  /** Writes text or bytes; resolves when flushed (or at once if the reader is gone). */
  write(chunk: string | Uint8Array): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.write(chunk, () => resolve());
    });
  }

  /** Writes `text` followed by a newline. */
  line(text = ''): Promise<void> {
    return this.write(`${text}\n`);
  }
}

export interface Output {
  out: SafeStream;
  err: SafeStream;
}

/** Wraps process.stdout/stderr with colour decided per stream. */
export function createOutput(options: { noColor: boolean; env?: NodeJS.ProcessEnv }): Output {
  const env = options.env ?? process.env;
  return {
    out: new SafeStream(process.stdout, colorEnabled(process.stdout, env, options.noColor)),
    err: new SafeStream(process.stderr, colorEnabled(process.stderr, env, options.noColor)),
  };
}
