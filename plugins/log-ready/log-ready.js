// @ts-check
// The `log` ready strategy: a process is ready once it prints a line matching a regular expression, on
// stdout, stderr or either. README.md in this directory documents its parameters.
import { readSettings, settingsOrThrow } from './lib/settings.js';
/** @import { PluginDefinition, ReadyCheckContext } from 'pilot' */

/** How much of the last line the failure report quotes. */
const QUOTE = 120;

/** @type {PluginDefinition} */
export default {
  name: 'log-ready',
  apiVersion: 1,
  version: '1.0.0',
  description: 'ready when the process prints a line matching a regular expression',
  readyStrategies: {
    log: {
      describe: (params) => {
        const { settings } = readSettings(params);
        return `log ${String(settings.regex)}${settings.stream === 'both' ? '' : ` on ${settings.stream}`}`;
      },
      notReadyText: 'not printed',
      validateParams: (params) => readSettings(params).problems,
      wait: (ctx) => awaitLine(ctx),
    },
  },
};

/**
 * Resolves at the first matching line: one printed before the wait began (the child's recent output), or
 * any later one. Rejects when the wait is aborted, saying what was printed instead.
 * @param {ReadyCheckContext} ctx
 * @returns {Promise<void>}
 */
function awaitLine(ctx) {
  const { regex, stream } = settingsOrThrow(ctx.params);
  return new Promise((resolve, reject) => {
    let seen = 0;
    /** @type {string | null} */
    let last = null;
    /** @param {string} line */
    const matches = (line) => {
      seen += 1;
      last = line;
      return regex.test(line);
    };
    const finish = () => {
      off();
      ctx.signal.removeEventListener('abort', onAbort);
      resolve();
    };
    function onAbort() {
      off();
      const what = stream === 'both' ? 'output' : stream;
      const quoted = last === null ? '' : `; the last: ${JSON.stringify(last.length > QUOTE ? `${last.slice(0, QUOTE)}…` : last)}`;
      reject(new Error(seen === 0 ? `no ${what} yet` : `${seen} line${seen === 1 ? '' : 's'} of ${what}, none matching${quoted}`));
    }
    // Subscribed first, so no line falls between the history and the live lines.
    const off = ctx.onOutput((line) => {
      if ((stream === 'both' || line.stream === stream) && matches(line.line)) finish();
    });
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    // The history does not say which stream a line came from: it counts only when either stream will do.
    if (stream === 'both' && ctx.recentOutput(1000).some(matches)) finish();
  });
}
