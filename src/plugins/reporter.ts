// Everything pilot says about plugins goes out as `plugin` events, naming the plugin, its file and what ran.
import { errorText } from '../ready/messages.js';
import type { PluginEvent } from '../supervisor/events.js';
import type { PluginLogger } from './api.js';

export interface PluginRef {
  name: string;
  file: string;
}

export class PluginReporter {
  constructor(private readonly emit: (event: PluginEvent) => void, private readonly now: () => number = Date.now) {}

  /** One event; `error` adds its stack (shown with --debug). */
  report(plugin: PluginRef, source: string, process: string | null, level: PluginEvent['level'], message: string, error?: unknown): void {
    const event: PluginEvent = { type: 'plugin', at: this.now(), plugin: plugin.name, file: plugin.file, source, process, level, message };
    if (error instanceof Error && error.stack) event.stack = error.stack;
    this.emit(event);
  }

  /** The logger a plugin gets for `source`; never throws, whatever it is given. */
  logger(plugin: PluginRef, source: string, process: string | null): PluginLogger {
    const say = (level: PluginEvent['level']) => (message: unknown) => {
      try {
        this.report(plugin, source, process, level, typeof message === 'string' ? message : errorText(message));
      } catch {
        // a logger must not fail its caller
      }
    };
    return { info: say('info'), warn: say('warning'), error: say('error') };
  }
}
