import { mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { parse } from "yaml";
import { describe, expect, expectTypeOf, it } from "vitest";
import { registerDockerfile } from "../../src/cli/dockerfile.js";
import { imagesNixFile } from "../../src/cli/images-file.js";
import { run } from "../../src/cli/program.js";
import { Code } from "../../src/diagnostics/index.js";
import { nixImage, type NixImage, type Service } from "../../src/dsl/index.js";
import { emitArion } from "../../src/emit/arion.js";
import { emitComposeYaml } from "../../src/emit/compose-yaml.js";
import { emitDockerfile } from "../../src/emit/dockerfile.js";
import { emitFlake } from "../../src/emit/flake.js";
import { emitImagesNix } from "../../src/emit/images-nix.js";
import { emitNixos } from "../../src/emit/nixos.js";
import type { Project } from "../../src/model/index.js";
import { normalize } from "../../src/normalize/index.js";
import { isNixAttrPath } from "../../src/normalize/nix-image.js";
import { ARION_NIX_TAG, arionBack, comparableModel, simulateArion } from "../helpers/arion-back.js";
import { evalNixJson, nixUnavailable, parseNix } from "../helpers/nix.js";
import { marker, recipeFromRecorded, sortPorts, stubPkgs } from "../helpers/nix-image-stub.js";
import { evalNixosModule, nixosBack } from "../helpers/nixos-back.js";

type Obj = Record<string, unknown>;
const skipNix = nixUnavailable !== undefined;
if (skipNix) console.warn(nixUnavailable);

const errors = (r: { diagnostics: Array<{ code: string; severity: string; path: string }> }) =>
  r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.path}`);
const warnings = (r: { diagnostics: Array<{ code: string; severity: string; path: string }> }) =>
  r.diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.code} ${d.path}`);

function model(services: Obj, name = "demo"): Project {
  const r = normalize({ name, services });
  expect(errors(r)).toEqual([]);
  return r.model!;
}

const FLASK = nixImage({
  name: "flask-app",
  tag: "2.0",
  contents: ["python3Packages.flask", "curl"],
  command: ["flask", "run"],
  env: { B: 'quote " and \\ back', A: "1" },
  workingDir: "/srv/app",
  exposedPorts: [8080, "53/udp"],
});

describe("nixImage in the DSL", () => {
  it("is a plain value under the x-nix-image key, typed for image", () => {
    const v = nixImage({ name: "x", contents: ["hello"] });
    expect(v).toEqual({ "x-nix-image": { name: "x", contents: ["hello"] } });
    expectTypeOf(v).toEqualTypeOf<NixImage>();
    expectTypeOf<{ image: NixImage }>().toMatchTypeOf<Service>();
    // @ts-expect-error contents is required
    nixImage({ name: "x" });
  });
});

