// Unit lifecycle: the states of ARCHITECTURE §3 and the one table of legal transitions.

export type UnitState = 'pending' | 'starting' | 'running' | 'stopping' | 'stopped' | 'exited' | 'backoff' | 'failed';

export const UNIT_STATES: readonly UnitState[] = ['pending', 'starting', 'running', 'stopping', 'stopped', 'exited', 'backoff', 'failed'];

/** from → the states it may move to. */
export const TRANSITIONS: Readonly<Record<UnitState, readonly UnitState[]>> = {
  // waiting for dependencies; may be stopped before it ever starts, or fail in pre-start
  pending: ['starting', 'stopped', 'failed'],
  // spawned, not ready yet
  starting: ['running', 'stopping', 'exited', 'backoff', 'failed'],
  // ready
  running: ['stopping', 'exited', 'backoff', 'failed'],
  // stop signal sent, waiting for the group to end
  stopping: ['stopped', 'failed', 'exited', 'backoff'],
  // stopped on request; can be started again
  stopped: ['pending', 'starting'],
  // ended by itself and not restarted (do_not_restart with code 0, or stack shutting down)
  exited: ['pending', 'starting', 'stopped'],
  // waiting to restart (again, when the restart's pre_start hook failed)
  backoff: ['starting', 'stopped', 'failed', 'pending', 'backoff'],
  // spawn error, ready failure, restart budget spent, hook failure
  failed: ['pending', 'starting', 'stopped'],
};

export class IllegalTransitionError extends Error {
  constructor(readonly process: string, readonly from: UnitState, readonly to: UnitState) {
    super(`illegal state transition for ${process}: ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: UnitState, to: UnitState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which the unit has no live child. */
export function isDown(state: UnitState): boolean {
  return state === 'pending' || state === 'stopped' || state === 'exited' || state === 'backoff' || state === 'failed';
}
