// @ts-check
// The `http` ready strategy: a process is ready once a request to a URL answers with an expected status
// (any 2xx unless `status` says otherwise). README.md in this directory documents its parameters.
import { retryUntilReady } from '../shared/retry.js';
import { attempt } from './lib/probe.js';
import { readSettings, settingsOrThrow } from './lib/settings.js';
/** @import { PluginDefinition } from 'pilot' */

/** @type {PluginDefinition} */
export default {
  name: 'http-ready',
  apiVersion: 1,
  version: '1.0.0',
  description: 'ready when an HTTP(S) endpoint answers with an expected status',
  readyStrategies: {
    http: {
      describe: (params) => {
        const { settings } = readSettings(params);
        return `http ${settings.method} ${settings.url.href}`;
      },
      validateParams: (params) => readSettings(params).problems,
      wait: (ctx) => {
        const settings = settingsOrThrow(ctx.params);
        return retryUntilReady(ctx, settings, (signal, timeoutMs) => attempt(settings, signal, timeoutMs), 'no answer yet');
      },
    },
  },
};
