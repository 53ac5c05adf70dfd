// A ControlTarget without processes: status and tail from fixed data, operations recorded and held
// until the test releases them, events emitted on demand.
import { PilotError } from '../../src/errors.js';
import type { ControlTarget } from '../../src/control/target.js';
import type { PilotEvent, PilotListener } from '../../src/supervisor/events.js';
import type { ReloadResult } from '../../src/supervisor/reload-result.js';
import type { ProcessStatus } from '../../src/supervisor/status.js';
import type { OutputLine } from '../../src/supervisor/unit.js';

export interface Held {
  method: string;
  names: string[];
  release(): void;
  fail(err: Error): void;
}

export function statusOf(name: string, pid: number | null): ProcessStatus {
  return { name, state: pid === null ? 'stopped' : 'running', pid, restarts: 0, exit_code: null, signal: null, started_at: null, ready_at: null, ready_detail: null, cpu_percent: null, memory_bytes: null, reason: null, watchdog: null };
}

export class FakeTarget implements ControlTarget {
  readonly stackId = 'fake-stack';
  readonly listeners = new Set<PilotListener>();
  /** Operations waiting for the test to release them, in call order. */
  readonly held: Held[] = [];
  stopReasons: string[] = [];
  lines = new Map<string, OutputLine[]>();
  private onHeld: (() => void) | null = null;

  constructor(
    readonly manifestFile: string,
    readonly names: string[] = ['db', 'web'],
  ) {}

  on(listener: PilotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: PilotEvent): void {
    for (const l of this.listeners) l(event);
  }

  stop(reason?: string): Promise<void> {
    this.stopReasons.push(reason ?? '');
    return Promise.resolve();
  }

  restart(names: string[]): Promise<void> {
    return this.hold('restart', names);
  }

  stopProcesses(names: string[]): Promise<void> {
    return this.hold('stop', names);
  }

  startProcesses(names: string[]): Promise<void> {
    return this.hold('start', names);
  }

  /** Answers with a rejected reload (no manifest behind this target): nothing changes. */
  reload(): Promise<ReloadResult> {
    return Promise.resolve({ valid: false, file: this.manifestFile, diagnostics: [] });
  }

  status(): ProcessStatus[] {
    return this.names.map((n, i) => statusOf(n, 1000 + i));
  }

  tail(name: string, n = 100): OutputLine[] {
    if (!this.names.includes(name)) throw new PilotError('UNKNOWN_PROCESS', `unknown process "${name}"`, { exitCode: 2 });
    return (this.lines.get(name) ?? []).slice(-n);
  }

  /** Resolves with the next held operation (already held or yet to come). */
  async nextHeld(index: number): Promise<Held> {
    while (this.held.length <= index) await new Promise<void>((resolve) => (this.onHeld = resolve));
    return this.held[index] as Held;
  }

  private hold(method: string, names: string[]): Promise<void> {
    const unknown = names.filter((n) => !this.names.includes(n));
    if (unknown.length > 0) return Promise.reject(new PilotError('UNKNOWN_PROCESS', `unknown process "${unknown[0]}" (processes: ${this.names.join(', ')})`, { exitCode: 2 }));
    return new Promise((resolve, reject) => {
      this.held.push({ method, names, release: resolve, fail: reject });
      this.onHeld?.();
      this.onHeld = null;
    });
  }
}
