import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { buildFile, errorsOf } from "./helpers/build.js";
import { composeSchemaErrors } from "./helpers/compose-schema.js";
import { COMPOSE_SPEC, ROOT, sharedMissing } from "./helpers/paths.js";

const EXAMPLES = path.join(ROOT, "examples");
const names = readdirSync(EXAMPLES).filter((n) => !n.startsWith("."));

describe.each(names)("example %s", (name) => {
  const dir = path.join(EXAMPLES, name);
  it("committed docker-compose.yml is what build produces", async () => {
    const built = await buildFile(path.join(dir, "stack.ts"));
    expect(errorsOf(built.diagnostics)).toEqual([]);
    expect(built.yaml).toBe(readFileSync(path.join(dir, "docker-compose.yml"), "utf8"));
  });
  it.skipIf(sharedMissing(COMPOSE_SPEC) !== undefined)("validates against the Compose JSON Schema", () => {
    expect(composeSchemaErrors(parse(readFileSync(path.join(dir, "docker-compose.yml"), "utf8")))).toEqual([]);
  });
});
