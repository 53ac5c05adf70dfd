// Ctrl-C, SIGTERM and SIGHUP stop the stack gracefully; a second Ctrl-C kills it at once.

export interface StopControls {
  stop(reason: string): void;
  kill(): void;
  notify(text: string): void;
}

/** Installs the handlers; returns a function that removes them. */
export function handleStopSignals(controls: StopControls, proc: NodeJS.Process = process): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopping) {
      stopping = true;
      controls.notify(signal === 'SIGINT' ? 'stopping (press Ctrl-C again to kill at once)' : `received ${signal}, stopping`);
      controls.stop(`received ${signal}`);
      return;
    }
    if (signal === 'SIGINT') {
      controls.notify('killing every process now');
      controls.kill();
    }
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) proc.on(s, onSignal);
  return () => {
    for (const s of signals) proc.off(s, onSignal);
  };
}
