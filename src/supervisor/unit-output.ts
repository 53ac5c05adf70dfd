// A unit's output: the tail of every child's lines (for `pilot logs`, `tail()` and failure reports), each
// line emitted as an event, and the current child's own lines for readiness and hooks.
import { TailBuffer } from '../logs/tail-buffer.js';
import { ChildLines } from './child-lines.js';
import type { OutputStream } from './child-output.js';
import type { LineEvent, PilotEvent } from './events.js';

export interface OutputLine {
  at: number;
  stream: OutputStream;
  line: string;
}

const TAIL_LINES = 1000;

export class UnitOutput {
  private readonly buffer = new TailBuffer<LineEvent>(TAIL_LINES);
  /** The current child's lines (how many, and who listens for new ones). */
  readonly child = new ChildLines();

  constructor(private readonly process: string, private readonly wall: () => number, private readonly emit: (event: PilotEvent) => void) {}

  // The event doubles as the tail entry: one object per line, not two (a 200,000-line burst is mostly GC).
  /** A line of the current child: kept, emitted, and given to whoever listens to the child. */
  line(stream: OutputStream, line: string, truncated: boolean): void {
    const at = this.wall();
    const event: LineEvent = truncated ? { type: 'line', at, process: this.process, stream, line, truncated } : { type: 'line', at, process: this.process, stream, line };
    this.buffer.push(event);
    this.emit(event);
    this.child.push(event);
  }

  /** The newest `n` lines of any child, oldest first. */
  tail(n: number): OutputLine[] {
    return this.buffer.last(n).map(({ at, stream, line }) => ({ at, stream, line }));
  }

  /** The text of the newest `n` lines of any child. */
  lastText(n: number): string[] {
    return this.buffer.last(n).map((l) => l.line);
  }

  /** The newest `n` lines of the current (or last) child only. */
  childText(n: number): string[] {
    return this.lastText(Math.min(n, this.child.count));
  }
}
