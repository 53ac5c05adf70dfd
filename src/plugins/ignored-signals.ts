// Plugin calls that go on after their abort signal fired (a ready strategy's wait() or check()). Each is
// reported once it has ignored the signal for IGNORED_SIGNAL_MS; when the stack stops sooner (a failed
// boot stops it within that second), its stop waits for that mark and reports then, before the end.
import type { StackService } from '../supervisor/stack-service.js';
import { settlesWithin } from './call-plugin.js';

/** A call still pending this long after its signal aborted is reported as ignoring it. */
export const IGNORED_SIGNAL_MS = 1000;

interface Overdue {
  firedAt: number;
  pending: Promise<unknown>;
  report: () => void;
  timer: NodeJS.Timeout;
}

export class IgnoredSignals implements StackService {
  /** Calls whose signal fired less than IGNORED_SIGNAL_MS ago and that are still pending. */
  private readonly watched = new Set<Overdue>();
  private killed = false;

  /** Returns `pending`; `report()` is called if it is still pending IGNORED_SIGNAL_MS after `signal` aborted. */
  watch<T>(signal: AbortSignal, pending: Promise<T>, report: () => void): Promise<T> {
    let overdue: Overdue | null = null;
    const onAbort = (): void => {
      const timer = setTimeout(() => this.take(entry) && report(), IGNORED_SIGNAL_MS);
      timer.unref(); // a call that never settles must not keep pilot alive
      const entry: Overdue = { firedAt: performance.now(), pending, report, timer };
      overdue = entry;
      this.watched.add(entry);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    return pending.finally(() => {
      signal.removeEventListener('abort', onAbort);
      if (overdue) this.take(overdue);
    });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Gives each call its IGNORED_SIGNAL_MS (no more), and reports those still pending; after a kill, none. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.watched].map(async (entry) => {
        if (this.killed) return void this.take(entry);
        const left = entry.firedAt + IGNORED_SIGNAL_MS - performance.now();
        if (left > 0) await settlesWithin(entry.pending, left);
        if (this.take(entry)) entry.report();
      }),
    );
  }

  kill(): void {
    this.killed = true;
  }

  // Forgets `entry`; true when it was still watched (so it is reported once at most).
  private take(entry: Overdue): boolean {
    clearTimeout(entry.timer);
    return this.watched.delete(entry);
  }
}
