// Ctrl-C and SIGTERM during `pilot run`: the first stops (forwarded to CMD while it runs), a second Ctrl-C kills.
import { constants } from 'node:os';

export interface RunSignalControls {
  /** The first SIGINT/SIGTERM/SIGHUP. */
  stop(signal: NodeJS.Signals): void;
  /** A second Ctrl-C. */
  kill(): void;
}

export interface RunSignals {
  /** The first signal received, or null. */
  readonly received: NodeJS.Signals | null;
  /** pilot's exit code for it: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
  exitCode(): number;
  remove(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Installs the handlers until `remove()`. */
export function handleRunSignals(controls: RunSignalControls, proc: NodeJS.Process = process): RunSignals {
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received === null) {
      received = signal;
      controls.stop(signal);
    } else if (signal === 'SIGINT') {
      controls.kill();
    }
  };
  for (const s of SIGNALS) proc.on(s, onSignal);
  return {
    get received() {
      return received;
    },
    exitCode: () => (received === null ? 0 : 128 + (constants.signals[received] ?? 0)),
    remove: () => SIGNALS.forEach((s) => proc.off(s, onSignal)),
  };
}
