// The host's facts for `pilot top`, refreshed in the background; systeminformation is loaded on first use,
// after the first frame is on screen.
import type { HostFacts } from '../../stats/host-info.js';

export class HostWatch {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly onFacts: (facts: HostFacts) => void, private readonly intervalMs: number) {}

  start(): void {
    void this.refresh();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async refresh(): Promise<void> {
    try {
      const { hostFacts } = await import('../../stats/host-info.js');
      const facts = await hostFacts();
      if (!this.stopped) this.onFacts(facts);
    } catch {
      // no host line then; the processes are what matters
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.refresh(), this.intervalMs);
  }
}
