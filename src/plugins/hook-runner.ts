// Runs the lifecycle hooks of plugins for the units: one event's hooks in series, in manifest order,
// each bounded by its timeout; failures reported with the plugin, the bundle and the hook.
import { HOOK_TIMEOUT_SEC } from '../manifest/defaults.js';
import type { ProcessSpec } from '../manifest/types.js';
import { errorText } from '../ready/messages.js';
import type { HookCall, HookDispatcher, HookResult } from '../supervisor/hooks.js';
import type { HookContext, HookEvent, StackInfo } from './api.js';
import { callPlugin, seconds } from './call-plugin.js';
import { pluginLabel, type PluginSet } from './plugin-set.js';
import { processView } from './process-view.js';
import type { PluginReporter } from './reporter.js';

export class HookRunner implements HookDispatcher {
  private readonly cancel = new AbortController();

  constructor(private readonly plugins: PluginSet, private readonly reporter: PluginReporter, private readonly stack: StackInfo) {}

  has(spec: ProcessSpec, event: HookEvent): boolean {
    return spec.lifecycleHooks.some((name) => typeof this.plugins.hookBundle(name)?.value[event] === 'function');
  }

  async run(call: HookCall): Promise<HookResult> {
    // Killing the stack ends every hook; stopping a process ends the hooks of the start it abandons.
    const cancel = call.abort ? AbortSignal.any([this.cancel.signal, call.abort]) : this.cancel.signal;
    for (const name of call.spec.lifecycleHooks) {
      if (cancel.aborted) return { ok: true };
      const offer = this.plugins.hookBundle(name);
      const hook = offer?.value[call.event];
      if (!offer || typeof hook !== 'function') continue;
      const timeoutSec = call.spec.hookTimeoutSec ?? offer.value.timeoutSec ?? HOOK_TIMEOUT_SEC;
      const source = `${call.event} hook of "${name}"`;
      const outcome = await callPlugin((abortSignal) => hook.call(offer.value, this.context(call, abortSignal, offer.plugin, source)), {
        timeoutMs: seconds(timeoutSec),
        cancel,
        scope: { plugin: offer.plugin, source, process: call.spec.name },
      });
      if (outcome.ok || outcome.kind === 'cancelled') continue;
      const what = outcome.kind === 'timeout' ? outcome.message : `failed: ${errorText(outcome.error)}`;
      const consequence = call.event === 'pre_start' ? `; "${call.spec.name}" is not started` : '';
      this.reporter.report(offer.plugin, source, call.spec.name, 'warning', `${what} (process "${call.spec.name}")${consequence}`, outcome.kind === 'threw' ? outcome.error : undefined);
      if (call.event === 'pre_start') return { ok: false, reason: `its ${source} (${pluginLabel(offer.plugin)}) ${what}` };
    }
    return { ok: true };
  }

  cancelAll(): void {
    this.cancel.abort(new Error('the stack is being killed'));
  }

  private context(call: HookCall, abortSignal: AbortSignal, plugin: { name: string; file: string }, source: string): HookContext {
    return Object.freeze({
      event: call.event,
      process: processView(call.spec),
      pid: call.pid,
      exitCode: call.exitCode,
      signal: call.signal,
      reason: call.reason,
      restarts: call.restarts,
      stack: this.stack,
      abortSignal,
      recentOutput: (n = 50) => call.recentOutput(n), // (the unit's tail floors and bounds n: it holds 1000 lines)
      log: this.reporter.logger(plugin, source, call.spec.name),
    });
  }
}
