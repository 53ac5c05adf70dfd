// The compact boot progress shown at the bottom of a terminal until every process is ready.
import kleur from 'kleur';
import type { PilotEvent } from '../../supervisor/events.js';

export class BootProgress {
  private readonly ready = new Set<string>();
  private done = false;

  constructor(private readonly names: string[]) {}

  /** Takes an event into account; returns the status line to show, or null when there is none. */
  update(event: PilotEvent, color: boolean): string | null {
    if (event.type === 'ready') this.ready.add(event.process);
    if (event.type === 'stack' && event.phase !== 'booting') this.done = true;
    if (this.done) return null;
    const waiting = this.names.filter((n) => !this.ready.has(n));
    const text = `booting: ${this.ready.size}/${this.names.length} ready · waiting for ${waiting.join(', ')}`;
    return color ? kleur.dim(text) : text;
  }
}
