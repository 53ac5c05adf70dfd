// The output of a unit's current child, for readiness and hooks: how many of the tail's lines are its
// own, and who listens for new ones (ready strategies that read output).
import type { LineEvent } from './events.js';

export class ChildLines {
  /** Lines the current (or last) child printed. */
  count = 0;
  private listeners: Set<(line: LineEvent) => void> | null = null;

  /** A new child: no lines of its own yet, nobody listening. */
  reset(): void {
    this.count = 0;
    this.listeners = null;
  }

  /** Readiness is settled: nobody needs to listen any more. */
  stopListening(): void {
    this.listeners = null;
  }

  push(line: LineEvent): void {
    this.count += 1;
    if (this.listeners) for (const listener of this.listeners) listener(line);
  }

  /** Calls `listener` with every further line of the current child; returns the unsubscribe function. */
  subscribe(listener: (line: LineEvent) => void): () => void {
    const listeners = (this.listeners ??= new Set());
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }
}
