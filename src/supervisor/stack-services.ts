// The stack's services as one: checked before anything starts, started in order once the stack is
// claimed, stopped in reverse once its processes have stopped. A stop that comes while they start lets
// no further one start, and stops the one still starting (each stops what its own start brings up).
import type { StackService } from './stack-service.js';

export class StackServices {
  /** Those whose start() was called (the last one may still be starting), in order. */
  private readonly begun: StackService[] = [];
  private closed = false;

  constructor(private readonly services: readonly StackService[]) {}

  /** Throws (a PilotError) when a service refuses the stack. */
  check(): void {
    for (const service of this.services) service.check?.();
  }

  /** Starts each in turn; false when the stack began to stop meanwhile (the rest were not started). */
  async start(): Promise<boolean> {
    for (const service of this.services) {
      if (this.closed) return false;
      this.begun.push(service);
      await service.start();
    }
    return !this.closed;
  }

  /** Stops, in reverse order, every service whose start() was called; none starts after this. */
  async stop(): Promise<void> {
    this.closed = true;
    for (const service of [...this.begun].reverse()) await service.stop();
  }

  /** The stack is being killed: each service cuts what it has in flight short. */
  kill(): void {
    this.closed = true;
    for (const service of this.begun) service.kill?.();
  }
}
