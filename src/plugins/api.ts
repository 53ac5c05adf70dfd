// The plugin API, version 1: what a plugin module exports and every context pilot hands to it.
// Type-only apart from definePlugin and the constants, so importing it costs nothing.
import type { ProcessSpec } from '../manifest/types.js';
import type { PilotEvent } from '../supervisor/events.js';
import type { ProcessStatus } from '../supervisor/status.js';
import type { ProcessSample } from '../stats/types.js';

/** The plugin API version this pilot speaks. A plugin declares the version it was written for. */
export const PLUGIN_API_VERSION = 1;

/** The lifecycle events a hook bundle may handle, in the order they happen to a process. */
export const HOOK_EVENTS = ['pre_start', 'post_start', 'on_shutdown', 'on_restart'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** A process as plugins see it: the normalized manifest entry (frozen; paths absolute, defaults applied). */
export type PluginProcess = Readonly<ProcessSpec>;

/** The stack a plugin runs in. */
export interface StackInfo {
  /** Absolute real path of the manifest. */
  readonly manifestFile: string;
  /** The stack's id (also in every child's `PILOT_STACK`). */
  readonly stackId: string;
  /** The stack's private state directory (mode 0700): a good place for a plugin's own files. */
  readonly stateDir: string;
  /** Per-process log files (`NAME.log`). */
  readonly logsDir: string;
  /** Runtime files: FIFOs, sockets. */
  readonly runtimeDir: string;
}

/**
 * Messages from a plugin to the user. They appear in pilot's foreground output and in `supervisor.log`,
 * tagged with the plugin and what it was running. Never throws.
 */
export interface PluginLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One line a process printed. */
export interface PluginOutputLine {
  /** Wall-clock ms since the epoch. */
  readonly at: number;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

// ---------------------------------------------------------------------------------------------------
// Parameters

/**
 * One thing wrong with the parameters a strategy, handler or control server was given in the manifest.
 * `key` names the parameter — a dotted path inside the params (`url`, `headers.Accept`, `command.0`) —
 * so that pilot can point at its line; the message should not repeat it (`must be a URL, got "x"`).
 */
export interface ParamProblem {
  readonly key?: string;
  readonly message: string;
  /** How to fix it, shown under the diagnostic. */
  readonly hint?: string;
}

/**
 * Checks parameters as written in the manifest (`{}` when none are written): returns the problems — strings
 * or ParamProblems — or nothing when they are fine. Runs in `pilot validate` too, so it must only look at
 * `params`: no I/O, no side effects. A throw counts as one problem with its message.
 */
export type ParamsValidator = (params: Readonly<Record<string, unknown>>) => readonly (string | ParamProblem)[] | void;

// ---------------------------------------------------------------------------------------------------
// Ready strategies

/** What a ready strategy's `wait` and `check` receive, once per spawn of the process. */
export interface ReadyCheckContext {
  readonly process: PluginProcess;
  /** The process's `ready_params`, as written in the manifest. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The spawned child's pid. */
  readonly pid: number;
  /**
   * Aborted when the wait is over for any reason: the deadline passed, the child exited, the stack is
   * stopping, or readiness was decided. Stop any work in flight when it fires.
   */
  readonly signal: AbortSignal;
  /** The deadline, in `performance.now()` milliseconds. pilot enforces it even if the strategy ignores `signal`. */
  readonly deadline: number;
  /** The whole `ready_timeout_sec`, in ms. */
  readonly timeoutMs: number;
  /**
   * The environment the child was spawned with: pilot's own, the manifest's global `env`, the process's
   * `env` and pilot's markers (`PILOT_STACK`, `PILOT_PROCESS`). A probe a strategy runs should get it, so
   * that it sees what the process sees and pilot's sweep finds it if it is ever left behind.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The newest `n` lines (default 50, at most 1000) this child printed so far, oldest first. */
  recentOutput(n?: number): string[];
  /**
   * Calls `listener` with every line this child prints from now on (none is missed between spawn and the
   * first call: the wait starts before any output is read). Returns the unsubscribe function; pilot also
   * unsubscribes when the wait is over.
   */
  onOutput(listener: (line: PluginOutputLine) => void): () => void;
  readonly log: PluginLogger;
}

/**
 * A custom ready strategy, used with `ready_strategy: NAME`. Offer `wait` or `check` (with both, `wait` is used).
 * pilot awaits it after every spawn of a process using it, with that process's `ready_timeout_sec`.
 */
export interface ReadyStrategyDefinition {
  /**
   * What is awaited, for messages: e.g. `http GET http://127.0.0.1:8080/health`. Called with the manifest's
   * params before each wait; default: the strategy's name. A throwing `describe` falls back to the name.
   */
  describe?(params: Readonly<Record<string, unknown>>, process: PluginProcess): string;
  /** Why it is not ready, in the timeout message: e.g. `not answering 2xx` (default `not ready`). */
  readonly notReadyText?: string;
  /**
   * Resolves once the process is ready. Reject (or throw) when it cannot become ready; after `signal`
   * aborted, rejecting with an Error that says why it was not ready (e.g. `ECONNREFUSED`) puts that reason
   * in the timeout message. A rejection before the deadline fails the start at once.
   */
  wait?(ctx: ReadyCheckContext): Promise<void> | void;
  /**
   * Answers "ready yet?": true when ready. pilot calls it every `pollIntervalMs`, one call at a time,
   * until it returns true or the deadline passes. A thrown error counts as "not ready yet"; the last
   * message is kept for the failure report.
   */
  check?(ctx: ReadyCheckContext): Promise<boolean> | boolean;
  /** Interval between `check` calls, ms (default 100). */
  readonly pollIntervalMs?: number;
  /**
   * Checks a process's `ready_params`: in `pilot validate`, `up` and `run` (each problem is a diagnostic at
   * the parameter's line) and again before each spawn (a problem then fails the start without spawning).
   */
  validateParams?: ParamsValidator;
}

// ---------------------------------------------------------------------------------------------------
// Lifecycle hooks

/** What every lifecycle hook receives. */
export interface HookContext {
  /** Which hook this is. */
  readonly event: HookEvent;
  readonly process: PluginProcess;
  /**
   * The child concerned: for `post_start`/`on_restart` the one that just became ready, for `on_shutdown`
   * the one that ended; null for `pre_start` (nothing is spawned yet).
   */
  readonly pid: number | null;
  /** `on_shutdown`: the child's exit code (null when a signal ended it). `pre_start` of a restart: the previous child's. Else null. */
  readonly exitCode: number | null;
  /** `on_shutdown`: the signal that ended the child, if any. `pre_start` of a restart: the previous child's. Else null. */
  readonly signal: NodeJS.Signals | null;
  /**
   * Why: `on_shutdown` — how it ended (`exited with code 1`, `stopped: stop requested`); `on_restart` and
   * `pre_start`/`post_start` of a restart — why it was restarted (`exited with code 1`, `restart requested`);
   * null for a first start.
   */
  readonly reason: string | null;
  /**
   * How many times the process has been restarted since the stack started — automatically or by `pilot restart`,
   * not by a stop and a start — as `pilot ps` shows; counted at the spawn (a restart's `pre_start` sees the count before it).
   */
  readonly restarts: number;
  readonly stack: StackInfo;
  /**
   * Aborted when the hook's timeout passes, the stack is killed, or (`pre_start`, `post_start`, `on_restart`)
   * the process is stopped while it starts: stop what the hook started.
   */
  readonly abortSignal: AbortSignal;
  /** The newest `n` lines (default 50, at most 1000) of the process's output, oldest first. */
  recentOutput(n?: number): string[];
  readonly log: PluginLogger;
}

/**
 * A lifecycle hook. May be async; its resolved value is ignored. Throwing or rejecting is a failure:
 * reported with the plugin and hook name; for `pre_start` it also fails that start.
 */
export type LifecycleHook = (ctx: HookContext) => void | Promise<void>;

/**
 * A bundle of lifecycle hooks, used with `lifecycle_hooks: [NAME, …]`. For one event of one process, the
 * hooks of its bundles run in series, in the order the manifest lists the bundles; the hooks of one
 * process never overlap, and no hook holds back another process.
 */
export interface LifecycleHookBundle {
  /**
   * Before each spawn of the process (first start, every restart). The spawn waits for it. A failure or
   * timeout fails that start: the process goes to `failed` with the reason, and later `pre_start` hooks
   * do not run.
   */
  pre_start?: LifecycleHook;
  /**
   * After each spawn once the process is ready, before it counts as `running`: dependents, `pilot up -d`
   * and `pilot restart` wait for it. A failure is reported; the process keeps running.
   */
  post_start?: LifecycleHook;
  /**
   * After the process ended — crashed, exited or stopped — once its output is read. A restart (after the
   * backoff) or the rest of a stop waits for it. A failure is reported and changes nothing.
   */
  on_shutdown?: LifecycleHook;
  /**
   * After a restarted process is ready (an automatic restart after a crash, or `pilot restart`), after
   * its `post_start` hooks. Like `post_start`, it holds back `running`; a failure is reported only.
   */
  on_restart?: LifecycleHook;
  /** Seconds each hook of this bundle may take (default 10); the process's `hook_timeout_sec` overrides it. */
  readonly timeoutSec?: number;
}

// ---------------------------------------------------------------------------------------------------
// Statistics handlers

/** What a statistics handler receives at every sampling tick. */
export interface StatsBatch {
  /** Wall-clock ms of the sample. */
  readonly at: number;
  /** The sampling interval (`stats_interval_sec`), ms. */
  readonly intervalMs: number;
  /** One sample per running process that lists this handler, in manifest order (empty when none runs). */
  readonly samples: readonly ProcessSample[];
}

export interface StatHandlerContext {
  readonly stack: StackInfo;
  /** The handler's `stat_handler_params.NAME` from the manifest in force (`{}` when absent), as written. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Aborted when the call's timeout passes or the stack is killed. */
  readonly signal: AbortSignal;
  readonly log: PluginLogger;
}

/**
 * Called once per sampling tick with the samples of every process that lists the handler in
 * `stat_handlers` — one call per tick, not one per process. Different handlers run in parallel; calls of
 * one handler never overlap (a tick that arrives while the previous call still runs is skipped and counted).
 * The return value is ignored; a throw or rejection is reported (once, then counted) and the next tick
 * calls it again.
 */
export type StatHandlerFunction = (batch: StatsBatch, ctx: StatHandlerContext) => void | Promise<void>;

/** A statistics handler with options and a cleanup. */
export interface StatHandlerDefinition {
  handle: StatHandlerFunction;
  /** Seconds a call may take (default: the sampling interval). */
  readonly timeoutSec?: number;
  /** Called once when the stack has stopped, after the last tick (2 s at most): flush and close files here. */
  close?(ctx: StatHandlerContext): void | Promise<void>;
  /**
   * Checks `stat_handler_params.NAME` when some process lists the handler: in `pilot validate`, `up` and
   * `run` (diagnostics at their lines), and when a stack starts (a problem refuses the start, exit 2).
   */
  validateParams?: ParamsValidator;
}

// ---------------------------------------------------------------------------------------------------
// Control servers

/** Which events a control server's subscription receives. */
export interface SubscribeOptions {
  /** Output lines (`line` events); default false. */
  logs?: boolean;
  /** Every other event (state changes, readiness, exits, …); default true. */
  events?: boolean;
  /** Only these processes (stack-wide events are always delivered); default all. Unknown names throw. */
  names?: readonly string[];
}

/** One output line of `tail`, with its process. */
export interface TailEntry extends PluginOutputLine {
  readonly process: string;
}

/**
 * The running stack, as a control server drives it: the operations of the CLI. Unknown process names
 * reject with a PilotError (`code` UNKNOWN_PROCESS) listing the valid ones.
 */
export interface PilotControl {
  readonly stack: StackInfo;
  /** Every process, in manifest order (the `pilot ps --json` shape). */
  status(): ProcessStatus[];
  /** Restarts in dependency order, each awaited until ready; resolves with the status afterwards. */
  restart(names: readonly string[], options?: { withDependents?: boolean }): Promise<ProcessStatus[]>;
  /** Stops processes (dependents first); they stay stopped until started. */
  stop(names: readonly string[]): Promise<ProcessStatus[]>;
  /** Starts processes once their dependencies run, awaiting their readiness. */
  start(names: readonly string[]): Promise<ProcessStatus[]>;
  /** Stops the whole stack (as `pilot down`); resolves once it has stopped. */
  shutdown(reason?: string): Promise<void>;
  /** The newest `n` lines (default 100) of each process (default all), merged oldest first. */
  tail(names?: readonly string[], n?: number): TailEntry[];
  /**
   * Calls `listener` with every event chosen by `options` until the returned function is called.
   * `tail()` and `subscribe()` called in the same turn give history then live lines, with no gap and no repeat.
   */
  subscribe(listener: (event: PilotEvent) => void, options?: SubscribeOptions): () => void;
}

/** What a control server's factory receives besides the stack. */
export interface ControlServerContext {
  /** The manifest's `control_server_params`, as written. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly stack: StackInfo;
  readonly log: PluginLogger;
}

/** A running control server. */
export interface ControlServerInstance {
  /**
   * Called once the stack holds its control socket, before any process starts. Resolve once listening.
   * A throw, rejection or timeout (10 s) is reported and the stack runs without the server. `signal`
   * aborts when pilot gives up on the start (its timeout, or the stack stops meanwhile): settle then.
   */
  start(signal: AbortSignal): void | Promise<void>;
  /**
   * Called once every process has stopped, before the supervisor exits (2 s at most); also after a failed
   * start, and when the stack stops while start() runs (once it settled, or 3 s later). A start() that
   * completes after stop() was called is followed by another stop().
   */
  stop(): void | Promise<void>;
}

/**
 * Creates the control server chosen with `control_server: NAME`; called once per stack, before `start`.
 * Throwing here counts as a failed `start`.
 */
export type ControlServerFactory = (pilot: PilotControl, ctx: ControlServerContext) => ControlServerInstance;

/** A control server with a check of its parameters; `controlServers` takes this or a bare factory. */
export interface ControlServerDefinition {
  create: ControlServerFactory;
  /**
   * Checks `control_server_params`: in `pilot validate`, `up` and `run` (diagnostics at their lines), and
   * when a stack starts (a problem refuses the start, exit 2).
   */
  validateParams?: ParamsValidator;
}

// ---------------------------------------------------------------------------------------------------
// The plugin

/**
 * What a plugin module's default export is. Every group is optional; names (the keys) are global across
 * all loaded plugins and the built-ins, and must match `[A-Za-z0-9_.-]+`.
 */
export interface PluginDefinition {
  /** The plugin's name, unique among the loaded plugins. */
  readonly name: string;
  /** The plugin API version the plugin is written for: 1. */
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  /** Shown by `pilot plugins`. */
  readonly version?: string;
  readonly description?: string;
  /** `ready_strategy: NAME` */
  readonly readyStrategies?: Readonly<Record<string, ReadyStrategyDefinition>>;
  /** `lifecycle_hooks: [NAME]` */
  readonly lifecycleHooks?: Readonly<Record<string, LifecycleHookBundle>>;
  /** `stat_handlers: [NAME]`: a function, or an object with options. */
  readonly statHandlers?: Readonly<Record<string, StatHandlerFunction | StatHandlerDefinition>>;
  /** `control_server: NAME`: a factory, or an object with the factory and a check of its params. */
  readonly controlServers?: Readonly<Record<string, ControlServerFactory | ControlServerDefinition>>;
}

/**
 * Declares a plugin: returns `plugin` unchanged, typed. A plain object of the same shape works as well;
 * pilot checks the shape either way when it loads the module.
 */
export function definePlugin<const P extends PluginDefinition>(plugin: P): P {
  return plugin;
}
