import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { normalize } from "../src/normalize/index.js";
import { buildFile, errorsOf } from "./helpers/build.js";
import { composeSchemaErrors } from "./helpers/compose-schema.js";
import { COMPOSE_SPEC, ROOT, sharedMissing } from "./helpers/paths.js";

/**
 * One folder per case (drop a folder in to add one): `stack.ts` or `compose.yaml` as input,
 * and either the expected `docker-compose.yml` or `errors.txt` (one `CODE path` per line,
 * each of which must be reported).
 */
const FIXTURES = path.join(ROOT, "test/fixtures");
const INPUTS = ["stack.ts", "compose.yaml"];
const cases = readdirSync(FIXTURES).filter((d) => INPUTS.some((i) => existsSync(path.join(FIXTURES, d, i))));
const schemaSkip = sharedMissing(COMPOSE_SPEC);
if (schemaSkip) console.warn(`skipping compose-spec validation: ${schemaSkip}`);

describe.each(cases)("fixture %s", (name) => {
  const dir = path.join(FIXTURES, name);
  const input = path.join(dir, INPUTS.find((i) => existsSync(path.join(dir, i)))!);
  const expectedYaml = path.join(dir, "docker-compose.yml");
  const expectedErrors = path.join(dir, "errors.txt");

  if (existsSync(expectedYaml)) {
    it("builds to the expected docker-compose.yml", async () => {
      const built = await buildFile(input);
      expect(errorsOf(built.diagnostics)).toEqual([]);
      expect(built.yaml).toBe(readFileSync(expectedYaml, "utf8"));
    });

    it("is idempotent and round-trips through its own YAML", async () => {
      const built = await buildFile(input);
      const again = normalize(parse(built.yaml!), {});
      expect(errorsOf(again.diagnostics)).toEqual([]);
      expect(again.model).toEqual(built.model);
    });

    it.skipIf(schemaSkip !== undefined)("emits YAML valid against the Compose JSON Schema", async () => {
      const built = await buildFile(input);
      expect(composeSchemaErrors(parse(built.yaml!))).toEqual([]);
    });
  }

  if (existsSync(expectedErrors)) {
    it("reports the expected diagnostics", async () => {
      const built = await buildFile(input);
      expect(built.yaml).toBeUndefined();
      const got = built.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.path}`);
      const want = readFileSync(expectedErrors, "utf8").split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
      for (const line of want) expect(got).toContain(line);
    });
  }
});
