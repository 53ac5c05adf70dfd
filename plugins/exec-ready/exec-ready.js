// @ts-check
// The `exec` ready strategy: a process is ready once a probe command exits 0 (`pg_isready`, `redis-cli
// ping`, a script). README.md in this directory documents its parameters.
import { retryUntilReady } from '../shared/retry.js';
import { runProbe } from './lib/run-probe.js';
import { probeDirectory, readSettings, settingsOrThrow } from './lib/settings.js';
/** @import { PluginDefinition } from 'pilot' */

/** @type {PluginDefinition} */
export default {
  name: 'exec-ready',
  apiVersion: 1,
  version: '1.0.0',
  description: 'ready when a probe command exits 0',
  readyStrategies: {
    exec: {
      describe: (params) => `exec ${readSettings(params).settings.display}`,
      notReadyText: 'not succeeding',
      validateParams: (params) => readSettings(params).problems,
      wait: (ctx) => {
        const settings = settingsOrThrow(ctx.params);
        // The probe sees what the process sees (pilot's markers included, so pilot's sweep would find a
        // probe that outlived its supervisor), plus its own env.
        const env = { ...ctx.env, ...settings.env };
        const cwd = probeDirectory(settings, ctx.process.workingDirectory);
        const probe = { argv: settings.argv, display: settings.display, cwd, env };
        return retryUntilReady(ctx, settings, (signal, timeoutMs) => runProbe({ ...probe, timeoutMs }, signal), 'the probe has not finished yet');
      },
    },
  },
};
