// Once a command has returned its exit code pilot is done: whatever plugin code left behind (a timer, a
// socket, a server that began listening after the stack stopped) must not keep the process alive.

/** How long Node may take to exit by itself once the command returned, ms. */
export const EXIT_GRACE_MS = 1000;

export interface ExitGuardOptions {
  /** Say what still held the process (--debug). */
  debug: boolean;
  graceMs?: number;
  proc?: Pick<NodeJS.Process, 'exit' | 'getActiveResourcesInfo' | 'stderr'> & { exitCode?: number | string | null | undefined };
}

/** Exits with `code` when the event loop empties, or after the grace at the latest. */
export function exitWhenDone(code: number, o: ExitGuardOptions): void {
  const proc = o.proc ?? process;
  proc.exitCode = code;
  const timer = setTimeout(() => {
    if (o.debug) {
      const held = proc.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout' && kind !== 'TTYWrap');
      proc.stderr.write(`pilot: exiting although something still runs in pilot's process (${held.join(', ') || 'timers'}): a plugin left it behind\n`);
    }
    proc.exit(code);
  }, o.graceMs ?? EXIT_GRACE_MS);
  timer.unref();
}
