// Validating manifest data against the precompiled schema and turning ajv's errors into
// located, human diagnostics: one per problem, the most specific one for each value.
import validate, { type SchemaError } from './schema-validator.js';
import type { DiagnosticList } from './diagnostics.js';
import type { DataPath, NodeLocator, PathSegment } from './locate.js';
import { allowedKeys, childValue, schemaAt, type SchemaNode } from './schema-walk.js';
import { describeExpected, describePattern, keyLabel, ownerLabel, renderValue } from './describe.js';
import { didYouMean } from './suggest.js';

interface Context {
  data: unknown;
  schema: SchemaNode;
  locator: NodeLocator;
  diagnostics: DiagnosticList;
}

/** Errors about an object's keys; each one is its own problem. */
const KEY_KEYWORDS = new Set(['additionalProperties', 'required', 'dependentRequired']);
/** For a value that failed several ways, report only the first of these (the most telling). */
const VALUE_KEYWORDS = ['type', 'enum', 'const', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'minItems', 'items', 'maxItems', 'uniqueItems'];

/** Validates `data`; records a diagnostic per problem and returns whether it passed. */
export async function checkSchema(data: unknown, locator: NodeLocator, diagnostics: DiagnosticList): Promise<boolean> {
  if (validate(data)) return true;
  // the schema itself is only needed to explain errors, so it is loaded only then
  const { default: schema } = await import('./schema-json.js');
  const context: Context = { data, schema, locator, diagnostics };
  for (const error of collapse(validate.errors ?? [])) report(context, error, toPath(data, error.instancePath));
  return false;
}

/** Drops ajv's wrapper errors (`if`) and duplicates; keeps one error per failing value. */
export function collapse(errors: readonly SchemaError[]): SchemaError[] {
  const keyErrors = new Map<string, SchemaError>();
  const valueErrors = new Map<string, SchemaError>();
  const rank = (e: SchemaError): number => {
    const i = VALUE_KEYWORDS.indexOf(e.keyword);
    return i === -1 ? VALUE_KEYWORDS.length : i;
  };
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    if (KEY_KEYWORDS.has(error.keyword)) {
      keyErrors.set(`${error.keyword}\0${error.instancePath}\0${JSON.stringify(error.params)}`, error);
      continue;
    }
    const previous = valueErrors.get(error.instancePath);
    if (!previous || rank(error) < rank(previous)) valueErrors.set(error.instancePath, error);
  }
  return [...keyErrors.values(), ...valueErrors.values()];
}

/** JSON pointer → path segments, with numbers for array indices. */
function toPath(data: unknown, pointer: string): PathSegment[] {
  const path: PathSegment[] = [];
  let value = data;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path.push(Array.isArray(value) ? Number(segment) : segment);
    value = childValue(value, segment);
  }
  return path;
}

function valueAt(data: unknown, path: DataPath): unknown {
  return path.reduce<unknown>((value, segment) => childValue(value, segment), data);
}

