// Waiting for units to be running: what holds a process back until its dependencies are ready.
import type { StartGate, Unit } from './unit.js';

/**
 * Resolves once `unit` is running; rejects on abort, and (with `failWhenDown`) when it is down with
 * nothing under way to bring it back.
 */
export function waitRunning(unit: Unit, signal: AbortSignal, failWhenDown: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = (): void => {};
    const settle = (fn: () => void): void => {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => settle(() => reject(signal.reason));
    const check = (): void => {
      if (unit.state === 'running') return settle(resolve);
      const down = unit.state === 'failed' || unit.state === 'exited' || unit.state === 'stopped';
      if (failWhenDown && down && !unit.expectsRunning) {
        const why = unit.reason ? `: ${unit.reason}` : '';
        settle(() => reject(new Error(`dependency "${unit.name}" is ${unit.state}${why}`)));
      }
    };
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    unsubscribe = unit.onStateChange(check);
    check();
  });
}

/**
 * A gate that opens once every one of `dependencies` is running. During a boot it only waits (a failing
 * dependency fails the boot, which cancels the wait); afterwards a dependency that is down fails the start.
 */
export function dependenciesGate(dependencies: Unit[], failWhenDown: boolean): StartGate {
  return async (signal) => {
    await Promise.all(dependencies.map((dep) => waitRunning(dep, signal, failWhenDown)));
  };
}
