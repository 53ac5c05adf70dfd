// What a manifest reload did (the result of `pilot reload`, the `reload` control method and the
// `reload` event): snake_case keys, like the other JSON pilot prints.
import type { Diagnostic } from '../manifest/types.js';

/** A process whose own definition changed, and which manifest keys differ (`args`, `env`, `env (global)`, …). */
export interface ChangedProcess {
  name: string;
  keys: string[];
}

/** A top-level setting that changed, and whether the running stack applied it. */
export interface ChangedSetting {
  key: string;
  applied: boolean;
  /** What happens instead when it is not applied, or how it is applied. */
  note: string;
}

export interface ReloadRejected {
  valid: false;
  file: string;
  /** Every problem found (errors and warnings), located, as `pilot validate` reports them. */
  diagnostics: Diagnostic[];
}

export interface ReloadApplied {
  valid: true;
  file: string;
  /** Warnings of the new manifest. */
  diagnostics: Diagnostic[];
  /** New processes, started. */
  added: string[];
  /** Processes no longer in the manifest, stopped. */
  removed: string[];
  /** Processes whose own definition changed. */
  changed: ChangedProcess[];
  /** Unchanged processes restarted because something they depend on changed. */
  dependents: string[];
  /** Every process stopped and started again (changed and dependents), in start order. */
  restarted: string[];
  /** Processes whose definition changed while they were stopped on request: the new one applies at their next start. */
  kept_stopped: string[];
  /** Only their `watch` settings changed: watching was renewed, the process left running. */
  rewatched: string[];
  /** Left as they were. */
  untouched: string[];
  /** Added or restarted processes that did not come up, with why. */
  failed: { name: string; reason: string }[];
  settings: ChangedSetting[];
}

export type ReloadResult = ReloadRejected | ReloadApplied;
