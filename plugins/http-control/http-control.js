// @ts-check
// The `http` control server: a REST API on a loopback address, with a bearer token, to see and drive the
// stack (status, restart, stop, start, shutdown) and follow its logs and events as Server-Sent Events.
// README.md in this directory documents its routes and parameters.
import { HttpControlServer } from './lib/server.js';
import { readSettings } from './lib/settings.js';
/** @import { PluginDefinition } from 'pilot' */

/** @type {PluginDefinition} */
export default {
  name: 'http-control',
  apiVersion: 1,
  version: '1.0.0',
  description: 'a REST API with a bearer token on 127.0.0.1: status, restart/stop/start, logs and events as Server-Sent Events',
  controlServers: {
    http: {
      validateParams: (params) => readSettings(params).problems,
      create: (pilot, ctx) => new HttpControlServer(pilot, ctx),
    },
  },
};
