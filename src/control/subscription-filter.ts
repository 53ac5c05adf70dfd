// Which events a subscription wants: shared by the control socket and plugin control servers.
import type { PilotEvent } from '../supervisor/events.js';

export interface SubscriptionFilter {
  /** Output lines. */
  logs: boolean;
  /** Every other event. */
  events: boolean;
  /** Only these processes (stack-wide events always pass); null = all. */
  names: ReadonlySet<string> | null;
}

/** Lines go to `logs` subscriptions, other events to `events` ones; a name filter spares stack-wide events. */
export function wants(sub: SubscriptionFilter, event: PilotEvent): boolean {
  if (!(event.type === 'line' ? sub.logs : sub.events)) return false;
  if (sub.names === null) return true;
  const process = 'process' in event ? event.process : null;
  if (event.type === 'sweep') return event.killed.some((k) => sub.names?.has(k.process));
  return process === null || sub.names.has(process);
}
