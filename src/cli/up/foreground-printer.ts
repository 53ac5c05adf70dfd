// Prints a running stack in the foreground: each output line prefixed with its process,
// pilot's own messages about state changes, and a compact boot progress on a terminal.
import kleur from 'kleur';
import type { PilotEvent } from '../../supervisor/events.js';
import { colorForName, formatPrefixed, prefixWidth } from '../../logs/prefix.js';
import { eventProcess, eventText } from './event-text.js';
import type { ConsoleOut } from './console-out.js';
import { BootProgress } from './boot-progress.js';

const PILOT = 'pilot';

export class ForegroundPrinter {
  private readonly width: number;
  private readonly progress: BootProgress | null;

  constructor(private readonly out: ConsoleOut, names: string[], private readonly color: boolean) {
    this.width = prefixWidth([...names, PILOT]);
    this.progress = out.isTTY ? new BootProgress(names) : null;
  }

  /** Handles one supervisor event. */
  handle(event: PilotEvent): void {
    if (event.type === 'line') {
      this.out.line(formatPrefixed(event.process, this.width, event.stream, event.line, this.color));
      return;
    }
    const text = eventText(event);
    if (text !== null) this.message(eventProcess(event), text);
    if (this.progress) this.out.setStatus(this.progress.update(event, this.color));
  }

  /** A line from pilot itself, about a process or the whole stack. */
  message(process: string | null, text: string): void {
    const who = process === null ? '' : `${this.color ? colorForName(process)(process) : process} `;
    const body = `${who}${text}`;
    const dimPrefix = this.color ? kleur.dim(PILOT.padEnd(this.width)) : PILOT.padEnd(this.width);
    this.out.line(`${dimPrefix} ${this.color ? '»' : '>'} ${body}`);
  }
}
