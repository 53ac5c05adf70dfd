// The foreground's stdout: batched writes (one syscall per tick, not per line), a status line
// that stays at the bottom on a terminal, and quiet survival of a closed stdout (EPIPE, EIO).

export class ConsoleOut {
  private pending: string[] = [];
  private scheduled = false;
  private closed = false;
  private status: string | null = null;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', () => {
      // the reader went away (pilot up | head, a closed terminal): stop writing, keep supervising
      this.closed = true;
      this.pending = [];
    });
  }

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** Queues one line (without newline). */
  line(text: string): void {
    if (this.closed) return;
    this.pending.push(text, '\n');
    this.schedule();
  }

  /** Sets or clears the bottom status line (terminal only). */
  setStatus(text: string | null): void {
    if (!this.isTTY || this.closed || text === this.status) return;
    this.status = text;
    this.schedule();
  }

  /** Writes everything queued now. */
  flush(): void {
    this.scheduled = false;
    if (this.closed) return;
    const body = this.pending.join('');
    this.pending = [];
    const clear = this.isTTY ? '\r\x1b[K' : '';
    const status = this.isTTY && this.status ? this.status : '';
    if (!body && !clear) return;
    try {
      this.stream.write(clear + body + status);
    } catch {
      this.closed = true;
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }
}
