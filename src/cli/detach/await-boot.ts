// The launcher's wait for the background supervisor: its report, its death, a deadline, or our own Ctrl-C.
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { parseOutcome, REPORT_FD, type BootOutcome } from './boot-outcome.js';

export type BootWait =
  | { kind: 'reported'; outcome: BootOutcome }
  /** It ended (or could not be spawned) without reporting. */
  | { kind: 'died'; code: number | null; signal: NodeJS.Signals | null; error?: Error }
  | { kind: 'timeout' }
  /** The launcher itself was told to stop. */
  | { kind: 'interrupted'; signal: NodeJS.Signals };

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Resolves with whatever comes first; every listener and timer is removed once it has. */
export function awaitBoot(child: ChildProcess, options: { timeoutMs?: number; proc?: NodeJS.Process } = {}): Promise<BootWait> {
  const proc = options.proc ?? process;
  const pipe = child.stdio[REPORT_FD] as Readable | null | undefined;
  return new Promise((resolve) => {
    let text = '';
    const cleanups: (() => void)[] = [];
    const finish = (wait: BootWait): void => {
      for (const cleanup of cleanups) cleanup();
      resolve(wait);
    };

    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const end = text.indexOf('\n');
      if (end === -1) return;
      const outcome = parseOutcome(text.slice(0, end));
      if (outcome) finish({ kind: 'reported', outcome });
    };
    pipe?.on('data', onData);
    cleanups.push(() => pipe?.off('data', onData));

    // 'close' comes after the pipe has been read to its end, so a report written just before exiting wins.
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void => finish({ kind: 'died', code, signal });
    const onError = (error: Error): void => finish({ kind: 'died', code: null, signal: null, error });
    child.once('close', onClose);
    child.once('error', onError);
    cleanups.push(() => child.off('close', onClose), () => child.off('error', onError));

    if (options.timeoutMs !== undefined) {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
      cleanups.push(() => clearTimeout(timer));
    }

    const onSignal = (signal: NodeJS.Signals): void => finish({ kind: 'interrupted', signal });
    for (const s of STOP_SIGNALS) proc.on(s, onSignal);
    cleanups.push(() => STOP_SIGNALS.forEach((s) => proc.off(s, onSignal)));
  });
}