describe("normalization", () => {
  it("turns image: nixImage(…) into image name:tag plus the checked recipe", () => {
    const m = model({ web: { image: FLASK } });
    const s = m.services.web!;
    expect(s.image).toBe("flask-app:2.0");
    expect(s["x-nix-image"]).toEqual({
      name: "flask-app",
      tag: "2.0",
      contents: ["python3Packages.flask", "curl"],
      command: ["flask", "run"],
      env: { A: "1", B: 'quote " and \\ back' },
      workingDir: "/srv/app",
      exposedPorts: ["8080/tcp", "53/udp"],
    });
    // The YAML form reads back to the same model (idempotent), and is valid YAML with x-nix-image.
    const yaml = emitComposeYaml(m);
    expect(parse(yaml).services.web["x-nix-image"].tag).toBe("2.0");
    const again = normalize(parse(yaml));
    expect(errors(again)).toEqual([]);
    expect(again.diagnostics).toEqual([]);
    expect(again.model).toEqual(m);
  });

  it("defaults the tag to latest, with a warning saying why a fixed tag is better", () => {
    const r = normalize({ name: "p", services: { a: { image: nixImage({ name: "a", contents: ["hello"] }) } } });
    expect(r.model!.services.a!.image).toBe("a:latest");
    expect(r.model!.services.a!["x-nix-image"]!.tag).toBe("latest");
    expect(warnings(r)).toEqual([`${Code.MissingKey} services.a.image.tag`]);
    expect(r.diagnostics[0]!.message).toMatch(/fixed tag/);
  });

  it("reads x-nix-image written in YAML; the tag may come from image", () => {
    const r = normalize({ name: "p", services: { a: { image: "a:3", "x-nix-image": { name: "a", contents: ["hello"], layered: false, useHostStore: false } } } });
    expect(errors(r)).toEqual([]);
    expect(warnings(r)).toEqual([]);
    expect(r.model!.services.a!["x-nix-image"]).toEqual({ name: "a", tag: "3", contents: ["hello"], layered: false });
    const only = normalize({ name: "p", services: { a: { "x-nix-image": { name: "a", tag: "1", contents: ["hello"] } } } });
    expect(only.model!.services.a!.image).toBe("a:1");
  });

  it.each([
    ["build and a Nix image", { build: ".", image: nixImage({ name: "a", tag: "1", contents: ["hello"] }) }, `${Code.Conflict} services.a.build`],
    ["build and x-nix-image", { build: ".", "x-nix-image": { name: "a", tag: "1", contents: ["hello"] } }, `${Code.Conflict} services.a.build`],
    ["both forms", { image: nixImage({ name: "a", tag: "1", contents: ["hello"] }), "x-nix-image": { name: "a", tag: "1", contents: ["hello"] } }, `${Code.Conflict} services.a.x-nix-image`],
    ["an image that disagrees", { image: "a:2", "x-nix-image": { name: "a", tag: "1", contents: ["hello"] } }, `${Code.Inconsistent} services.a.image`],
    ["a bad attribute path", { image: nixImage({ name: "a", tag: "1", contents: ["hello", "pkgs hello", "with"] }) }, `${Code.InvalidValue} services.a.image.contents[1]`],
    ["a keyword as attribute", { image: nixImage({ name: "a", tag: "1", contents: ["let"] }) }, `${Code.InvalidValue} services.a.image.contents[0]`],
    ["no contents", { "x-nix-image": { name: "a", tag: "1" } }, `${Code.MissingKey} services.a.x-nix-image.contents`],
    ["no name", { "x-nix-image": { contents: ["hello"] } }, `${Code.MissingKey} services.a.x-nix-image.name`],
    ["an uppercase name", { image: nixImage({ name: "Hello", tag: "1", contents: ["hello"] }) }, `${Code.InvalidImage} services.a.image.name`],
    ["a tag in the name", { image: nixImage({ name: "a:1", contents: ["hello"] }) }, `${Code.InvalidImage} services.a.image.name`],
    ["a bad tag", { image: nixImage({ name: "a", tag: "-x", contents: ["hello"] }) }, `${Code.InvalidImage} services.a.image.tag`],
    ["a $ Compose would interpolate", { image: nixImage({ name: "a", tag: "1", contents: ["hello"], env: { X: "${HOME}" } }) }, `${Code.InvalidValue} services.a.image.env.X`],
    ["a bad port", { image: nixImage({ name: "a", tag: "1", contents: ["hello"], exposedPorts: [70000] }) }, `${Code.InvalidPort} services.a.image.exposedPorts[0]`],
    ["an unknown recipe key", { "x-nix-image": { name: "a", tag: "1", contents: ["hello"], contnets: [] } }, `${Code.UnknownKey} services.a.x-nix-image.contnets`],
    ["an object that is not a Nix image", { image: { name: "a" } }, `${Code.InvalidType} services.a.image`],
  ])("reports %s", (_what, service, expected) => {
    const r = normalize({ name: "p", services: { a: service } });
    expect(r.model).toBeUndefined();
    expect(errors(r)).toContain(expected);
  });

  it("accepts Nixpkgs attribute paths only", () => {
    expect(["hello", "python3Packages.flask", "gnome.gtk-3", "_1password"].every(isNixAttrPath)).toBe(true);
    expect(["", "a..b", ".a", "a b", "2048-game", "a.in", "pkgs.${x}", "a/b"].some(isNixAttrPath)).toBe(false);
  });
});

