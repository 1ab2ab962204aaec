import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { Code, parsePath } from "../src/diagnostics/index.js";
import { emitArion } from "../src/emit/arion.js";
import { normalize } from "../src/normalize/index.js";
import { arionBack, comparableModel, simulateArion } from "./helpers/arion-back.js";
import { evalNixJson, nixUnavailable, parseNix } from "./helpers/nix.js";
import { buildFile, errorsOf } from "./helpers/build.js";
import { composeSchemaErrors } from "./helpers/compose-schema.js";
import { COMPOSE_SPEC, ROOT, sharedMissing } from "./helpers/paths.js";

/**
 * One folder per case (drop a folder in to add one): `stack.ts` or `compose.yaml` as input,
 * and either the expected outputs (`docker-compose.yml`, `arion-compose.nix`) or `errors.txt`
 * (one `CODE path` per line, each of which must be reported).
 * `UPDATE_GOLDENS=1 npx vitest run test/fixtures.test.ts` rewrites the outputs: read every
 * changed golden before committing it.
 */
const UPDATE = process.env.UPDATE_GOLDENS === "1";

function golden(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  else expect(actual).toBe(readFileSync(file, "utf8"));
}
const FIXTURES = path.join(ROOT, "test/fixtures");
const INPUTS = ["stack.ts", "compose.yaml"];
// import-* folders hold `compose-ts import` cases (test/import.test.ts).
const cases = readdirSync(FIXTURES).filter((d) => !d.startsWith("import-") && INPUTS.some((i) => existsSync(path.join(FIXTURES, d, i))));
const schemaSkip = sharedMissing(COMPOSE_SPEC);
if (schemaSkip) console.warn(`skipping compose-spec validation: ${schemaSkip}`);
if (nixUnavailable) console.warn(`skipping Nix evaluation: ${nixUnavailable}`);

describe.each(cases)("fixture %s", (name) => {
  const dir = path.join(FIXTURES, name);
  const input = path.join(dir, INPUTS.find((i) => existsSync(path.join(dir, i)))!);
  const expectedYaml = path.join(dir, "docker-compose.yml");
  const expectedErrors = path.join(dir, "errors.txt");

  if (existsSync(expectedYaml) || (UPDATE && !existsSync(expectedErrors))) {
    it("builds to the expected docker-compose.yml", async () => {
      const built = await buildFile(input);
      expect(errorsOf(built.diagnostics)).toEqual([]);
      golden(expectedYaml, built.yaml!);
    });

    it("emits the expected arion-compose.nix", async () => {
      const built = await buildFile(input);
      const arion = emitArion(built.model!, { sourceName: "stack.ts" });
      expect(arion.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
      expect(arion.diagnostics.every((x) => x.code === Code.NotExpressible && x.path.split(".").pop()!.startsWith("x-"))).toBe(true);
      golden(path.join(dir, "arion-compose.nix"), arion.text);
    });

    it.skipIf(nixUnavailable !== undefined)("arion-compose.nix parses and evaluates back to the same stack", async () => {
      const built = await buildFile(input);
      const { text, diagnostics } = emitArion(built.model!, { sourceName: "stack.ts" });
      parseNix(text);
      const mod = evalNixJson("import ./arion-compose.nix { pkgs = { }; }", { "arion-compose.nix": text }) as Record<string, unknown>;
      // What the emitter reported as left out (warnings) is the only allowed difference.
      const expected = without(built.model!, diagnostics.filter((x) => x.code === Code.NotExpressible).map((x) => x.path));
      expect(arionBack(simulateArion(mod))).toEqual(comparableModel(expected));
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

/** A deep copy of `value` without the given paths. */
function without<T>(value: T, paths: string[]): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  for (const p of paths) {
    const segs = parsePath(p);
    let node: unknown = copy;
    for (const seg of segs.slice(0, -1)) node = (node as Record<string | number, unknown> | undefined)?.[seg];
    if (node && typeof node === "object") delete (node as Record<string | number, unknown>)[segs[segs.length - 1]!];
  }
  return copy as T;
}
