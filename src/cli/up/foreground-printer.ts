// Prints a running stack in the foreground: each output line prefixed with its process,
// pilot's own messages about state changes, and a compact boot progress on a terminal.
import kleur from 'kleur';
import type { EventOf, PilotEvent } from '../../supervisor/events.js';
import { colorForName, formatPrefixed, prefixWidth } from '../../logs/prefix.js';
import { eventProcess, eventText } from './event-text.js';
import type { ConsoleOut } from './console-out.js';
import { BootProgress } from './boot-progress.js';
import { makePaint } from '../colors.js';
import { renderDiagnostics } from '../render-diagnostics.js';

const PILOT = 'pilot';

export class ForegroundPrinter {
  private width: number;
  private readonly progress: BootProgress | null;

  /** `debug`: also print the stack of an error a plugin threw. */
  constructor(private readonly out: ConsoleOut, names: string[], private readonly color: boolean, private readonly debug = false) {
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
    if (event.type === 'reload') this.reloaded(event.result);
    if (this.debug && event.type === 'plugin' && event.stack) for (const line of event.stack.split('\n')) this.out.line(this.color ? kleur.dim(`  ${line}`) : `  ${line}`);
    if (this.progress) this.out.setStatus(this.progress.update(event, this.color));
  }

  // New processes widen the prefix column (it never narrows: lines already printed keep lining up);
  // a rejected manifest gets its diagnostics, as `pilot validate` prints them.
  private reloaded(result: EventOf<'reload'>['result']): void {
    if (result.valid) {
      this.width = Math.max(this.width, prefixWidth([...result.added, PILOT]));
      return;
    }
    const text = renderDiagnostics(result.diagnostics, process.cwd(), makePaint(this.color));
    for (const line of text.trimEnd().split('\n')) this.out.line(line);
  }

  /** A line from pilot itself, about a process or the whole stack. */
  message(process: string | null, text: string): void {
    const who = process === null ? '' : `${this.color ? colorForName(process)(process) : process} `;
    const body = `${who}${text}`;
    const dimPrefix = this.color ? kleur.dim(PILOT.padEnd(this.width)) : PILOT.padEnd(this.width);
    this.out.line(`${dimPrefix} ${this.color ? '»' : '>'} ${body}`);
  }
}
