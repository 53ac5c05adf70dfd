// What a process's child left behind outside its process group — grandchildren that called setsid — is
// killed once the child has ended, before the process starts again (as systemd does with a service's control
// group). The group itself is killed as the child ends (spawn-child.ts); this finds the rest by the markers
// in their environment. One sliced /proc walk serves every process that ended in the same turn of the loop,
// and reads only the processes that started after the oldest of those children (its descendants cannot be older).
import type { KillFn } from './kill-group.js';
import { pidMark, type PidMark } from './pid-mark.js';
import { markedProcesses, type MarkedProcess } from './proc-fs.js';
import { killEach, waitGone, type Swept } from './sweep.js';

/** Finds what carries the stack's markers for `names` among what started after `since` (null: among all). */
export type MarkedScan = (stackId: string, names: ReadonlySet<string>, since: PidMark | null) => Promise<MarkedProcess[]>;

const scanMarked: MarkedScan = (stackId, names, since) => markedProcesses(stackId, { names, since });

export interface LeftoverSweeperOptions {
  stackId: string;
  kill: KillFn;
  /** How long to wait for the killed to be gone (the stack's kill_timeout). */
  waitMs: () => number;
  /** Told what was killed, per process. */
  report: (process: string, killed: Swept[]) => void;
  scan?: MarkedScan;
  /** Where the pid allocator stands now (injected by tests). */
  mark?: () => PidMark | null;
}

interface Batch {
  names: Set<string>;
  /** The mark of the oldest child among them. */
  since: PidMark | null;
  done: Promise<void>;
}

export class LeftoverSweeper {
  /** The sweep each process waits for before it may start again. */
  private readonly sweeps = new Map<string, Promise<void>>();
  /** The names of the next walk, still collecting (it starts at the next turn of the loop). */
  private batch: Batch | null = null;
  /** Per process, where the pid allocator stood just before its current child was started. */
  private readonly startMarks = new Map<string, PidMark | null>();

  constructor(private readonly o: LeftoverSweeperOptions) {}

  /** A child of `process` has ended: sweep what it left (in one walk with others that ended meanwhile). */
  childEnded(process: string): void {
    // a child started without a mark (none taken, or /proc unreadable then) makes its walk read every process
    const mark = this.startMarks.get(process) ?? null;
    const batch = this.batch ?? this.newBatch(mark);
    batch.since = older(batch.since, mark); // the oldest child's descendants include every younger one's
    batch.names.add(process);
    this.sweeps.set(process, batch.done);
    void batch.done.then(() => {
      if (this.sweeps.get(process) === batch.done) this.sweeps.delete(process);
    });
  }

  // The walk starts at the next turn of the loop, with the names collected until then.
  private newBatch(since: PidMark | null): Batch {
    const names = new Set<string>();
    const batch: Batch = { names, since, done: Promise.resolve() };
    batch.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.batch = null;
      return this.sweep(names, batch.since);
    });
    this.batch = batch;
    return batch;
  }

  /**
   * Resolves once what the earlier children of `process` left has been killed (at once when nothing is
   * pending). Called just before `process` is started again: where the pid allocator stands is noted then,
   * and the walk after the new child ends reads only what started since.
   */
  settled(process: string): Promise<void> {
    this.startMarks.set(process, (this.o.mark ?? pidMark)());
    return this.sweeps.get(process) ?? Promise.resolve();
  }

  // Never rejects: a failed walk leaves the leftovers to the stop's sweep. A leftover may fork between the
  // listing of /proc and its kill: walks go on (a few at most) until one finds nothing more.
  private async sweep(names: ReadonlySet<string>, since: PidMark | null): Promise<void> {
    const killed: Swept[] = [];
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let found: MarkedProcess[];
      try {
        found = await (this.o.scan ?? scanMarked)(this.o.stackId, names, since);
      } catch {
        break;
      }
      const now = killEach(found, this.o.kill, killed); // skips those killed in an earlier pass, not yet gone
      if (now.length === 0) break;
      await waitGone(now.map((k) => k.pid), this.o.waitMs());
      killed.push(...now);
    }
    for (const name of names) {
      const mine = killed.filter((k) => k.process === name);
      if (mine.length > 0) this.o.report(name, mine);
    }
  }
}

const MAX_PASSES = 4;

// The earlier of two marks (fewer forks since boot); null (unknown) wins: then every process is read.
function older(a: PidMark | null, b: PidMark | null): PidMark | null {
  if (a === null || b === null) return null;
  return a.forks <= b.forks ? a : b;
}
