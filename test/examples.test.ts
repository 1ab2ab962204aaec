import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadInput } from "../src/cli/input.js";
import { Code } from "../src/diagnostics/index.js";
import { emitArion } from "../src/emit/arion.js";
import { emitNixos } from "../src/emit/nixos.js";
import { parseDotenv } from "../src/load/dotenv.js";
import { buildFile, errorsOf } from "./helpers/build.js";
import { composeSchemaErrors } from "./helpers/compose-schema.js";
import { nixUnavailable } from "./helpers/nix.js";
import { evalNixosModule, nixosBack } from "./helpers/nixos-back.js";
import { backOptionsFor, backWithoutHost, comparableForNixos, hostComparable, leftOutPaths } from "./helpers/nixos-comparable.js";
import { COMPOSE_SPEC, ROOT, sharedMissing } from "./helpers/paths.js";

/**
 * Each example's committed outputs are what the CLI writes for it:
 * `docker-compose.yml` (build), `arion-compose.nix` (to-nix), and `nixos.nix`
 * (`to-nix --target nixos --project-dir /srv/<example> --allow-lossy`, with
 * `--env-file nixos.env` where the example has one). `UPDATE_GOLDENS=1` rewrites the Nix files.
 */
const UPDATE = process.env.UPDATE_GOLDENS === "1";
const EXAMPLES = path.join(ROOT, "examples");
const names = readdirSync(EXAMPLES).filter((n) => !n.startsWith("."));

function golden(file: string, actual: string): void {
  if (UPDATE) writeFileSync(file, actual);
  else expect(actual).toBe(readFileSync(file, "utf8"));
}

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

  it("committed arion-compose.nix is what to-nix produces", async () => {
    const built = await buildFile(path.join(dir, "stack.ts"));
    const r = emitArion(built.model!, { sourceName: "stack.ts" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    golden(path.join(dir, "arion-compose.nix"), r.text);
  });

  it("committed nixos.nix is what to-nix --target nixos produces, and means the stack", async () => {
    const loaded = await loadInput([path.join(dir, "stack.ts")], { outDir: dir });
    const model = loaded.model!;
    const envFile = path.join(dir, "nixos.env");
    const values = existsSync(envFile) ? parseDotenv(readFileSync(envFile, "utf8"), envFile).values : new Map<string, string>();
    const env = (n: string) => values.get(n);
    const options = { projectDir: `/srv/${name}`, env, sourceName: "stack.ts", ...(loaded.host ? { host: loaded.host } : {}) };
    // Whatever the strict emit refuses is a key NixOS cannot express, and nothing else.
    for (const e of emitNixos(model, options).diagnostics.filter((d) => d.severity === "error")) expect(e.code, `${e.path}: ${e.message}`).toBe(Code.NotExpressible);
    const r = emitNixos(model, { ...options, allowLossy: true });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    golden(path.join(dir, "nixos.nix"), r.text);
    if (nixUnavailable !== undefined) return console.warn(nixUnavailable);
    const back = nixosBack(evalNixosModule(r.text), backOptionsFor(model));
    expect(backWithoutHost(back)).toEqual(comparableForNixos(model, env, `/srv/${name}`, leftOutPaths(r.diagnostics)));
    expect(back.host).toEqual(hostComparable(loaded.host));
  });
});
