// The contract between units and the lifecycle hooks of plugins (src/plugins/hook-runner.ts runs them).
import type { ProcessSpec } from '../manifest/types.js';
import type { HookEvent } from '../plugins/api.js';

/** One event of one process, with what its hooks are told. */
export interface HookCall {
  event: HookEvent;
  spec: ProcessSpec;
  pid: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  reason: string | null;
  restarts: number;
  recentOutput(n: number): string[];
  /** Aborted when the start these hooks belong to is abandoned (the process is being stopped): they are cut short. */
  abort?: AbortSignal;
}

/** `ok: false` only when a hook failed or timed out; `reason` then names the plugin, the bundle and the hook. */
export type HookResult = { ok: true } | { ok: false; reason: string };

export interface HookDispatcher {
  /** True when one of the process's bundles has a hook for `event` (the unit skips the step otherwise). */
  has(spec: ProcessSpec, event: HookEvent): boolean;
  /** Runs the hooks of the event in series, each bounded by its timeout (and `call.abort`); never rejects. */
  run(call: HookCall): Promise<HookResult>;
  /** The stack is being killed: abort hooks in flight and skip any further ones. */
  cancelAll(): void;
}

/** A stack without plugins. */
export const NO_HOOKS: HookDispatcher = {
  has: () => false,
  run: () => Promise.resolve({ ok: true }),
  cancelAll: () => {},
};
