/** JSON Schema of `StackInput`, read from the DSL types under `root`/src/dsl. */
export function stackJsonSchema(root: string): Record<string, unknown>;
