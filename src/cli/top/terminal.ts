// The terminal while `pilot top` runs: alternate screen, hidden cursor, raw keys; and getting it back.
// Every way out is covered: the caller's own end, a signal, an uncaught error (reported after the screen is
// back, so it can be read), and process exit. Restoring is idempotent.
import { writeSync } from 'node:fs';

const ENTER = '\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J';
const LEAVE = '\u001b[?25h\u001b[?1049l';
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

export interface TerminalIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
}

/** How the session ended when the terminal ended it: the exit code, and what to say once the screen is back. */
export interface Ending {
  code: number;
  message?: string;
}

export interface TerminalHandlers {
  /** Each chunk typed (raw: Ctrl-C arrives as a key, not as SIGINT). */
  keys(chunk: string): void;
  resize(): void;
  /** A signal or an uncaught error: end the session (the terminal is already restored). */
  end(ending: Ending): void;
}

export class Terminal {
  private off: (() => void)[] = [];

  constructor(private readonly io: TerminalIO) {}

  get width(): number {
    return this.io.stdout.columns || 80;
  }

  get height(): number {
    return this.io.stdout.rows || 24;
  }

  /** Takes over the screen and the keyboard until `leave()`. */
  enter(h: TerminalHandlers): void {
    const { stdin, stdout } = this.io;
    const on = <A extends unknown[]>(emitter: NodeJS.EventEmitter, event: string, fn: (...args: A) => void): void => {
      emitter.on(event, fn as (...args: unknown[]) => void);
      this.off.push(() => emitter.off(event, fn as (...args: unknown[]) => void));
    };
    on(process, 'exit', () => this.leave());
    for (const [signal, code] of Object.entries(SIGNALS)) on(process, signal, () => this.ended(h, { code }));
    on(process, 'uncaughtException', (err: Error) => this.ended(h, { code: 1, message: `pilot top: internal error: ${err.stack ?? err.message}` }));
    on(stdin, 'data', h.keys);
    on(stdout, 'resize', h.resize);
    stdout.write(ENTER);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
  }

  /** Draws `lines` from the top-left corner, clearing what the previous frame left. */
  draw(lines: readonly string[]): void {
    if (this.off.length === 0) return;
    this.io.stdout.write(`\u001b[H${lines.map((l) => `${l}\u001b[K`).join('\r\n')}\u001b[J`);
  }

  /** Gives the terminal back as it was (cursor, main screen, cooked input); safe to call more than once. */
  leave(): void {
    if (this.off.length === 0) return;
    for (const off of this.off.splice(0)) off();
    const { stdin, stdout } = this.io;
    try {
      stdin.setRawMode(false);
    } catch {
      // the terminal is gone (hung up): nothing to restore
    }
    stdin.pause();
    try {
      writeSync((stdout as { fd?: number }).fd ?? 1, LEAVE); // synchronous: also from an 'exit' handler
    } catch {
      // as above
    }
  }

  private ended(h: TerminalHandlers, ending: Ending): void {
    this.leave();
    h.end(ending);
  }
}
