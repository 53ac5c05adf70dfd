// How numbers are written in the tables: ms to the ms from 100 on, one decimal below; MB one decimal; % two.

export function formatNumber(x, unit, digits) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const d = digits ?? (unit === 'ms' ? (Math.abs(x) >= 100 ? 0 : 1) : unit === 'MB' ? 1 : 2);
  return x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** `median (min–max)`, or the median alone for a single sample. */
export function formatSpread(s, unit, digits) {
  if (!s || s.n === 0) return '–';
  const [m, lo, hi] = [s.median, s.min, s.max].map((x) => formatNumber(x, unit, digits));
  return lo === hi ? m : `${m} (${lo}–${hi})`;
}

/** pilot ÷ peer, two decimals and a ×; '–' when either is missing. */
export function formatRatio(r) {
  return typeof r === 'number' && Number.isFinite(r) ? `${r.toFixed(2)}×` : '–';
}

export const formatLoad = (load) => (load ? `${load.start[0]} → ${load.end[0]}` : '–');
