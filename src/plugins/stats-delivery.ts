// Statistics handlers: at every `stats` event, each handler is called once with the samples of the
// processes that list it. Handlers run in parallel; calls of one handler never overlap.
import type { Manifest } from '../manifest/types.js';
import { errorText, formatDuration } from '../ready/messages.js';
import type { EventOf, PilotListener } from '../supervisor/events.js';
import type { StackService } from '../supervisor/stack-service.js';
import type { PluginLogger, StackInfo, StatHandlerContext, StatHandlerDefinition, StatsBatch } from './api.js';
import { callPlugin, seconds, settlesWithin } from './call-plugin.js';
import { FailureThrottle } from './failure-throttle.js';
import type { Offered, PluginSet } from './plugin-set.js';
import { frozenParams } from './process-view.js';
import type { PluginReporter } from './reporter.js';

/** A call's timeout when the handler sets none: the sampling interval, but never below this. */
const MIN_DEFAULT_TIMEOUT_MS = 1000;
/** When the stack stops: how long calls in flight may go on (then they are cut short), and how long `close()` may take. */
export const STATS_STOP_TIMEOUT_MS = 2_000;

interface Delivery {
  offer: Offered<StatHandlerDefinition>;
  source: string;
  /** The processes that list the handler, in the manifest in force. */
  processes: ReadonlySet<string>;
  /** Listed by some process at some point: only such handlers are closed at the end. */
  used: boolean;
  throttle: FailureThrottle;
  /** Ticks skipped because a call was still running: counted apart, never "recovered" (that would flood). */
  skips: FailureThrottle;
  inFlight: Promise<void> | null;
  /** Its params in the manifest in force (set by match(): a frozen copy per manifest, not per call). */
  params: Readonly<Record<string, unknown>>;
  log: PluginLogger;
}

export interface EventSource {
  on(listener: PilotListener): () => void;
}

export class StatsDelivery implements StackService {
  private readonly deliveries: Delivery[] = [];
  /** Aborted when the stack is killed: ends every call at once. */
  private readonly cancel = new AbortController();
  /** Aborted when the stop gives up on the calls in flight (or on kill). */
  private readonly calls = new AbortController();
  private off: (() => void) | null = null;
  private stopped = false;

  /** The manifest the deliveries were last matched to (a reload replaces it). */
  private matched: Manifest | null = null;

  /** `manifest` is read at every tick: a reload may change which processes list which handler. */
  constructor(private readonly manifest: () => Manifest, plugins: PluginSet, private readonly reporter: PluginReporter, private readonly stack: StackInfo, private readonly events: EventSource) {
    for (const name of plugins.names('statHandlers')) {
      const offer = plugins.statHandler(name);
      if (!offer) continue;
      const source = `stat handler "${name}"`;
      const report = (level: 'info' | 'warning', message: string, error?: unknown): void => reporter.report(offer.plugin, source, null, level, message, error);
      this.deliveries.push({ offer, source, processes: new Set(), used: false, throttle: new FailureThrottle(report), skips: new FailureThrottle(report), inFlight: null, params: {}, log: reporter.logger(offer.plugin, source, null) });
    }
  }

  start(): Promise<void> {
    if (this.deliveries.length > 0 && !this.stopped) this.off = this.events.on((event) => event.type === 'stats' && this.tick(event));
    return Promise.resolve();
  }

  /** No more ticks; waits for calls in flight (2 s at most, then cuts them short), then closes every handler. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.off?.();
    this.off = null;
    this.match(); // handlers listed in the manifest are closed even if no tick came
    const busy = this.deliveries.filter((d) => d.inFlight !== null);
    if (!(await settlesWithin(Promise.all(busy.map((d) => d.inFlight)), STATS_STOP_TIMEOUT_MS))) {
      for (const d of busy) if (d.inFlight) this.report(d, d.source, `still running ${formatDuration(STATS_STOP_TIMEOUT_MS)} after the stack began to stop: cut short`);
      this.calls.abort(new Error('the stack is stopping'));
    }
    await Promise.all(this.deliveries.filter((d) => d.used).map((d) => this.close(d)));
  }

  kill(): void {
    this.calls.abort(new Error('the stack is being killed'));
    this.cancel.abort(new Error('the stack is being killed'));
  }

  // Which processes list each handler, in the manifest in force.
  private match(): void {
    const manifest = this.manifest();
    if (manifest === this.matched) return;
    this.matched = manifest;
    for (const delivery of this.deliveries) {
      const name = delivery.offer.name;
      delivery.processes = new Set(manifest.processes.filter((p) => p.statHandlers.includes(name)).map((p) => p.name));
      delivery.params = frozenParams(manifest.statHandlerParams[name]);
      if (delivery.processes.size > 0) delivery.used = true;
    }
  }

  private tick(event: EventOf<'stats'>): void {
    this.match();
    for (const delivery of this.deliveries) {
      if (delivery.processes.size === 0) continue;
      if (delivery.inFlight) {
        delivery.skips.failed('still busy with the previous tick: a tick was skipped', event.at);
        continue;
      }
      const batch: StatsBatch = Object.freeze({ at: event.at, intervalMs: event.intervalMs, samples: Object.freeze(event.samples.filter((s) => delivery.processes.has(s.process))) });
      delivery.inFlight = this.call(delivery, batch).finally(() => {
        delivery.inFlight = null;
      });
    }
  }

  private async call(delivery: Delivery, batch: StatsBatch): Promise<void> {
    const def = delivery.offer.value;
    const timeoutMs = def.timeoutSec === undefined ? Math.max(batch.intervalMs, MIN_DEFAULT_TIMEOUT_MS) : seconds(def.timeoutSec);
    const scope = { plugin: delivery.offer.plugin, source: delivery.source, process: null };
    const outcome = await callPlugin((signal) => def.handle.call(def, batch, this.context(delivery, signal)), { timeoutMs, cancel: this.calls.signal, scope });
    if (outcome.ok) delivery.throttle.succeeded(batch.at);
    else if (outcome.kind === 'threw') delivery.throttle.failed(`failed: ${errorText(outcome.error)}`, batch.at, outcome.error);
    else if (outcome.kind === 'timeout') delivery.throttle.failed(outcome.message, batch.at);
  }

  private async close(delivery: Delivery): Promise<void> {
    const def = delivery.offer.value;
    if (typeof def.close !== 'function') return;
    const close = def.close;
    const scope = { plugin: delivery.offer.plugin, source: `close() of ${delivery.source}`, process: null };
    const outcome = await callPlugin((signal) => close.call(def, this.context(delivery, signal)), { timeoutMs: STATS_STOP_TIMEOUT_MS, cancel: this.cancel.signal, scope });
    if (outcome.ok || outcome.kind === 'cancelled') return;
    const what = outcome.kind === 'timeout' ? outcome.message : `failed: ${errorText(outcome.error)}`;
    this.report(delivery, `close() of ${delivery.source}`, what, outcome.kind === 'threw' ? outcome.error : undefined);
  }

  private report(delivery: Delivery, source: string, message: string, error?: unknown): void {
    this.reporter.report(delivery.offer.plugin, source, null, 'warning', message, error);
  }

  private context(delivery: Delivery, signal: AbortSignal): StatHandlerContext {
    this.match(); // the params of the manifest in force now (a reload may come while stop() waits)
    return Object.freeze({ stack: this.stack, params: delivery.params, signal, log: delivery.log });
  }
}
