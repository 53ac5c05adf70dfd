// Durations as the CLI shows them: compact uptimes for tables, short elapsed times for messages.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const two = (n: number): string => String(n).padStart(2, '0');

/** A compact uptime, two units at most: `3s`, `4m12s`, `2h03m`, `1d04h` (rounded down; negative counts as 0). */
export function formatUptime(ms: number): string {
  const t = Math.max(0, Math.floor(ms));
  if (t < MINUTE) return `${Math.floor(t / SECOND)}s`;
  if (t < HOUR) return `${Math.floor(t / MINUTE)}m${two(Math.floor((t % MINUTE) / SECOND))}s`;
  if (t < DAY) return `${Math.floor(t / HOUR)}h${two(Math.floor((t % HOUR) / MINUTE))}m`;
  return `${Math.floor(t / DAY)}d${two(Math.floor((t % DAY) / HOUR))}h`;
}

/** A short elapsed time for messages: `231 ms` below ten seconds, then `12.3 s`, then like an uptime. */
export function formatElapsed(ms: number): string {
  const t = Math.max(0, Math.round(ms));
  if (t < 10 * SECOND) return `${t} ms`;
  if (t < MINUTE) return `${(t / SECOND).toFixed(1)} s`;
  return formatUptime(t);
}
