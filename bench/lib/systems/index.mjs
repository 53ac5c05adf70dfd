// The systems the suite knows, and finding which are installed (saying how to install the others).
import { Pm2System } from './pm2.mjs';
import { PilotSystem } from './pilot.mjs';
import { SupervisordSystem } from './supervisord.mjs';

export const SYSTEMS = { pilot: PilotSystem, pm2: Pm2System, supervisord: SupervisordSystem };
export const SYSTEM_IDS = Object.keys(SYSTEMS);

/** `[{ id, System, probe }]` for the ids asked for, installed or not (probe.ok says). */
export function probeSystems(ids) {
  return ids.map((id) => ({ id, System: SYSTEMS[id], probe: SYSTEMS[id].probe() }));
}

/** One line per system that will be skipped: why, and how to install it. Nothing is installed. */
export function missingSystemsText(systems) {
  return systems
    .filter((s) => !s.probe.ok)
    .map((s) => `${s.id}: ${s.probe.reason}; skipped${s.probe.install ? `. To include it: ${s.probe.install}` : ''}`);
}
