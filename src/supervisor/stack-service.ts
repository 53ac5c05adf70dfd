// Parts that live as long as a stack runs, beside its units: plugin control servers, statistics delivery.
// Each is started at most once and stopped at most once, but the stop may come while its start still runs.

export interface StackService {
  /** Before anything starts: throw a PilotError to refuse the stack (e.g. a name no plugin offers). */
  check?(): void;
  /** After the stack is claimed (its control socket is up), before any process starts. Never rejects. */
  start(): Promise<void>;
  /**
   * After every process has stopped, before the stack counts as stopped; also while start() still runs
   * (the stack stops during its boot): start() must then settle soon, and stop() release what it brings
   * up. Never rejects, and is bounded: the supervisor's exit waits for it.
   */
  stop(): Promise<void>;
  /** The stack is being killed: cut whatever is in flight short. */
  kill?(): void;
}
