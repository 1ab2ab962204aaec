import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { loadStack } from "../src/load/load-stack.js";
import { composeModelJsonSchema } from "../src/model/json-schema.js";
import { stackJsonSchema } from "../scripts/dsl-json-schema.mjs";
import { buildFile } from "./helpers/build.js";
import { ROOT } from "./helpers/paths.js";

const committed = (name: string): unknown => JSON.parse(readFileSync(path.join(ROOT, "schemas", name), "utf8"));
const generated = { model: composeModelJsonSchema(), stack: stackJsonSchema(ROOT) };
const EXAMPLES = ["minimal", "web-db-cache", "reverse-proxy"].map((e) => path.join(ROOT, "examples", e, "stack.ts"));

function validator(schema: unknown) {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  return ajv.compile(schema as object);
}

describe("committed schemas match the code (run `npm run schemas` after changing the model or the DSL)", () => {
  test("schemas/compose-model.schema.json", () => {
    expect(committed("compose-model.schema.json")).toEqual(JSON.parse(JSON.stringify(generated.model)));
  });
  test("schemas/stack.schema.json", () => {
    expect(committed("stack.schema.json")).toEqual(generated.stack);
  });
});

describe("the schemas accept what compose-ts reads and writes, and reject typos", () => {
  const model = validator(generated.model);
  const stack = validator(generated.stack);

  test.each(EXAMPLES)("%s: the stack value and its built model", async (file) => {
    const loaded = await loadStack(file);
    expect(stack(loaded.value), JSON.stringify(stack.errors)).toBe(true);
    const built = await buildFile(file);
    expect(model(JSON.parse(JSON.stringify(built.model))), JSON.stringify(model.errors)).toBe(true);
  });

  test("unknown keys fail, x-* keys pass", () => {
    expect(stack({ services: { web: { imgae: "nginx" } } })).toBe(false);
    expect(stack({ services: { web: { image: "nginx", "x-note": 1 } }, "x-top": {} })).toBe(true);
    expect(stack({ services: { web: { restart: "sometimes" } } })).toBe(false);
    expect(stack({ services: { web: { privileged: "${PRIV}", depends_on: { db: { condition: "service_healthy" } } } } })).toBe(true);
    expect(model({ name: "p", services: { web: { imgae: "x" } } })).toBe(false);
    expect(model({ name: "p", services: {}, "x-a": 1 })).toBe(true);
  });

  test("the stack schema carries the DSL's JSDoc as descriptions", () => {
    const service = (generated.stack.$defs as Record<string, { properties: Record<string, { description?: string }> }>).Service!;
    expect(service.properties.depends_on!.description).toContain("Services to start first");
  });
});
