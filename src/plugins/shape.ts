// Checking what a plugin module exports against the API (src/plugins/api.ts), listing every problem at once.
import { didYouMean } from '../manifest/suggest.js';
import { HOOK_EVENTS, PLUGIN_API_VERSION, type PluginDefinition } from './api.js';
import { isObject } from './param-check.js';

export type ShapeResult = { ok: true; plugin: PluginDefinition } | { ok: false; problems: string[] };

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
const TOP_KEYS = ['name', 'apiVersion', 'version', 'description', 'readyStrategies', 'lifecycleHooks', 'statHandlers', 'controlServers'];
const STRATEGY_KEYS = ['describe', 'notReadyText', 'wait', 'check', 'pollIntervalMs', 'validateParams'];
const BUNDLE_KEYS = [...HOOK_EVENTS, 'timeoutSec'];
const HANDLER_KEYS = ['handle', 'timeoutSec', 'close', 'validateParams'];
const SERVER_KEYS = ['create', 'validateParams'];

type Obj = Record<string, unknown>;

const isFunction = (value: unknown): boolean => typeof value === 'function';

/** `unknown key "x"` with a did-you-mean among `known`. */
function unknownKey(where: string, key: string, known: readonly string[]): string {
  const hint = didYouMean(key, [...known]);
  return `${where}: unknown key "${key}"${hint ? ` (${hint})` : ''}; known keys: ${known.join(', ')}`;
}

function checkKeys(problems: string[], where: string, value: Obj, known: readonly string[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) problems.push(unknownKey(where, key, known));
}

function checkPositive(problems: string[], where: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
    problems.push(`${where} must be a number > 0, got ${JSON.stringify(value) ?? String(value)}`);
  }
}

/** A group (`readyStrategies`, …): an object of name → entry; each entry checked by `check`. */
function checkGroup(problems: string[], plugin: Obj, group: string, check: (where: string, entry: unknown) => void): void {
  const value = plugin[group];
  if (value === undefined) return;
  if (!isObject(value)) {
    problems.push(`${group} must be an object mapping names to definitions, got ${describeValue(value)}`);
    return;
  }
  for (const [name, entry] of Object.entries(value)) {
    const where = `${group}.${name}`;
    if (!NAME_PATTERN.test(name)) problems.push(`${where}: names may only use letters, digits, "_", "." and "-"`);
    else if (group === 'readyStrategies' && name === 'none') problems.push(`${where}: "none" is reserved (it means ready once spawned)`);
    check(where, entry);
  }
}

function checkStrategy(problems: string[], where: string, entry: unknown): void {
  if (!isObject(entry)) return void problems.push(`${where} must be an object with wait() or check(), got ${describeValue(entry)}`);
  checkKeys(problems, where, entry, STRATEGY_KEYS);
  if (!isFunction(entry.wait) && !isFunction(entry.check)) problems.push(`${where} has neither wait() nor check()`);
  for (const key of ['describe', 'wait', 'check', 'validateParams']) {
    if (entry[key] !== undefined && !isFunction(entry[key])) problems.push(`${where}.${key} must be a function`);
  }
  if (entry.notReadyText !== undefined && typeof entry.notReadyText !== 'string') problems.push(`${where}.notReadyText must be a string`);
  checkPositive(problems, `${where}.pollIntervalMs`, entry.pollIntervalMs);
}

function checkBundle(problems: string[], where: string, entry: unknown): void {
  if (!isObject(entry)) return void problems.push(`${where} must be an object of hooks (${HOOK_EVENTS.join(', ')}), got ${describeValue(entry)}`);
  checkKeys(problems, where, entry, BUNDLE_KEYS);
  if (!HOOK_EVENTS.some((event) => entry[event] !== undefined)) problems.push(`${where} has no hook (${HOOK_EVENTS.join(', ')})`);
  for (const event of HOOK_EVENTS) if (entry[event] !== undefined && !isFunction(entry[event])) problems.push(`${where}.${event} must be a function`);
  checkPositive(problems, `${where}.timeoutSec`, entry.timeoutSec);
}

function checkHandler(problems: string[], where: string, entry: unknown): void {
  if (isFunction(entry)) return;
  if (!isObject(entry)) return void problems.push(`${where} must be a function or an object with handle(), got ${describeValue(entry)}`);
  checkKeys(problems, where, entry, HANDLER_KEYS);
  if (!isFunction(entry.handle)) problems.push(`${where}.handle must be a function`);
  for (const key of ['close', 'validateParams']) if (entry[key] !== undefined && !isFunction(entry[key])) problems.push(`${where}.${key} must be a function`);
  checkPositive(problems, `${where}.timeoutSec`, entry.timeoutSec);
}

function checkServer(problems: string[], where: string, entry: unknown): void {
  if (isFunction(entry)) return;
  if (!isObject(entry)) return void problems.push(`${where} must be a function (pilot, ctx) => ({ start, stop }) or an object with create(), got ${describeValue(entry)}`);
  // An object without create() is most likely a server instance exported instead of its factory.
  if (entry.create === undefined) return void problems.push(`${where} must be a function (pilot, ctx) => ({ start, stop }), got an object without create()`);
  checkKeys(problems, where, entry, SERVER_KEYS);
  if (!isFunction(entry.create)) problems.push(`${where}.create must be a function (pilot, ctx) => ({ start, stop })`);
  if (entry.validateParams !== undefined && !isFunction(entry.validateParams)) problems.push(`${where}.validateParams must be a function`);
}

/** Checks the default export of a plugin module. */
export function checkPluginShape(value: unknown): ShapeResult {
  if (!isObject(value)) {
    const fn = isFunction(value) ? ' (a function: export the plugin object itself, e.g. export default definePlugin({...}))' : '';
    return { ok: false, problems: [`the default export must be a plugin object made with definePlugin({ name, apiVersion: ${PLUGIN_API_VERSION}, … }), got ${describeValue(value)}${fn}`] };
  }
  const problems: string[] = [];
  if (value.apiVersion !== PLUGIN_API_VERSION) {
    const got = value.apiVersion === undefined ? 'no apiVersion' : `apiVersion ${JSON.stringify(value.apiVersion) ?? String(value.apiVersion)}`;
    // A plugin for another API version may use keys this pilot does not know: say only this.
    return { ok: false, problems: [`it declares ${got}; this pilot supports plugin apiVersion ${PLUGIN_API_VERSION} (set apiVersion: ${PLUGIN_API_VERSION}, or use a pilot that supports the plugin's version)`] };
  }
  if (typeof value.name !== 'string' || !NAME_PATTERN.test(value.name)) {
    problems.push(`name must be a non-empty string of letters, digits, "_", "." and "-", got ${describeValue(value.name)}`);
  }
  checkKeys(problems, 'the plugin', value, TOP_KEYS);
  for (const key of ['version', 'description']) if (value[key] !== undefined && typeof value[key] !== 'string') problems.push(`${key} must be a string`);
  checkGroup(problems, value, 'readyStrategies', (where, entry) => checkStrategy(problems, where, entry));
  checkGroup(problems, value, 'lifecycleHooks', (where, entry) => checkBundle(problems, where, entry));
  checkGroup(problems, value, 'statHandlers', (where, entry) => checkHandler(problems, where, entry));
  checkGroup(problems, value, 'controlServers', (where, entry) => checkServer(problems, where, entry));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plugin: value as unknown as PluginDefinition };
}

/** A short description of a value of the wrong kind. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
