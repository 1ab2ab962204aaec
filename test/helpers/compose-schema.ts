import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { COMPOSE_SPEC } from "./paths.js";

let validate: ValidateFunction | undefined;

/** Validates a compose document against the official Compose JSON Schema (draft-07). */
export function composeSchemaErrors(doc: unknown): string[] {
  if (!validate) {
    // The spec names its dialect by an https URL ajv does not know; it is plain draft-07.
    const schema = JSON.parse(readFileSync(COMPOSE_SPEC, "utf8")) as Record<string, unknown>;
    delete schema.$schema;
    const ajv = new Ajv({ allErrors: true, strict: false });
    validate = ajv.compile(schema);
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}