describe("images.nix", () => {
  const m = model({
    web: { image: FLASK },
    flat: { image: nixImage({ name: "flat", tag: "1", contents: ["busybox"], layered: false }) },
    plain: { image: "nginx:1.27" },
  });

  it("has one dockerTools call per Nix-built service, with the tag the compose file names", () => {
    const text = emitImagesNix(m, { sourceName: "stack.ts" })!;
    expect(text).toContain("{ pkgs ? import <nixpkgs> { } }:");
    expect(text).toContain("web = pkgs.dockerTools.buildLayeredImage {");
    expect(text).toContain("flat = pkgs.dockerTools.buildImage {");
    expect(text).toContain('tag = "2.0";');
    expect(text).not.toContain("plain");
    expect(text).toContain("nix-build images.nix -A <service>");
    expect(emitImagesNix(model({ plain: { image: "nginx" } }))).toBeUndefined();
  });

  it.skipIf(skipNix)("parses, and its recorded dockerTools arguments are the stack's recipes", () => {
    const text = emitImagesNix(m)!;
    parseNix(text);
    const out = evalNixJson(`import ./images.nix { pkgs = ${stubPkgs(text)}; }`, { "images.nix": text }) as Obj;
    expect(Object.keys(out).sort()).toEqual(["flat", "web"]);
    for (const svc of ["flat", "web"]) expect(recipeFromRecorded(out[svc])).toEqual(sortPorts(m.services[svc]!["x-nix-image"]!));
    // The markers prove the attribute paths were selected from pkgs, not written as strings.
    const web = (out.web as { __args: { contents: string[] } }).__args;
    expect(web.contents).toEqual([marker("python3Packages.flask"), marker("curl")]);
  });

  it("is written beside the compose file by build's helper", () => {
    const f = imagesNixFile(m, "/x/out/docker-compose.yml", "/x/stack.ts")!;
    expect(f.path).toBe("/x/out/images.nix");
    expect(f.content).toContain("from ../stack.ts");
    expect(imagesNixFile(model({ plain: { image: "nginx" } }), "/x/docker-compose.yml", "/x/stack.ts")).toBeUndefined();
  });
});

describe("Arion", () => {
  const m = model({ web: { image: FLASK, ports: ["8080:8080"] }, db: { image: "postgres:16" } });

  it("uses Arion's image options and leaves service.image unset", () => {
    const r = emitArion(m);
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toContain('image = {\n      name = "flask-app";');
    expect(r.text).toContain("contents = [ pkgs.python3Packages.flask pkgs.curl ];");
    expect(r.text).toContain('command = [ "flask" "run" ];');
    expect(r.text).toContain("rawConfig = {");
    expect(r.text).not.toContain("flask-app:2.0");
    expect(r.text).not.toContain("x-nix-image");
  });

  it.skipIf(skipNix)("evaluates to the image Arion builds from the same recipe (tag: Arion's store hash)", () => {
    const { text } = emitArion(m);
    parseNix(text);
    const mod = evalNixJson(`import ./arion-compose.nix { pkgs = ${stubPkgs(text)}; }`, { "arion-compose.nix": text }) as Obj;
    const back = arionBack(simulateArion(mod));
    expect(back).toEqual(comparableModel(m));
    expect((back.services as Obj).web).toMatchObject({ image: `flask-app:${ARION_NIX_TAG}` });
  });

  it.skipIf(skipNix)("useHostStore mounts the host store; layered: false is reported", () => {
    const mm = model({ a: { image: nixImage({ name: "a", tag: "1", contents: ["hello"], command: ["hello"], useHostStore: true, layered: false }) } });
    const r = emitArion(mm);
    expect(warnings(r)).toEqual([`${Code.NotExpressible} services.a.x-nix-image.layered`]);
    expect(r.text).toContain("useHostStore = true;");
    const mod = evalNixJson(`import ./a.nix { pkgs = ${stubPkgs(r.text)}; }`, { "a.nix": r.text }) as Obj;
    const a = (simulateArion(mod).services as Obj).a as Obj;
    expect(a.volumes).toEqual(["/nix/store:/nix/store:ro"]);
    expect(a.command).toEqual(["hello"]);
    expect(a["x-nix-image"]).toEqual({ name: "a", contents: ["hello"], command: ["hello"], useHostStore: true });
  });
});

describe("NixOS", () => {
  const m = model({ web: { image: FLASK }, db: { image: "postgres:16" } });

  it("loads the image from imageFile, named as the compose file names it", () => {
    const r = emitNixos(m);
    expect(errors(r)).toEqual([]);
    expect(r.text).toContain('image = "flask-app:2.0";\n    imageFile = pkgs.dockerTools.buildLayeredImage {');
  });

  it.skipIf(skipNix)("records the same dockerTools arguments as images.nix, and reads back to the stack", () => {
    const { text } = emitNixos(m);
    parseNix(text);
    const mod = evalNixosModule(text);
    const c = ((mod.virtualisation as Obj)["oci-containers"] as Obj).containers as Record<string, Obj>;
    expect(recipeFromRecorded(c["demo-web"]!.imageFile)).toEqual(sortPorts(m.services.web!["x-nix-image"]!));
    expect(c["demo-db"]!.imageFile).toBeUndefined();
    const back = nixosBack(mod, { project: "demo" });
    expect(back.services.web!["x-nix-image"]).toEqual(sortPorts(m.services.web!["x-nix-image"]!));
    expect(back.services.web!.image).toBe("flask-app:2.0");
  });
});

