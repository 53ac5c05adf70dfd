// Types of the validator that scripts/build-schema.mjs generates (ajv standalone code) into
// dist/src/manifest/schema-validator.js from schemas/pilot.schema.json.

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface ValidateFunction {
  (data: unknown): boolean;
  errors: SchemaError[] | null;
}

declare const validate: ValidateFunction;
export default validate;
