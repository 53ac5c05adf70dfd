// Medians and spreads of samples; non-numbers (a failed run's null) are left out.

const numbers = (values) => values.filter((x) => typeof x === 'number' && Number.isFinite(x));

export function median(values) {
  const v = numbers(values).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export const minOf = (values) => (numbers(values).length ? Math.min(...numbers(values)) : null);
export const maxOf = (values) => (numbers(values).length ? Math.max(...numbers(values)) : null);

/** Rounded to `digits` decimals; non-numbers pass through. */
export const round = (x, digits = 1) => (typeof x === 'number' && Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

/** { median, min, max, n } of the samples. */
export function summarize(values) {
  return { median: median(values), min: minOf(values), max: maxOf(values), n: numbers(values).length };
}
