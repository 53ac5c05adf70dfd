// @ts-check
// The jsonl handler's stat_handler_params.jsonl: where to write and how much to keep.
import { Params, orThrow } from '../../shared/params.js';
/** @import { ParamProblem } from 'pilot' */

export const PARAMETERS = ['path', 'max_size_mb', 'max_files'];
/** The file's name in the stack's state directory when `path` is not set. */
export const DEFAULT_FILE = 'stats.jsonl';

/**
 * @typedef {object} JsonlSettings
 * @property {string | null} path as written (null: the default)
 * @property {number} maxBytes rotate when the file would pass this size
 * @property {number} maxFiles files kept, the current one included
 */

/**
 * @param {Readonly<Record<string, unknown>>} params as written
 * @returns {{ settings: JsonlSettings; problems: ParamProblem[] }}
 */
export function readSettings(params) {
  const p = new Params(params, PARAMETERS, 'the jsonl handler');
  const settings = {
    path: p.string('path', { fallback: null }),
    maxBytes: Math.round(p.number('max_size_mb', 10, { above: 0 }) * 1024 * 1024),
    maxFiles: p.number('max_files', 3, { integer: true, min: 1 }),
  };
  return { settings, problems: p.problems };
}

/** The settings, or an Error listing what is wrong. */
export const settingsOrThrow = orThrow(readSettings, 'stat_handler_params.jsonl');
