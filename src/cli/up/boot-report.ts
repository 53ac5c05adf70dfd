// The failure report printed when a boot fails: which process, what was awaited, its last lines.
import type { PilotError } from '../../errors.js';
import type { PilotEvent } from '../../supervisor/events.js';
import { eventText } from './event-text.js';

/** Plugin problems a detached boot's report repeats (the foreground printed them as they came). */
const MAX_PLUGIN_PROBLEMS = 10;

export interface BootFailureContext {
  process?: string;
  reason?: string;
  detail?: string;
  lastLines?: string[];
}

/** Lines of the report, without colour. */
export function bootFailureReport(error: PilotError): string[] {
  const ctx = error.context as BootFailureContext;
  // BOOT_FAILED messages say it themselves: `boot failed: "db" not ready: …`, `boot interrupted: pilot down`
  const lines = [`pilot: ${/^boot (failed|interrupted)\b/.test(error.message) ? error.message : `boot failed: ${error.message}`}`];
  if (ctx.detail && !error.message.includes(ctx.detail)) lines.push(`  awaited: ${ctx.detail}`);
  const last = ctx.lastLines ?? [];
  if (ctx.process) {
    if (last.length === 0) lines.push(`  ${ctx.process} printed nothing`);
    else {
      lines.push(`  last ${last.length} line(s) of ${ctx.process}:`);
      for (const l of last) lines.push(`    | ${l}`);
    }
  }
  return lines;
}

/**
 * Collects the plugins' warnings and errors while a stack boots, for the report of a detached boot (whose
 * supervisor's output goes to supervisor.log only): `lines()` says them under the failure.
 */
export class PluginProblems {
  private readonly seen: string[] = [];
  private more = 0;

  handle(event: PilotEvent): void {
    if (event.type !== 'plugin' || event.level === 'info') return;
    if (this.seen.length < MAX_PLUGIN_PROBLEMS) this.seen.push(eventText(event) ?? event.message);
    else this.more += 1;
  }

  lines(): string[] {
    if (this.seen.length === 0) return [];
    const more = this.more > 0 ? [`  … and ${this.more} more (see supervisor.log)`] : [];
    return ['  plugin problems during the boot:', ...this.seen.map((text) => `    ${text}`), ...more];
  }
}
