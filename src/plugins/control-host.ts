// The control server chosen by `control_server`: created and started after the control socket, stopped
// once every process has stopped. A server that fails is reported; the stack runs on without it.
// Whatever its start brings up is stopped, even when the stack stops (or pilot gives up) while it starts.
import type { Manifest } from '../manifest/types.js';
import { errorText, formatDuration } from '../ready/messages.js';
import type { StackService } from '../supervisor/stack-service.js';
import type { ControlServerInstance, PilotControl, StackInfo } from './api.js';
import { callPlugin, settlesWithin, type CallOutcome } from './call-plugin.js';
import { FailureThrottle } from './failure-throttle.js';
import type { Offered, PluginSet } from './plugin-set.js';
import type { ControlServerDefinition } from './api.js';
import type { PluginReporter } from './reporter.js';
import { inPluginScope, type PluginScope } from './plugin-scope.js';
import { frozenParams } from './process-view.js';

/** How long `start()` may take (the boot waits for it). */
export const CONTROL_SERVER_START_TIMEOUT_MS = 10_000;
/** How long pilot waits for `stop()` (at the end, and after a failed start). */
export const CONTROL_SERVER_STOP_TIMEOUT_MS = 2_000;
/** How long a stop waits for a `start()` still running to settle, so that `stop()` releases what it brought up. */
export const CONTROL_SERVER_START_WAIT_MS = 3_000;

/** How long pilot waits for the server, ms (tests shorten them). */
export interface ControlServerBounds {
  startMs: number;
  stopMs: number;
  startWaitMs: number;
}

const BOUNDS: ControlServerBounds = { startMs: CONTROL_SERVER_START_TIMEOUT_MS, stopMs: CONTROL_SERVER_STOP_TIMEOUT_MS, startWaitMs: CONTROL_SERVER_START_WAIT_MS };

/** A server whose start() was called. */
interface Started {
  instance: ControlServerInstance;
  /** Aborted when pilot gives up on the start (the stack stops, or it is killed): start()'s signal fires. */
  giveUp: AbortController;
  /** Settles when start() itself does (true: it succeeded), however long that takes. */
  settled: Promise<boolean>;
  done: boolean;
}

export class ControlServerHost implements StackService {
  private readonly offer: Offered<ControlServerDefinition> | undefined;
  private readonly source: string;
  private server: Started | null = null;
  /** stop() was called: nothing starts any more, and a start in flight belongs to stop(). */
  private closed = false;
  private killed = false;

  constructor(
    private readonly manifest: Manifest,
    plugins: PluginSet,
    private readonly reporter: PluginReporter,
    private readonly stack: StackInfo,
    private readonly control: (scope: PluginScope, onListenerError: (err: unknown) => void) => PilotControl,
    private readonly bounds: ControlServerBounds = BOUNDS,
  ) {
    this.offer = manifest.controlServer === null ? undefined : plugins.controlServer(manifest.controlServer);
    this.source = `control server "${manifest.controlServer ?? ''}"`;
  }

  async start(): Promise<void> {
    if (this.closed) return;
    const instance = this.create();
    if (!instance) return;
    const server: Started = { instance, giveUp: new AbortController(), settled: Promise.resolve(false), done: false };
    this.server = server;
    const outcome = await callPlugin(
      (signal) => {
        const settle = (ok: boolean): boolean => {
          server.done = true;
          return ok;
        };
        let pending: Promise<unknown>;
        try {
          pending = Promise.resolve(instance.start(signal));
        } catch (err) {
          settle(false);
          throw err;
        }
        server.settled = pending.then(() => settle(true), () => settle(false));
        return pending;
      },
      { timeoutMs: this.bounds.startMs, cancel: server.giveUp.signal, scope: this.scope() },
    );
    if (this.closed || outcome.ok) return; // up, or stop() has taken it over
    this.server = null;
    if (outcome.kind !== 'cancelled') this.say('error', `${describe(outcome)} in start(); the stack runs without it`, outcome.kind === 'threw' ? outcome.error : undefined);
    // Whatever it opened before failing is released.
    await this.release(server, ' after its failed start');
  }

  async stop(): Promise<void> {
    this.closed = true;
    const server = this.server;
    if (!server) return;
    this.server = null;
    // A kill waits for nothing: stop() is called (its outcome ignored), and the supervisor goes on to exit.
    if (this.killed) return void callPlugin(() => server.instance.stop(), { timeoutMs: 0, scope: this.scope() });
    if (!server.done) {
      // Stopped while starting: the boot goes on at once; what the start brings up, stop() releases.
      server.giveUp.abort(new Error('the stack is stopping'));
      const waitMs = this.bounds.startWaitMs;
      if (!(await settlesWithin(server.settled, waitMs))) {
        this.say('warning', `start() still running ${formatDuration(waitMs)} after the stack began to stop (it ignores its signal): calling stop() anyway`);
      }
    }
    await this.release(server, '');
  }

  kill(): void {
    this.killed = true;
    this.server?.giveUp.abort(new Error('the stack is being killed'));
  }

  // A factory that throws or returns no server is reported; null then.
  private create(): ControlServerInstance | null {
    const offer = this.offer;
    if (!offer) return null;
    const subscriberErrors = new FailureThrottle((level, message, error) => this.say(level, message, error));
    let instance: ControlServerInstance;
    try {
      const control = this.control(this.scope(), (err) => subscriberErrors.failed(`a subscribe() listener threw: ${errorText(err)}`, Date.now(), err));
      const log = this.reporter.logger(offer.plugin, this.source, null);
      const ctx = Object.freeze({ params: frozenParams(this.manifest.controlServerParams), stack: this.stack, log });
      instance = inPluginScope(this.scope(), () => offer.value.create.call(offer.value, control, ctx));
    } catch (err) {
      this.say('error', `could not be created: ${errorText(err)}; the stack runs without it`, err);
      return null;
    }
    if (instance === null || typeof instance !== 'object' || typeof instance.start !== 'function' || typeof instance.stop !== 'function') {
      this.say('error', 'its factory must return an object with start() and stop(); the stack runs without it');
      return null;
    }
    return instance;
  }

  // Calls stop() (bounded, failures reported); a start() that completes after that is stopped once more,
  // so nothing it brings up outlives the stack.
  private async release(server: Started, when: string): Promise<void> {
    const pendingStart = !server.done;
    await this.callStop(server.instance, when);
    if (pendingStart) {
      void server.settled.then((ok) => {
        if (ok) void this.callStop(server.instance, ' after a start() that completed late');
      });
    }
  }

  private async callStop(instance: ControlServerInstance, when: string): Promise<void> {
    const outcome = await callPlugin(() => instance.stop(), { timeoutMs: this.bounds.stopMs, scope: this.scope() });
    if (!outcome.ok) this.say('warning', `${describe(outcome)} in stop()${when}`, outcome.kind === 'threw' ? outcome.error : undefined);
  }

  // What runs in the server's code (its request handlers too: they inherit the scope of start()).
  private scope(): PluginScope {
    return { plugin: this.offer?.plugin ?? { name: '?', file: '?' }, source: this.source, process: null };
  }

  private say(level: 'info' | 'warning' | 'error', message: string, error?: unknown): void {
    if (this.offer) this.reporter.report(this.offer.plugin, this.source, null, level, message, error);
  }
}

function describe(outcome: Exclude<CallOutcome, { ok: true }>): string {
  if (outcome.kind === 'threw') return `failed: ${errorText(outcome.error)}`;
  return outcome.kind === 'timeout' ? outcome.message : 'cancelled';
}