describe("flake.nix", () => {
  const m = model({ web: { image: FLASK }, db: { image: "postgres:16" } }, "shop");

  it("exposes the NixOS module, the images and a dev shell, without flake-utils", () => {
    const text = emitFlake(m, { nixosModule: "nixos.nix", sourceName: "stack.ts" });
    expect(text).toContain("nixosModules.shop = ./nixos.nix;");
    expect(text).toContain('systems = [ "x86_64-linux" "aarch64-linux" ];');
    expect(text).toContain("nixpkgs.lib.genAttrs");
    expect(text).not.toContain("flake-utils");
    expect(emitFlake(m)).not.toContain("nixosModules");
    expect(emitFlake(m, { nixosModule: "my module.nix" })).toContain('nixosModules.shop = ./. + "/my module.nix";');
  });

  it.skipIf(skipNix)("parses, and its outputs evaluate against stub inputs", () => {
    const text = emitFlake(m, { nixosModule: "nixos.nix" });
    parseNix(text);
    const expr = `let
  flake = import ./flake.nix;
  systems = [ "x86_64-linux" "aarch64-linux" ];
  lib.genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  pkgs = ${stubPkgs(text)};
  nixpkgs = { inherit lib; legacyPackages = lib.genAttrs systems (system: pkgs // { inherit system; }); };
  out = flake.outputs { self = out; inherit nixpkgs; };
in {
  inherit (flake) description inputs;
  module = builtins.typeOf out.nixosModules.shop + ":" + baseNameOf out.nixosModules.shop;
  inherit (out) packages devShells;
}`;
    const r = evalNixJson(expr, { "flake.nix": text }) as { inputs: Obj; module: string; packages: Record<string, Obj>; devShells: Record<string, Obj> };
    expect(r.inputs).toEqual({ nixpkgs: { url: "github:NixOS/nixpkgs/nixos-unstable" } });
    expect(r.module).toBe("path:nixos.nix");
    expect(Object.keys(r.packages).sort()).toEqual(["aarch64-linux", "x86_64-linux"]);
    for (const sys of ["aarch64-linux", "x86_64-linux"]) {
      expect(Object.keys(r.packages[sys]!)).toEqual(["web"]);
      expect(recipeFromRecorded(r.packages[sys]!.web)).toEqual(sortPorts(m.services.web!["x-nix-image"]!));
      expect(r.devShells[sys]!.default).toEqual({
        __builder: "mkShell",
        __args: { packages: ["docker", "docker-compose", "arion", "nodejs"].map(marker) },
      });
    }
  });
});

describe("Dockerfile", () => {
  const m = model({ web: { image: FLASK }, db: { image: "postgres:16" } });

  it("builds with Nix in a nixos/nix stage and copies the closure into scratch", () => {
    const r = emitDockerfile(m, "web", { sourceName: "stack.ts" });
    expect(r.diagnostics).toEqual([]);
    const lines = r.dockerfile!.split("\n").filter((l) => !l.startsWith("#") && l !== "");
    expect(lines).toEqual([
      "FROM nixos/nix:latest AS builder",
      "WORKDIR /build",
      "COPY flake.nix flake.lock* ./",
      'RUN nix --extra-experimental-features "nix-command flakes" build .#default \\',
      "  && mkdir /closure \\",
      "  && cp -R $(nix-store -qR result/) /closure/",
      "FROM scratch",
      "COPY --from=builder /closure /nix/store",
      "COPY --from=builder /build/result/ /",
      "ENV PATH=/bin",
      'ENV A="1"',
      'ENV B="quote \\" and \\\\ back"',
      "WORKDIR /srv/app",
      "EXPOSE 8080/tcp 53/udp",
      'CMD ["flask","run"]',
    ]);
    expect(r.flake).toContain("default = pkgs.buildEnv {");
  });

  it("reports a service that is not Nix-built, or unknown", () => {
    expect(errors(emitDockerfile(m, "db"))).toEqual([`${Code.MissingKey} services.db.image`]);
    expect(errors(emitDockerfile(m, "nope"))).toEqual([`${Code.UnknownReference} services.nope`]);
  });

  it.skipIf(skipNix)("its flake.nix builds the program environment from the same contents", () => {
    const { flake } = emitDockerfile(m, "web");
    parseNix(flake!);
    const expr = `let
  flake = import ./flake.nix;
  lib.genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  pkgs = ${stubPkgs(flake!)};
in (flake.outputs { self = { }; nixpkgs = { inherit lib; legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (s: pkgs); }; }).packages`;
    const p = evalNixJson(expr, { "flake.nix": flake! }) as Record<string, Obj>;
    expect(p["x86_64-linux"]!.default).toEqual({
      __builder: "buildEnv",
      __args: { name: "flask-app-env", paths: [marker("python3Packages.flask"), marker("curl")] },
    });
  });
});

