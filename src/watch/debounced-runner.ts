// Turns bursts of file changes into runs of one action: after `delayMs` without a new change, never
// two runs at once; changes during a run lead to one more run after it, not a parallel one.
import { ChangeBatch, type ChangeKind } from './change-batch.js';

/** The timer functions used (the supervisor's Clock fits; tests pass a virtual one). */
export interface Timers {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export class DebouncedRunner {
  private readonly batch = new ChangeBatch();
  private timer: unknown = null;
  private running = false;
  /** The window closed during a run: run again once it is over. */
  private due = false;
  private closed = false;

  /** `run` gets the changed files, latest first; its rejections are its own business (they are swallowed). */
  constructor(private readonly delayMs: number, private readonly timers: Timers, private readonly run: (files: string[]) => Promise<void>) {}

  /** A change: (re)opens the window. */
  notify(path: string, kind: ChangeKind): void {
    if (this.closed) return;
    this.batch.record(path, kind);
    if (this.timer !== null) this.timers.clearTimer(this.timer);
    this.timer = this.timers.setTimer(() => this.windowClosed(), this.delayMs);
  }

  /** True while a run is under way or changes wait for one. */
  get busy(): boolean {
    return this.running || this.timer !== null || this.due;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimer(this.timer);
    this.timer = null;
  }

  private windowClosed(): void {
    this.timer = null;
    if (this.running) this.due = true;
    else this.start();
  }

  private start(): void {
    const files = this.batch.take();
    if (files.length === 0 || this.closed) return; // only temporary files came and went
    this.running = true;
    void this.run(files)
      .catch(() => {
        // the caller reports its own failures
      })
      .finally(() => {
        this.running = false;
        if (this.due && !this.closed) {
          this.due = false;
          this.start();
        }
      });
  }
}
