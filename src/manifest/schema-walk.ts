// Looking up the part of the JSON Schema that governs a value of the manifest, for messages and
// suggestions. Handles what pilot's schema uses: $ref to #/$defs, properties, patternProperties,
// additionalProperties, items/prefixItems, and allOf if/then keyed on a `const` property.
import type { DataPath } from './locate.js';

export interface SchemaNode {
  $ref?: string;
  $defs?: Record<string, SchemaNode>;
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  dependentRequired?: Record<string, string[]>;
  items?: SchemaNode | boolean;
  prefixItems?: SchemaNode[];
  allOf?: SchemaNode[];
  if?: SchemaNode;
  then?: SchemaNode;
}

/** Follows a local `$ref` (`#/$defs/name`). */
export function deref(root: SchemaNode, node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined && hops < 10; hops++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : root.$defs?.[name];
    if (!target) break;
    current = target;
  }
  return current;
}

/** The schema of the value at `path` in `data`, or undefined when the schema says nothing about it. */
export function schemaAt(root: SchemaNode, data: unknown, path: DataPath): SchemaNode | undefined {
  let schema: SchemaNode | undefined = root;
  let value = data;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = childSchema(root, schema, value, segment);
    value = childValue(value, segment);
  }
  return schema && deref(root, schema);
}

/** Keys an object governed by `schema` may have (for "did you mean"), given its data. */
export function allowedKeys(root: SchemaNode, schema: SchemaNode, data: unknown): string[] {
  const resolved = deref(root, schema);
  const keys = new Set(Object.keys(resolved.properties ?? {}));
  for (const branch of activeBranches(root, resolved, data)) for (const key of Object.keys(branch.properties ?? {})) keys.add(key);
  return [...keys];
}

/** The value at one step down from `value`. */
export function childValue(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value)) return value[Number(segment)];
  if (value !== null && typeof value === 'object') return (value as Record<string, unknown>)[String(segment)];
  return undefined;
}

function childSchema(root: SchemaNode, parent: SchemaNode, value: unknown, segment: string | number): SchemaNode | undefined {
  const schema = deref(root, parent);
  if (Array.isArray(value)) {
    const index = Number(segment);
    const item = schema.prefixItems?.[index] ?? schema.items;
    return typeof item === 'object' ? item : undefined;
  }
  const key = String(segment);
  // a matching then-branch is more specific than the plain property (e.g. tcp's ready_params)
  for (const branch of activeBranches(root, schema, value)) {
    const found = branch.properties?.[key];
    if (found) return found;
  }
  const direct = schema.properties?.[key];
  if (direct) return direct;
  for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) if (new RegExp(pattern, 'u').test(key)) return sub;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** The `then` schemas of allOf entries whose `if` holds for `value`. */
function activeBranches(root: SchemaNode, schema: SchemaNode, value: unknown): SchemaNode[] {
  const branches: SchemaNode[] = [];
  for (const entry of schema.allOf ?? []) {
    const resolved = deref(root, entry);
    if (resolved.if && resolved.then && ifHolds(resolved.if, value)) branches.push(resolved.then);
  }
  return branches;
}

/** Evaluates an `if` of the form {properties: {k: {const}}, required: [k]}. */
function ifHolds(condition: SchemaNode, value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (!(condition.required ?? []).every((key) => key in record)) return false;
  return Object.entries(condition.properties ?? {}).every(([key, sub]) => !(key in record) || !('const' in sub) || record[key] === sub.const);
}