describe("CLI", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "compose-ts-nix-image-"));
  const STACK = `import { defineStack, nixImage } from "compose-ts";
export default defineStack({ name: "hello", services: { hello: { image: nixImage({ name: "hello-docker", contents: ["hello"], command: ["hello"], tag: "1.0" }) } } });
`;
  const io = (cwd: string) => {
    const o = { stdout: "", stderr: "" };
    return { o, io: { stdout: (s: string) => void (o.stdout += s), stderr: (s: string) => void (o.stderr += s), cwd } };
  };

  it("dockerfile writes Dockerfile and flake.nix together; --check compares both", async () => {
    const dir = path.join(tmp, "df");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "stack.ts"), STACK);
    const runDockerfile = async (args: string[]) => {
      let code = 0;
      const { o, io: i } = io(dir);
      const program = new Command().exitOverride();
      registerDockerfile(program, i, (c) => (code = c));
      await program.parseAsync(["dockerfile", ...args], { from: "user" });
      return { code, ...o };
    };
    const r = await runDockerfile(["stack.ts", "hello"]);
    expect(r.stderr).toContain("wrote images/hello/Dockerfile");
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, "images/hello/Dockerfile"), "utf8")).toContain('CMD ["hello"]');
    expect(readFileSync(path.join(dir, "images/hello/flake.nix"), "utf8")).toContain("paths = [ pkgs.hello ];");
    expect((await runDockerfile(["stack.ts", "hello", "--check"])).code).toBe(0);
    writeFileSync(path.join(dir, "images/hello/flake.nix"), "{ }\n");
    expect((await runDockerfile(["stack.ts", "hello", "--check"])).code).toBe(1);
    const bad = await runDockerfile(["stack.ts", "nope", "-o", "out"]);
    expect(bad.code).toBe(1);
    expect(existsSync(path.join(dir, "out"))).toBe(false);
  });

  it("build writes images.nix with the YAML, and --check covers both; dockerfile is a command", async () => {
    const dir = path.join(tmp, "build");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "stack.ts"), STACK);
    const { o, io: i } = io(dir);
    expect(await run(["build", "stack.ts"], i)).toBe(0);
    expect(o.stderr).toContain("wrote images.nix");
    expect(readFileSync(path.join(dir, "docker-compose.yml"), "utf8")).toContain("image: hello-docker:1.0");
    expect(readFileSync(path.join(dir, "images.nix"), "utf8")).toContain('tag = "1.0";');
    expect(await run(["build", "stack.ts", "--check"], io(dir).io)).toBe(0);
    writeFileSync(path.join(dir, "images.nix"), "{ }\n");
    expect(await run(["build", "stack.ts", "--check"], io(dir).io)).toBe(1);
    expect(await run(["dockerfile", "stack.ts", "hello", "-o", "df"], io(dir).io)).toBe(0);
    expect(existsSync(path.join(dir, "df/Dockerfile"))).toBe(true);
  });

  it("to-nix --flake writes flake.nix beside the NixOS module", async () => {
    const dir = path.join(tmp, "flake");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "stack.ts"), STACK);
    const { o, io: i } = io(dir);
    expect(await run(["to-nix", "stack.ts", "-t", "nixos", "--flake"], i)).toBe(0);
    expect(o.stderr).toContain("wrote flake.nix");
    const flake = readFileSync(path.join(dir, "flake.nix"), "utf8");
    expect(flake).toContain("nixosModules.hello = ./nixos.nix;");
    expect(flake).toContain("hello = pkgs.dockerTools.buildLayeredImage {");
    expect(readFileSync(path.join(dir, "nixos.nix"), "utf8")).toContain("imageFile = pkgs.dockerTools.buildLayeredImage {");
    expect(await run(["to-nix", "stack.ts", "-t", "nixos", "--flake", "--check"], io(dir).io)).toBe(0);
    expect(await run(["to-nix", "stack.ts", "--flake", "-o", "-"], io(dir).io)).toBe(2);
  });
});
