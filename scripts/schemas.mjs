#!/usr/bin/env node
/**
 * Regenerates schemas/*.schema.json from the code (`npm run schemas`, after `npm run build`):
 * the canonical model from its zod schemas, the stack input from the DSL types.
 * test/schemas.test.ts fails when the committed files drift from what this writes.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stackJsonSchema } from "./dsl-json-schema.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { composeModelJsonSchema } = await import(path.join(root, "dist/model/json-schema.js"));

const files = {
  "schemas/compose-model.schema.json": composeModelJsonSchema(),
  "schemas/stack.schema.json": stackJsonSchema(root),
};
for (const [file, schema] of Object.entries(files)) {
  writeFileSync(path.join(root, file), JSON.stringify(schema, null, 2) + "\n");
  console.log(`wrote ${file}`);
}
