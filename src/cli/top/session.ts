// What both faces of `pilot top` work with: the connection to the stack and what it said about itself.
import type { ControlClient } from '../../control/client.js';
import type { PingResult } from '../../control/protocol.js';

export interface TopSession {
  client: ControlClient;
  /** The manifest as the user knows it. */
  manifest: string;
  ping: PingResult;
}

export interface TopOptions {
  /** Plain output: time between frames; full screen: time between redraws besides those on events, ms. */
  intervalMs: number;
  /** Plain output: stop after this many frames (undefined: until the stack stops or Ctrl-C). */
  iterations?: number;
}

/** How long the host's facts stay fresh, ms. */
export const HOST_REFRESH_MS = 2000;
