import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { Code, parsePath } from "../src/diagnostics/index.js";
import { loadInput } from "../src/cli/input.js";
import { emitArion } from "../src/emit/arion.js";
import { emitDaemonJson } from "../src/emit/daemon-json.js";
import { emitNixos } from "../src/emit/nixos.js";
import { parseDotenv } from "../src/load/dotenv.js";
import { normalize } from "../src/normalize/index.js";
import { arionBack, comparableModel, simulateArion } from "./helpers/arion-back.js";
import { evalNixJson, nixUnavailable, parseNix } from "./helpers/nix.js";
import { evalNixosModule, nixosBack } from "./helpers/nixos-back.js";
import { backOptionsFor, backWithoutHost, comparableForNixos, hostComparable, leftOutPaths } from "./helpers/nixos-comparable.js";
import { buildFile, errorsOf } from "./helpers/build.js";
import { composeSchemaErrors } from "./helpers/compose-schema.js";
import { COMPOSE_SPEC, ROOT, sharedMissing } from "./helpers/paths.js";

/**
 * One folder per case (drop a folder in to add one): `stack.ts` or `compose.yaml` as input,
 * and either the expected outputs (`docker-compose.yml`, `arion-compose.nix`, `nixos.nix`,
 * `daemon.json` when the stack has host.docker.daemonSettings) or `errors.txt`
 * (one `CODE path` per line, each of which must be reported).
 * The NixOS module is emitted with `projectDir: /srv/<case>` and `${VAR}` resolved from the
 * case's optional `nixos.env` (dotenv; nothing else is set). Where the NixOS target reports
 * errors (keys it cannot express, e.g. `build`), the golden `nixos.nix` is the `allowLossy`
 * output, and the proof compares it with the model minus what it reported as left out.
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

    it("emits the expected nixos.nix (allowLossy where the target reports errors)", async () => {
      const { model, host, strict, lossy } = await nixos(input, dir, name);
      const errors = strict.diagnostics.filter((x) => x.severity === "error");
      for (const e of errors) {
        expect(e.code, `${e.path}: ${e.message}`).toBe(Code.NotExpressible);
        // It names the key: the path points at something the model (or host block) holds.
        expect(valueAt({ ...model, host }, e.path), e.path).not.toBeUndefined();
      }
      expect(lossy.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
      if (errors.length === 0) expect(lossy.text).toBe(strict.text);
      golden(path.join(dir, "nixos.nix"), lossy.text);
      if (host?.docker?.daemonSettings) golden(path.join(dir, "daemon.json"), emitDaemonJson(host));
    });

    it.skipIf(nixUnavailable !== undefined)("nixos.nix parses and evaluates back to the same stack", async () => {
      const { model, host, env, lossy } = await nixos(input, dir, name);
      parseNix(lossy.text);
      const mod = evalNixosModule(lossy.text);
      const back = nixosBack(mod, backOptionsFor(model));
      expect(backWithoutHost(back)).toEqual(comparableForNixos(model, env, `/srv/${name}`, leftOutPaths(lossy.diagnostics)));
      expect(back.host).toEqual(hostComparable(host));
      if (host?.docker?.daemonSettings) {
        // daemon.json and the module hold the same settings.
        const docker = (mod.virtualisation as Record<string, { daemon: { settings: unknown } }>).docker!;
        expect(docker.daemon.settings).toEqual(JSON.parse(emitDaemonJson(host)));
      }
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

/** The case's NixOS module, strict and with `allowLossy`, and what it was made from. */
async function nixos(input: string, dir: string, name: string) {
  const loaded = await loadInput([input], { outDir: dir });
  expect(errorsOf(loaded.diagnostics)).toEqual([]);
  const model = loaded.model!;
  const host = loaded.host;
  const envFile = path.join(dir, "nixos.env");
  const values = existsSync(envFile) ? parseDotenv(readFileSync(envFile, "utf8"), envFile).values : new Map<string, string>();
  const env = (n: string) => values.get(n);
  const options = { projectDir: `/srv/${name}`, env, sourceName: "stack.ts", ...(host ? { host } : {}) };
  return { model, host, env, strict: emitNixos(model, options), lossy: emitNixos(model, { ...options, allowLossy: true }) };
}

function valueAt(root: unknown, p: string): unknown {
  let node = root;
  for (const seg of parsePath(p)) node = (node as Record<string | number, unknown> | undefined)?.[seg];
  return node;
}
