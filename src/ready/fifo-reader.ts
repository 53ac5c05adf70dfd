// Reads lines from a FIFO without blocking anything: the fd is opened O_RDWR|O_NONBLOCK (the open never
// blocks, and pilot holds a write end too, so a child closing its end is no EOF) and read as a libuv
// stream through net.Socket, so neither the event loop nor the thread pool waits on it.
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';

const READY_LINE = 'ready';
/** A line longer than this is not `ready`; drop it rather than buffer without bound. */
const MAX_LINE = 4096;
/** Ignored lines reported through `log` before going quiet. */
const MAX_LOGGED = 3;

export class FifoReader {
  private readonly socket: Socket;
  private partial = '';
  private sawReady = false;
  private failure: Error | undefined;
  private ignored = 0;
  private readonly listeners = new Set<() => void>();

  /** Opens the FIFO at `path` and starts buffering at once, so nothing written before `waitForReady` is lost. */
  constructor(
    readonly path: string,
    private readonly log: (message: string) => void,
  ) {
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    try {
      this.socket = new Socket({ fd, readable: true, writable: false });
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.socket.setEncoding('utf8');
    this.socket.on('data', (chunk: string) => this.onData(chunk));
    this.socket.on('error', (err) => {
      this.failure = err;
      this.notify();
    });
    // Only a pending wait keeps the process alive, not the open FIFO.
    this.socket.unref();
  }

  /** Resolves once a `ready` line has arrived (possibly already); on abort rejects with a hint or the signal's reason. */
  waitForReady(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        if (!this.sawReady && !this.failure && !signal.aborted) return;
        this.listeners.delete(settle);
        signal.removeEventListener('abort', settle);
        this.socket.unref();
        if (this.sawReady) resolve();
        else if (this.failure) reject(this.failure);
        else reject(this.partial.trim() === READY_LINE ? new Error('"ready" was written without a newline') : signal.reason);
      };
      this.listeners.add(settle);
      signal.addEventListener('abort', settle, { once: true });
      this.socket.ref();
      settle();
    });
  }

  /** Stops reading and closes the fd; a wait still pending rejects. */
  close(): void {
    this.socket.destroy();
    this.failure ??= new Error('ready pipe closed');
    this.notify();
  }

  private onData(chunk: string): void {
    this.partial += chunk;
    let newline: number;
    while ((newline = this.partial.indexOf('\n')) !== -1) {
      this.onLine(this.partial.slice(0, newline).trim());
      this.partial = this.partial.slice(newline + 1);
    }
    if (this.partial.length > MAX_LINE) {
      this.onLine(this.partial.slice(0, 80));
      this.partial = '';
    }
  }

  private onLine(line: string): void {
    if (line === READY_LINE) {
      this.sawReady = true;
      return this.notify();
    }
    if (line === '' || this.sawReady) return;
    this.ignored += 1;
    if (this.ignored <= MAX_LOGGED) this.log(`ready pipe: ignoring line ${JSON.stringify(line.slice(0, 80))} (waiting for "ready")`);
    else if (this.ignored === MAX_LOGGED + 1) this.log('ready pipe: ignoring further lines until "ready"');
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
