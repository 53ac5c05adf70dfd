// Worker threads running cases in parallel, each case under a watchdog: a hung or crashed case is
// reported, its worker replaced, and the run goes on.
import { Worker } from 'node:worker_threads';
import type { Outcome } from './judge.js';
import type { WorkResult } from './worker.js';

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

interface Pending {
  resolve: (outcome: Outcome) => void;
  timer: NodeJS.Timeout;
  started: number;
  slot: Slot;
}

const WORKER = new URL('./worker.js', import.meta.url);

export class WorkerPool {
  private slots: Slot[] = [];
  private waiting: (() => void)[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(size: number, private readonly timeoutMs: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Runs `pilot <argv>` in a free worker; never rejects. */
  async run(argv: string[]): Promise<Outcome> {
    const slot = await this.acquire();
    await slot.ready;
    const id = this.nextId++;
    return new Promise<Outcome>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => this.abandon(id, { code: null, stdout: '', stderr: '', ms: performance.now() - started, timedOut: true }), this.timeoutMs);
      this.pending.set(id, { resolve, timer, started, slot });
      slot.worker.postMessage({ id, argv });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    // ~1 MB of stack like node's main thread (a worker gets 4 MB by default), so deep input overflows here as it would in the CLI.
    const worker = new Worker(WORKER, { env: cleanEnv(), stdout: false, resourceLimits: { stackSizeMb: 1, maxOldGenerationSizeMb: 1024 } });
    const slot: Slot = { worker, busy: false, ready: new Promise((resolve) => worker.once('message', () => resolve())) };
    worker.on('message', (msg: WorkResult | 'ready') => {
      if (msg === 'ready') return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve({ code: msg.code, stdout: msg.stdout, stderr: msg.stderr, ms: msg.ms });
      this.release(slot);
    });
    const died = (why: string): void => {
      for (const [id, p] of this.pending) if (p.slot === slot) this.abandon(id, { code: null, stdout: '', stderr: '', ms: performance.now() - p.started, crashed: why });
    };
    worker.on('error', (err) => died(`${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim()));
    worker.on('exit', (code) => died(`worker exited with code ${code}`));
    return slot;
  }

  // A case that hung or crashed its worker: report it and put a fresh worker in the slot.
  private abandon(id: number, outcome: Outcome): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(outcome);
    const index = this.slots.indexOf(p.slot);
    p.slot.worker.removeAllListeners('exit');
    void p.slot.worker.terminate();
    const fresh = this.spawn();
    if (index >= 0) this.slots[index] = fresh;
    this.release(fresh);
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.acquire())));
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }
}

/** pilot's environment for a fuzzing run: no colour, whatever the caller's terminal says. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
}
