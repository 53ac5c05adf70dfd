// A small chart in block characters: `▁▂▄█▇▃`, one per value, scaled to at least one core.
const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as bars; 100 % (one core) fills a bar unless a value was higher. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-Math.max(0, width));
  const top = Math.max(100, ...shown);
  return shown.map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.round((v / top) * (BARS.length - 1))))]).join('');
}
