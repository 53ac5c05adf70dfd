// Typed errors with a stable code and context; the CLI renders them without a stack trace.

export type PilotErrorCode =
  | 'MANIFEST_INVALID'
  | 'MANIFEST_NOT_FOUND'
  | 'USAGE'
  | 'SPAWN_FAILED'
  | 'READY_FAILED'
  | 'BOOT_FAILED'
  | 'UNKNOWN_PROCESS'
  | 'NOT_RUNNING'
  | 'ALREADY_RUNNING'
  | 'UNKILLABLE'
  | 'GRAPHVIZ_MISSING'
  | 'TIMEOUT'
  | 'PLUGIN_INVALID'
  | 'HOOK_FAILED'
  | 'INTERNAL';

export class PilotError extends Error {
  readonly code: PilotErrorCode;
  readonly context: Record<string, unknown>;
  /** Suggested exit code for the CLI. */
  readonly exitCode: number;

  constructor(code: PilotErrorCode, message: string, options: { context?: Record<string, unknown>; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PilotError';
    this.code = code;
    this.context = options.context ?? {};
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Exit codes of the CLI (README "Exit codes"). */
export const ExitCode = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  NO_STACK: 3,
} as const;
