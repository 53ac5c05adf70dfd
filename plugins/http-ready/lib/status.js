// @ts-check
// Which HTTP statuses count as ready: `200`, `"2xx"`, `"200-299"`, `"200, 204"`, or a list of these.

/**
 * @typedef {object} StatusSpec
 * @property {string} text how the manifest said it, normalized: `2xx`, `200, 204`
 * @property {(code: number) => boolean} matches
 */

/** @typedef {{ ok: true; spec: StatusSpec } | { ok: false; message: string }} StatusParse */

const TOKEN = /^(?:([1-5])xx|([1-5]\d\d)(?:-([1-5]\d\d))?)$/i;

/** Any 2xx: the default. */
/** @type {StatusSpec} */
export const ANY_2XX = { text: '2xx', matches: (code) => code >= 200 && code <= 299 };

/**
 * @param {unknown} value as written (a number, a string of comma-separated tokens, or a list of either)
 * @returns {StatusParse}
 */
export function parseStatus(value) {
  const items = Array.isArray(value) ? value : [value];
  /** @type {[number, number][]} */
  const ranges = [];
  /** @type {string[]} */
  const texts = [];
  for (const item of items) {
    const tokens = typeof item === 'number' ? [String(item)] : typeof item === 'string' ? item.split(',').map((t) => t.trim()) : null;
    if (tokens === null || tokens.length === 0) return { ok: false, message: `must be a status (200), a class ("2xx"), a range ("200-299") or a list of these, got ${JSON.stringify(item)}` };
    for (const token of tokens) {
      const m = TOKEN.exec(token);
      if (!m) return { ok: false, message: `has "${token}", which is not a status 100-599, a class like "2xx" or a range like "200-299"` };
      if (m[1] !== undefined) ranges.push([Number(m[1]) * 100, Number(m[1]) * 100 + 99]);
      else {
        const low = Number(m[2]);
        const high = m[3] === undefined ? low : Number(m[3]);
        if (high < low) return { ok: false, message: `has the range "${token}", which ends before it starts` };
        ranges.push([low, high]);
      }
      texts.push(token.toLowerCase());
    }
  }
  if (ranges.length === 0) return { ok: false, message: 'must name at least one status' };
  return { ok: true, spec: { text: texts.join(', '), matches: (code) => ranges.some(([low, high]) => code >= low && code <= high) } };
}
