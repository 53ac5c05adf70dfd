// @ts-check
// Reading a plugin's parameters as written in the manifest: typed values out, and a ParamProblem for each
// thing wrong, naming its key so that pilot points at its line. Shared by the first-party plugins, whose
// validateParams and run-time settings come from the same parse.
/** @import { ParamProblem } from 'pilot' */

export class Params {
  /**
   * @param {Readonly<Record<string, unknown>>} params as written
   * @param {readonly string[]} known the parameters there are; any other key is a problem
   * @param {string} owner what takes them, for messages: `the http strategy`
   */
  constructor(params, known, owner) {
    this.params = params;
    /** @type {ParamProblem[]} */
    this.problems = [];
    for (const key of Object.keys(params)) {
      if (known.includes(key)) continue;
      const near = closest(key, known);
      this.problem(key, `is not a parameter of ${owner}`, `${near === undefined ? '' : `did you mean "${near}"? `}parameters: ${known.join(', ')}`);
    }
  }

  /**
   * @param {string | undefined} key
   * @param {string} message continues the key: `must be a number, got "x"`
   * @param {string} [hint]
   */
  problem(key, message, hint) {
    /** @type {{ key?: string; message: string; hint?: string }} */
    const problem = { message };
    if (key !== undefined) problem.key = key;
    if (hint !== undefined) problem.hint = hint;
    this.problems.push(problem);
  }

  /** @param {string} key */
  has(key) {
    return this.params[key] !== undefined;
  }

  /**
   * A non-empty string; `fallback` when absent (a problem when `required`).
   * @template {string | null | undefined} [F=undefined]
   * @param {string} key
   * @param {{ required?: boolean; fallback?: F; hint?: string }} [options]
   * @returns {string | F}
   */
  string(key, options = {}) {
    const value = this.params[key];
    if (value === undefined) {
      if (options.required) this.problem(undefined, `${key} is required`, options.hint);
      return /** @type {F} */ (options.fallback);
    }
    if (typeof value === 'string' && value !== '') return value;
    this.problem(key, `must be a non-empty string, got ${describeValue(value)}`, options.hint);
    return /** @type {F} */ (options.fallback);
  }

  /**
   * A finite number within bounds; `fallback` when absent or wrong.
   * @param {string} key
   * @param {number} fallback
   * @param {{ min?: number; above?: number; integer?: boolean; max?: number }} [bounds] `above`: exclusive minimum
   */
  number(key, fallback, bounds = {}) {
    const value = this.params[key];
    if (value === undefined) return fallback;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!bounds.integer || Number.isInteger(value)) &&
      (bounds.min === undefined || value >= bounds.min) &&
      (bounds.above === undefined || value > bounds.above) &&
      (bounds.max === undefined || value <= bounds.max);
    if (ok) return value;
    const kind = bounds.integer ? 'an integer' : 'a number';
    const range = [bounds.min === undefined ? '' : `≥ ${bounds.min}`, bounds.above === undefined ? '' : `> ${bounds.above}`, bounds.max === undefined ? '' : `≤ ${bounds.max}`].filter(Boolean).join(' and ');
    this.problem(key, `must be ${kind}${range ? ` ${range}` : ''}, got ${describeValue(value)}`);
    return fallback;
  }

  /**
   * Seconds (> 0) as milliseconds.
   * @param {string} key
   * @param {number} fallbackSec
   */
  millis(key, fallbackSec) {
    return Math.round(this.number(key, fallbackSec, { above: 0 }) * 1000);
  }

  /**
   * @param {string} key
   * @param {boolean} fallback
   */
  boolean(key, fallback) {
    const value = this.params[key];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.problem(key, `must be true or false, got ${describeValue(value)}`);
    return fallback;
  }

  /**
   * One of `choices`.
   * @template {string} T
   * @param {string} key
   * @param {readonly T[]} choices
   * @param {T} fallback
   * @returns {T}
   */
  oneOf(key, choices, fallback) {
    const value = this.params[key];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && /** @type {readonly string[]} */ (choices).includes(value)) return /** @type {T} */ (value);
    this.problem(key, `must be one of ${choices.join(', ')}, got ${describeValue(value)}`);
    return fallback;
  }

  /**
   * A map of names to strings (numbers and booleans become strings, as in a manifest's env).
   * @param {string} key
   * @param {(name: string) => string | undefined} [checkName] a problem with a name, or undefined
   * @returns {Record<string, string>}
   */
  stringMap(key, checkName) {
    const value = this.params[key];
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(key, `must be a map of names to values, got ${describeValue(value)}`);
      return {};
    }
    /** @type {Record<string, string>} */
    const out = {};
    for (const [name, item] of Object.entries(value)) {
      const wrong = checkName?.(name);
      if (wrong !== undefined) this.problem(`${key}.${name}`, wrong);
      else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') out[name] = String(item);
      else this.problem(`${key}.${name}`, `must be a string, number or boolean, got ${describeValue(item)}`);
    }
    return out;
  }
}

/**
 * `read` as a function that returns the settings, or throws an Error listing every problem: what a
 * plugin uses at run time, where pilot's own check (validateParams) may have been bypassed.
 * @template S
 * @param {(params: Readonly<Record<string, unknown>>) => { settings: S; problems: readonly ParamProblem[] }} read
 * @param {string} prefix how the params are named in the manifest: `ready_params`
 * @returns {(params: Readonly<Record<string, unknown>>) => S}
 */
export function orThrow(read, prefix) {
  return (params) => {
    const { settings, problems } = read(params);
    if (problems.length > 0) throw new Error(`invalid ${problemsText(prefix, problems)}`);
    return settings;
  };
}

/**
 * The problems as one sentence, for an Error thrown at run time (`prefix`: `ready_params`).
 * @param {string} prefix
 * @param {readonly ParamProblem[]} problems
 */
export function problemsText(prefix, problems) {
  return problems.map((p) => (p.key === undefined ? `${prefix}: ${p.message}` : `${prefix}.${p.key} ${p.message}`)).join('; ');
}

/**
 * A value as shown in "got …".
 * @param {unknown} value
 */
export function describeValue(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/**
 * The candidate a misspelt `word` most likely meant, if any is close.
 * @param {string} word
 * @param {readonly string[]} candidates
 */
export function closest(word, candidates) {
  let best;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = distance(word.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return bestScore <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Levenshtein distance.
 * @param {string} a
 * @param {string} b
 */
function distance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
