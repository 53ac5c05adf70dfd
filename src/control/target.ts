// What the control server drives: the part of a Pilot it needs, so tests can also drive a small fake.
import type { PilotListener } from '../supervisor/events.js';
import type { Pilot } from '../supervisor/pilot.js';
import type { ReloadResult } from '../supervisor/reload-result.js';
import type { ProcessStatus } from '../supervisor/status.js';
import type { OutputLine } from '../supervisor/unit.js';

export interface ControlTarget {
  /** The manifest's path, as `ping` reports it. */
  readonly manifestFile: string;
  readonly stackId: string;
  on(listener: PilotListener): () => void;
  stop(reason?: string): Promise<void>;
  restart(names: string[], opts?: { withDependents?: boolean }): Promise<void>;
  stopProcesses(names: string[]): Promise<void>;
  startProcesses(names: string[]): Promise<void>;
  reload(): Promise<ReloadResult>;
  status(): ProcessStatus[];
  tail(name: string, n?: number): OutputLine[];
}

/** The control target of a real Pilot. */
export function pilotTarget(pilot: Pilot): ControlTarget {
  return {
    manifestFile: pilot.manifest.file,
    stackId: pilot.paths.stackId,
    on: (listener) => pilot.on(listener),
    stop: (reason) => pilot.stop(reason),
    restart: (names, opts) => pilot.restart(names, opts),
    stopProcesses: (names) => pilot.stopProcesses(names),
    startProcesses: (names) => pilot.startProcesses(names),
    reload: () => pilot.reload(),
    status: () => pilot.status(),
    tail: (name, n) => pilot.tail(name, n),
  };
}
