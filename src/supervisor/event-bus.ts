// Fan-out of PilotEvents to listeners; a listener that throws never breaks the supervisor.
import type { PilotEvent, PilotListener } from './events.js';

export class EventBus {
  private readonly listeners = new Set<PilotListener>();

  /** Adds a listener; returns its unsubscribe function. */
  on(listener: PilotListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: PilotEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a subscriber's bug is its own; supervising goes on
      }
    }
  }
}
