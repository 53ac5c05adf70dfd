// @ts-check
// The log strategy's ready_params: the pattern compiled once, for pilot validate and for the wait alike.
import { Params, orThrow } from '../../shared/params.js';
/** @import { ParamProblem } from 'pilot' */

export const PARAMETERS = ['pattern', 'flags', 'stream'];
export const STREAMS = /** @type {const} */ (['both', 'stdout', 'stderr']);

/** `g` and `y` make RegExp.test stateful (every other line would be skipped): refused. */
const FLAGS = /^[imsuvd]*$/;

/**
 * @typedef {object} LogSettings
 * @property {RegExp} regex
 * @property {'both' | 'stdout' | 'stderr'} stream
 */

/**
 * @param {Readonly<Record<string, unknown>>} params ready_params as written
 * @returns {{ settings: LogSettings; problems: ParamProblem[] }}
 */
export function readSettings(params) {
  const p = new Params(params, PARAMETERS, 'the log strategy');
  const pattern = p.string('pattern', { required: true, hint: 'ready_params: { pattern: "listening on port \\\\d+" }' });
  const flags = readFlags(p);
  const stream = p.oneOf('stream', STREAMS, 'both');
  let regex = /$^/;
  if (pattern !== undefined && flags !== null) {
    try {
      regex = new RegExp(pattern, flags);
    } catch (err) {
      const why = (err instanceof Error ? err.message : String(err)).replace(/^Invalid regular expression: /, '');
      p.problem('pattern', `is not a valid regular expression: ${why}`, "a JavaScript regular expression; in YAML, single quotes keep backslashes as written: '\\d+'");
    }
  }
  return { settings: { regex, stream }, problems: p.problems };
}

/**
 * The flags, or null when they are unusable (a problem is recorded).
 * @param {Params} p
 * @returns {string | null}
 */
function readFlags(p) {
  const flags = p.params.flags;
  if (flags === undefined) return '';
  if (typeof flags !== 'string' || !FLAGS.test(flags) || new Set(flags).size !== flags.length) {
    p.problem('flags', `must be regular expression flags among i, m, s, u, v and d, each once, got ${JSON.stringify(flags)}`, 'g and y are not allowed: each line is matched on its own');
    return null;
  }
  if (flags.includes('u') && flags.includes('v')) {
    p.problem('flags', 'may have u or v, not both');
    return null;
  }
  return flags;
}

/** The settings, or an Error listing what is wrong. */
export const settingsOrThrow = orThrow(readSettings, 'ready_params');
