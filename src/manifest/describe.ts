// Human wording for manifest values, paths and schema constraints, shared by the schema and semantic checks.
import type { DataPath } from './locate.js';
import { childValue, type SchemaNode } from './schema-walk.js';

const PATTERN_TEXT: Record<string, string> = {
  '^[A-Za-z0-9_.-]+$': 'letters, digits, "_", "." and "-"',
};

/** A value as shown in "(got …)": strings quoted, containers by kind. */
export function renderValue(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** How a process is named in messages: `process "api"`, or by position when it has no usable name. */
export function processLabel(data: unknown, index: number): string {
  const name = childValue(childValue(childValue(data, 'processes'), index), 'name');
  return typeof name === 'string' && name !== '' ? `process "${name}"` : `process #${index + 1}`;
}

/** The key a path ends in, with array indices: `port`, `args[1]`, `processes[0]`. */
export function keyLabel(path: DataPath): string {
  let end = path.length;
  let indices = '';
  while (end > 0 && typeof path[end - 1] === 'number') indices = `[${String(path[--end])}]${indices}`;
  return end === 0 ? `the manifest${indices}` : `${String(path[end - 1])}${indices}`;
}

/** The object at `path` for messages: `process "api"`, `"ready_params" of process "api"`, `"logs"`; null at the top. */
export function ownerLabel(data: unknown, path: DataPath): string | null {
  if (path.length === 0) return null;
  if (path[0] === 'processes' && typeof path[1] === 'number') {
    const process = processLabel(data, path[1]);
    return path.length === 2 ? process : `"${joinPath(path.slice(2))}" of ${process}`;
  }
  return `"${joinPath(path)}"`;
}

/** `watchdog.max_cpu_percent_sec[0]` */
export function joinPath(path: DataPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** What a schema expects, as a noun phrase: `an integer between 1 and 65535`, `a list of strings`. */
export function describeExpected(schema: SchemaNode): string {
  if (schema.enum) return `one of ${schema.enum.map(String).join(', ')}`;
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 1) return `a ${types.slice(0, -1).join(', ')} or ${types.at(-1) ?? ''}`;
  switch (types[0]) {
    case 'integer':
    case 'number': {
      const noun = types[0] === 'integer' ? 'integer' : 'number';
      if (schema.minimum === 0 && schema.maximum === undefined) return `a non-negative ${noun}`;
      if (schema.exclusiveMinimum === 0) return `a positive ${noun}`;
      return `${noun === 'integer' ? 'an integer' : 'a number'}${describeRange(schema)}`;
    }
    case 'string':
      if (schema.pattern !== undefined) return `a name made of ${PATTERN_TEXT[schema.pattern] ?? `text matching /${schema.pattern}/`}`;
      return schema.minLength !== undefined && schema.minLength > 0 ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return describeList(schema);
    case 'object':
      return 'an object (a mapping of keys to values)';
    default:
      return 'a valid value';
  }
}

/** Text for a pattern a string must match. */
export function describePattern(pattern: string): string {
  const text = PATTERN_TEXT[pattern];
  return text === undefined ? `must match /${pattern}/` : `may only contain ${text}`;
}

function describeRange(schema: SchemaNode): string {
  const { minimum, maximum, exclusiveMinimum } = schema;
  if (minimum !== undefined && maximum !== undefined) return ` between ${minimum} and ${maximum}`;
  if (exclusiveMinimum !== undefined) return ` greater than ${exclusiveMinimum}`;
  if (minimum !== undefined) return ` of at least ${minimum}`;
  if (maximum !== undefined) return ` of at most ${maximum}`;
  return '';
}

function describeList(schema: SchemaNode): string {
  if (schema.prefixItems && schema.items === false) return `a list of exactly ${schema.prefixItems.length} items`;
  const item = typeof schema.items === 'object' ? schema.items : undefined;
  const itemTypes = item?.type === undefined ? [] : Array.isArray(item.type) ? item.type : [item.type];
  const of = itemTypes.length === 0 ? '' : ` of ${itemTypes.map((t) => (t === 'integer' ? 'integers' : `${t}s`)).join(' or ')}`;
  return `${schema.minItems !== undefined && schema.minItems > 0 ? 'a non-empty list' : 'a list'}${of}`;
}
