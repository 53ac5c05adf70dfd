// The failure report printed when a boot fails: which process, what was awaited, its last lines.
import type { PilotError } from '../../errors.js';

export interface BootFailureContext {
  process?: string;
  reason?: string;
  detail?: string;
  lastLines?: string[];
}

/** Lines of the report, without colour. */
export function bootFailureReport(error: PilotError): string[] {
  const ctx = error.context as BootFailureContext;
  const lines = [`pilot: boot failed: ${error.message}`];
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
