// Keeps the state file in step with the live children, so a later `pilot up` can sweep survivors.
import { startTimeOf } from './proc-fs.js';
import type { ChildRun } from './spawn-child.js';
import { claimStateFile, type Claim } from './state-claim.js';
import { removeStateFile, writeStateFile, type ChildRecord, type StackState } from './state-file.js';

export class StateRecorder {
  private readonly children = new Map<ChildRun, ChildRecord>();
  private active = false;
  private writeQueued = false;
  private writeTimer: NodeJS.Immediate | undefined;
  private readonly startTime = startTimeOf(process.pid);

  /** `onError` hears about a file that cannot be written (the stack goes on, unswept next time). */
  constructor(private readonly file: string, private readonly onError: (message: string) => void) {}

  /**
   * Claims the stack for this supervisor (its pid and start time), unless a live supervisor holds it
   * (`alive` judges the one on record). Atomic against a rival claiming at the same time.
   */
  async claim(alive: (holder: StackState) => boolean): Promise<Claim> {
    const claim = await claimStateFile(this.file, this.state(), alive);
    this.active = claim.claimed;
    return claim;
  }

  add(process: string, run: ChildRun): void {
    this.children.set(run, { process, pid: run.pid, pgid: run.pgid, startTime: run.startTime });
    this.queueWrite();
  }

  remove(run: ChildRun): void {
    if (this.children.delete(run)) this.queueWrite();
  }

  /** The stack is down: nothing is left to sweep, the file goes. */
  end(): void {
    this.active = false;
    this.children.clear();
    try {
      removeStateFile(this.file);
    } catch (err) {
      this.onError(`cannot remove ${this.file}: ${(err as Error).message}`);
    }
  }

  // One write for every change made in this turn of the event loop: a boot spawns many children from
  // separate promise continuations, and writing the whole file per spawn costs O(n²) (a microtask
  // per change still wrote 50 times for 50 spawns: 46 ms of renames).
  private queueWrite(): void {
    if (this.writeQueued) return;
    this.writeQueued = true;
    this.writeTimer = setImmediate(() => {
      this.writeQueued = false;
      this.write();
    });
  }

  /** Writes a queued change now (the boot calls this before it reports the stack up). */
  flush(): void {
    if (!this.writeQueued) return;
    clearImmediate(this.writeTimer);
    this.writeQueued = false;
    this.write();
  }

  private state(): StackState {
    return { version: 1, supervisor: { pid: process.pid, startTime: this.startTime }, children: [...this.children.values()] };
  }

  private write(): void {
    if (!this.active) return;
    try {
      writeStateFile(this.file, this.state());
    } catch (err) {
      this.onError(`cannot write ${this.file}: ${(err as Error).message}`);
    }
  }
}