function report(ctx: Context, error: SchemaError, path: PathSegment[]): void {
  const { data, diagnostics, locator } = ctx;
  const value = valueAt(data, path);
  const label = `"${keyLabel(path)}"`;
  const owner = ownerLabel(data, path);
  const schema = schemaAt(ctx.schema, data, path) ?? {};
  const params = error.params;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = allowedKeys(ctx.schema, schema, value);
      const hint = didYouMean(key, allowed) ?? `allowed keys: ${allowed.join(', ')} (and x-* for extensions)`;
      diagnostics.add('unknown-key', `unknown key "${key}" ${owner === null ? 'at the top level' : `in ${owner}`}`, locator.key([...path, key]), { hint });
      return;
    }
    case 'required': {
      const key = String(params.missingProperty);
      diagnostics.add('missing-key', `${owner === null ? '' : `${owner}: `}missing required key "${key}"`, locator.value(path), missingHint(ctx, path, key));
      return;
    }
    case 'dependentRequired': {
      const key = String(params.property);
      const message = `"${key}" requires "${String(params.missingProperty)}"${owner === null ? '' : ` in ${owner}`}`;
      diagnostics.add('missing-key', message, locator.key([...path, key]), { hint: `set both "${key}" and "${String(params.missingProperty)}", or neither` });
      return;
    }
    case 'type':
      diagnostics.add('wrong-type', typeMessage(path, label, schema, value), locator.value(path), typeHint(schema, value));
      return;
    case 'enum':
      diagnostics.add('bad-value', `${label} must be ${describeExpected(schema)} (got ${renderValue(value)})`, locator.value(path), hintOf(didYouMean(String(value), (schema.enum ?? []).map(String))));
      return;
    case 'pattern':
      diagnostics.add('bad-value', `${label} ${describePattern(String(params.pattern))} (got ${renderValue(value)})`, locator.value(path));
      return;
    case 'minLength':
      diagnostics.add('bad-value', Number(params.limit) === 1 ? `${label} must not be empty` : `${label} must be at least ${String(params.limit)} characters long`, locator.value(path));
      return;
    case 'maxLength':
      diagnostics.add('bad-value', `${label} must be at most ${String(params.limit)} characters long (got ${typeof value === 'string' ? value.length : '?'})`, locator.value(path));
      return;
    case 'minItems':
    case 'items':
    case 'maxItems':
      reportCount(ctx, error, path, label, schema, value);
      return;
    case 'uniqueItems': {
      const index = Math.max(Number(params.i), Number(params.j));
      const item = Array.isArray(value) ? value[index] : undefined;
      diagnostics.add('duplicate-item', `${label} lists ${renderValue(item)} more than once`, locator.value([...path, index]), { hint: 'remove the repeated entry' });
      return;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      diagnostics.add('bad-value', `${label} must be ${describeExpected(schema)} (got ${renderValue(value)})`, locator.value(path));
      return;
    default:
      diagnostics.add('bad-value', `${label} ${error.message ?? 'is not valid'}`, locator.value(path));
  }
}

function typeMessage(path: DataPath, label: string, schema: SchemaNode, value: unknown): string {
  if (path.length === 0) return `the manifest must be an object with a "processes" list (got ${renderValue(value)})`;
  return `${label} must be ${describeExpected(schema)} (got ${renderValue(value)})`;
}

function reportCount(ctx: Context, error: SchemaError, path: PathSegment[], label: string, schema: SchemaNode, value: unknown): void {
  const count = Array.isArray(value) ? value.length : 0;
  const limit = Number(error.params.limit);
  const exact = schema.prefixItems !== undefined && schema.items === false;
  const tooFew = error.keyword === 'minItems';
  const message = exact
    ? `${label} must be ${describeExpected(schema)} (got ${count})`
    : `${label} must have ${tooFew ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'} (got ${count})`;
  const where = tooFew || count <= limit ? ctx.locator.value(path) : ctx.locator.value([...path, limit]);
  const hint = path.length === 1 && path[0] === 'processes' ? { hint: 'list at least one process, each with a name and a path' } : tupleHint(schema);
  ctx.diagnostics.add(tooFew ? 'too-few-items' : 'too-many-items', message, where, hint);
}

function missingHint(ctx: Context, path: DataPath, key: string): { hint?: string } {
  if (path.length === 0 && key === 'processes') return { hint: 'list the processes to supervise under "processes:"' };
  if (key !== 'ready_params') return {};
  const owner = valueAt(ctx.data, path);
  const strategy = String(childValue(owner, 'ready_strategy'));
  const params = schemaAt(ctx.schema, ctx.data, [...path, 'ready_params']);
  const needed = (params?.required ?? []).map((k) => `${k}: …`).join(', ');
  return { hint: `ready_strategy ${strategy} needs ready_params: {${needed}}` };
}

/** Hints for the usual slips: an empty YAML value, a quoted number, YAML 1.1 booleans. */
function typeHint(schema: SchemaNode, value: unknown): { hint?: string } {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (value === null) return { hint: 'an empty value in YAML is null; write the value after the ":"' };
  if (typeof value === 'string' && (types.includes('number') || types.includes('integer')) && value.trim() !== '' && Number.isFinite(Number(value))) {
    return { hint: `write the number without quotes: ${value.trim()}` };
  }
  if (typeof value === 'string' && types.includes('boolean') && /^(yes|no|on|off|y|n)$/i.test(value)) return { hint: 'write true or false (YAML 1.2 reads yes/no/on/off as strings)' };
  return tupleHint(schema);
}

function tupleHint(schema: SchemaNode): { hint?: string } {
  return schema.prefixItems !== undefined && schema.description !== undefined ? { hint: schema.description } : {};
}

function hintOf(hint: string | undefined): { hint?: string } {
  return hint === undefined ? {} : { hint };
}
