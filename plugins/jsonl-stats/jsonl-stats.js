// @ts-check
// The `jsonl` statistics handler: every sample of the processes that list it, one JSON line each, appended
// to a file rotated by size. README.md in this directory documents its parameters and its lines.
import { JsonlWriter } from './lib/jsonl-writer.js';
import { stackFile } from '../shared/stack-file.js';
import { DEFAULT_FILE, readSettings, settingsOrThrow } from './lib/settings.js';
/** @import { PluginDefinition, ProcessSample } from 'pilot' */

/** One writer per stack (a program may run several stacks with one set of plugins). */
const writers = /** @type {Map<string, JsonlWriter>} */ (new Map());

/**
 * A sample as a line: snake_case like `pilot ps --json`, the time as an ISO string.
 * @param {string} time
 * @param {ProcessSample} s
 */
function line(time, s) {
  return JSON.stringify({ time, process: s.process, pid: s.pid, cpu_percent: Math.round(s.cpuPercent * 100) / 100, memory_bytes: s.memoryBytes, process_count: s.processCount });
}

/** @type {PluginDefinition} */
export default {
  name: 'jsonl-stats',
  apiVersion: 1,
  version: '1.0.0',
  description: 'appends every CPU and memory sample to a JSON Lines file, rotated by size',
  statHandlers: {
    jsonl: {
      validateParams: (params) => readSettings(params).problems,
      handle: async (batch, ctx) => {
        const settings = settingsOrThrow(ctx.params);
        const path = stackFile(settings.path, DEFAULT_FILE, ctx.stack);
        let writer = writers.get(ctx.stack.stackId);
        // A reload may have changed the params: a new path gets a new writer.
        if (!writer || writer.path !== path) {
          writer = new JsonlWriter(path, settings, ctx.log);
          writers.set(ctx.stack.stackId, writer);
        }
        writer.limits = settings;
        writer.log = ctx.log;
        const time = new Date(batch.at).toISOString();
        await writer.append(batch.samples.map((sample) => line(time, sample)));
      },
      close: (ctx) => {
        writers.delete(ctx.stack.stackId);
      },
    },
  },
};
