// Types of the schema module that scripts/build-schema.mjs generates into
// dist/src/manifest/schema-json.js: schemas/pilot.schema.json as an ES module, loaded only
// when a manifest has schema errors (for messages and "did you mean").
import type { SchemaNode } from './schema-walk.js';

declare const schema: SchemaNode;
export default schema;
