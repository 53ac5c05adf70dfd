// What `pilot top` shows: the stack's status, each process's recent CPU, the host, the selection and
// the outcome of the last key. Kept up to date from status replies and `stats` events.
import type { HostFacts } from '../../stats/host-info.js';
import type { StatsTick } from '../../stats/types.js';
import type { ProcessStatus } from '../../supervisor/status.js';

/** CPU samples kept per process for the sparkline. */
export const HISTORY = 60;

export interface TopMessage {
  text: string;
  tone: 'info' | 'ok' | 'error';
}

export class TopModel {
  statuses: ProcessStatus[] = [];
  host: HostFacts | null = null;
  message: TopMessage | null = null;
  /** The stack said it is stopping. */
  stackStopping = false;
  private selectedName: string | null = null;
  private readonly history = new Map<string, number[]>();

  /** A fresh status list (order and states); the selection follows its process. */
  setStatuses(list: ProcessStatus[]): void {
    this.statuses = list;
    if (this.selectedName === null || !list.some((s) => s.name === this.selectedName)) this.selectedName = list[0]?.name ?? null;
  }

  /** A sampling tick: the numbers of each sampled process and one more point of its history. */
  addTick(tick: StatsTick): void {
    for (const sample of tick.samples) {
      const status = this.statuses.find((s) => s.name === sample.process);
      if (status && status.pid === sample.pid) {
        status.cpu_percent = sample.cpuPercent;
        status.memory_bytes = sample.memoryBytes;
      }
      const points = this.history.get(sample.process) ?? [];
      points.push(sample.cpuPercent);
      if (points.length > HISTORY) points.shift();
      this.history.set(sample.process, points);
    }
  }

  cpuHistory(process: string): readonly number[] {
    return this.history.get(process) ?? [];
  }

  /** Index of the selected process (0 when there is none). */
  get selectedIndex(): number {
    return Math.max(0, this.statuses.findIndex((s) => s.name === this.selectedName));
  }

  get selected(): string | null {
    return this.selectedName;
  }

  /** Moves the selection by `delta` rows, stopping at the ends. */
  move(delta: number): void {
    const i = Math.min(this.statuses.length - 1, Math.max(0, this.selectedIndex + delta));
    this.selectedName = this.statuses[i]?.name ?? null;
  }
}
