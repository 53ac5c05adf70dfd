// Reporting a call that keeps failing without flooding the output: the first failure in full, then a
// count every `summaryMs`, and one line when it works again.

export interface ThrottledReport {
  (level: 'info' | 'warning', message: string, error?: unknown): void;
}

export class FailureThrottle {
  /** Failures since the last success. */
  private failures = 0;
  /** Failures not yet reported. */
  private unreported = 0;
  private lastReportAt = 0;
  private lastMessage = '';

  constructor(private readonly report: ThrottledReport, private readonly summaryMs = 60_000) {}

  /** A failed call at wall time `at` (ms). */
  failed(message: string, at: number, error?: unknown): void {
    this.failures += 1;
    if (this.failures === 1) {
      this.lastReportAt = at;
      this.report('warning', `${message} (further failures are counted and reported every ${Math.round(this.summaryMs / 1000)} s)`, error);
      return;
    }
    this.unreported += 1;
    this.lastMessage = message;
    if (at - this.lastReportAt >= this.summaryMs) this.flush(at);
  }

  /** A call that worked: says so once after failures. */
  succeeded(at: number): void {
    if (this.failures === 0) return;
    const total = this.failures;
    this.failures = 0;
    this.unreported = 0;
    this.lastReportAt = at;
    this.report('info', `works again after ${total} failed call${total === 1 ? '' : 's'}`);
  }

  private flush(at: number): void {
    const seconds = Math.round((at - this.lastReportAt) / 1000);
    this.report('warning', `failed ${this.unreported} more time${this.unreported === 1 ? '' : 's'} in the last ${seconds} s (last: ${this.lastMessage})`);
    this.unreported = 0;
    this.lastReportAt = at;
  }
}
