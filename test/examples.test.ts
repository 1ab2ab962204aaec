import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
import { emitDockerfile } from "../src/emit/dockerfile.js";
import { emitFlake } from "../src/emit/flake.js";
import { emitImagesNix } from "../src/emit/images-nix.js";
import { nixImageServices } from "../src/emit/nix-image.js";
import type { Project } from "../src/model/index.js";
import { arionBack, comparableModel, simulateArion } from "./helpers/arion-back.js";
import { evalNixJson, parseNix } from "./helpers/nix.js";
import { recipeFromRecorded, sortPorts, stubPkgs } from "./helpers/nix-image-stub.js";

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

/**
 * Examples with Nix-built images: their `images.nix` (build), `flake.nix` (`to-nix --target nixos
 * --flake`) and `images/<service>/{Dockerfile,flake.nix}` (`dockerfile <stack> <service>`) are
 * committed too, and every Nix recipe (images.nix, Arion's image options, the NixOS imageFile, the
 * flake's packages) evaluates, against a stub Nixpkgs, to the dockerTools call the stack declares.
 */
describe.each(["hello-docker", "flask-nix"])("Nix-built image example %s", (name) => {
  const dir = path.join(EXAMPLES, name);
  const load = async () => {
    const built = await buildFile(path.join(dir, "stack.ts"));
    expect(errorsOf(built.diagnostics)).toEqual([]);
    return built.model!;
  };
  const recipes = (m: Project) => Object.fromEntries(nixImageServices(m).map(([s, x]) => [s, sortPorts(x["x-nix-image"])]));
  const evalWithStub = (file: string, text: string, call: string) => evalNixJson(call.replace("PKGS", stubPkgs(text)), { [file]: text }) as Record<string, unknown>;

  it("committed images.nix is what build writes, and builds the declared images", async () => {
    const m = await load();
    const text = emitImagesNix(m, { sourceName: "stack.ts" })!;
    golden(path.join(dir, "images.nix"), text);
    if (nixUnavailable !== undefined) return console.warn(nixUnavailable);
    parseNix(text);
    const out = evalWithStub("images.nix", text, "import ./images.nix { pkgs = PKGS; }");
    expect(Object.fromEntries(Object.entries(out).map(([s, r]) => [s, recipeFromRecorded(r)]))).toEqual(recipes(m));
  });

  it("committed flake.nix is what to-nix --flake writes, and its packages are the images", async () => {
    const m = await load();
    const text = emitFlake(m, { nixosModule: "nixos.nix", sourceName: "stack.ts" });
    golden(path.join(dir, "flake.nix"), text);
    if (nixUnavailable !== undefined) return console.warn(nixUnavailable);
    parseNix(text);
    const out = evalWithStub(
      "flake.nix",
      text,
      `let lib.genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
      in ((import ./flake.nix).outputs { self = { }; nixpkgs = { inherit lib; legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (s: PKGS); }; }).packages`,
    ) as Record<string, Record<string, unknown>>;
    for (const sys of ["x86_64-linux", "aarch64-linux"]) {
      expect(Object.fromEntries(Object.entries(out[sys]!).map(([s, r]) => [s, recipeFromRecorded(r)]))).toEqual(recipes(m));
    }
  });

  it("committed images/<service>/ Dockerfile and flake.nix are what dockerfile writes", async () => {
    const m = await load();
    for (const [svc] of nixImageServices(m)) {
      const r = emitDockerfile(m, svc, { sourceName: "../../stack.ts" });
      expect(r.diagnostics).toEqual([]);
      if (UPDATE) mkdirSync(path.join(dir, "images", svc), { recursive: true });
      golden(path.join(dir, "images", svc, "Dockerfile"), r.dockerfile!);
      golden(path.join(dir, "images", svc, "flake.nix"), r.flake!);
      if (nixUnavailable === undefined) parseNix(r.flake!);
    }
  });

  it.skipIf(nixUnavailable !== undefined)("arion-compose.nix builds the same images with Arion's image options", async () => {
    const m = await load();
    const text = readFileSync(path.join(dir, "arion-compose.nix"), "utf8");
    const mod = evalWithStub("arion-compose.nix", text, "import ./arion-compose.nix { pkgs = PKGS; }");
    expect(arionBack(simulateArion(mod))).toEqual(comparableModel(m));
  });

  it.skipIf(nixUnavailable !== undefined)("nixos.nix loads each image from an imageFile built from the recipe", async () => {
    const m = await load();
    const mod = evalNixosModule(readFileSync(path.join(dir, "nixos.nix"), "utf8"));
    const containers = ((mod.virtualisation as Record<string, Record<string, unknown>>)["oci-containers"]!.containers ?? {}) as Record<string, Record<string, unknown>>;
    for (const [svc, recipe] of Object.entries(recipes(m))) {
      const c = containers[`${m.name}-${svc}`]!;
      expect(c.image).toBe(m.services[svc]!.image);
      expect(recipeFromRecorded(c.imageFile)).toEqual(recipe);
    }
  });
});
