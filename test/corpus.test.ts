import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadComposeFiles } from "../src/load/compose/files.js";
import { generateStack } from "../src/import/generate-stack.js";
import { type PreparedImport, prepareImport } from "../src/import/prepare.js";
import { normalize } from "../src/normalize/index.js";
import { buildFile, errorsOf } from "./helpers/build.js";
import { composeSchemaErrors } from "./helpers/compose-schema.js";
import { COMPOSE_SPEC, SHARED, sharedMissing } from "./helpers/paths.js";
import { typeCheckStacks } from "./helpers/typecheck.js";

/**
 * The corpus gate: every compose file of ../shared/corpus (awesome-compose, real-world stacks,
 * compose-go's loader fixtures, the conformance tests) goes YAML → `compose-ts import` →
 * stack.ts, which must type-check against the DSL and build to exactly the model the YAML
 * builds to. The files the corpus references (build contexts, env files) are absent on purpose:
 * loading must not need them. Deliberately invalid files must fail with their diagnostic.
 */
const CORPUS = path.join(SHARED, "corpus");
const skip = sharedMissing(CORPUS);
if (skip) console.warn(`skipping the corpus gate: ${skip}`);

/** Corpus files that are invalid on purpose, with the code they must be rejected with. */
const INVALID: Record<string, string> = {
  "compose-go-testdata/compose-depends-on-cycle.yaml": "CT0110",
  // Despite its name, compose-go's file has no profiles left: the same three-service cycle.
  "compose-go-testdata/compose-depends-on-profile-no-cycle.yaml": "CT0110",
  "compose-go-testdata/compose-depends-on-self.yaml": "CT0111",
  "compose-go-testdata/compose-include-cycle.yaml": "CT0410",
  "compose-go-testdata/empty.yaml": "CT0400",
  // A file of fragments to extend: on its own, `with-port` and `nil` run no image
  // (docker compose config: "has neither an image nor a build context specified").
  "compose-go-testdata/extends/base.yaml": "CT0104",
};

/** Multi-file stacks (`-f base -f override`), imported both merged and with `--keep-layers`. */
const LAYERED: Array<{ name: string; files: string[] }> = [
  {
    name: "netbox-with-override",
    files: ["real-world/netbox-community__netbox-docker/docker-compose.yml", "real-world/netbox-community__netbox-docker/docker-compose.override.yml.example"],
  },
];

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((e) => {
      const p = path.join(dir, e);
      if (statSync(p).isDirectory()) return walk(p);
      return /\.ya?ml$/.test(e) ? [p] : [];
    });
}

interface Case {
  rel: string;
  folder: string;
  files: string[];
  keepLayers: boolean;
  prepared?: PreparedImport;
  stack?: string;
}

const files = skip ? [] : walk(CORPUS).map((f) => path.relative(CORPUS, f));
const tmp = mkdtempSync(path.join(os.tmpdir(), "compose-ts-corpus-"));
const cases: Case[] = [
  ...files.map((rel) => ({ rel, folder: rel.split("/")[0]!, files: [path.join(CORPUS, rel)], keepLayers: false })),
  ...(skip
    ? []
    : LAYERED.flatMap((l) =>
        [false, true].map((keepLayers) => ({
          rel: `${l.name}${keepLayers ? " --keep-layers" : ""}`,
          folder: "multi-file",
          files: l.files.map((f) => path.join(CORPUS, f)),
          keepLayers,
        })),
      )),
];
const valid = cases.filter((c) => INVALID[c.rel] === undefined);
const passed = new Map<string, number>();
const total = new Map<string, number>();
let typeErrors = new Map<string, string[]>();

describe.skipIf(skip !== undefined)("corpus gate", () => {
  beforeAll(() => {
    for (const c of valid) {
      const outDir = path.join(tmp, c.rel.replace(/[^A-Za-z0-9_.-]+/g, "_"));
      mkdirSync(outDir, { recursive: true });
      c.prepared = prepareImport(c.files, { outDir, keepLayers: c.keepLayers });
      if (!c.prepared.input) continue;
      c.stack = path.join(outDir, "stack.ts");
      writeFileSync(c.stack, generateStack(c.prepared.input));
    }
    // One program for every generated file: the DSL's types are loaded and checked once.
    typeErrors = typeCheckStacks(valid.flatMap((c) => (c.stack ? [c.stack] : [])));
  }, 120_000);

  afterAll(() => {
    const lines = [...total.keys()].sort().map((f) => `  ${f}: ${passed.get(f) ?? 0}/${total.get(f)}`);
    console.log(`corpus gate, files passing per folder:\n${lines.join("\n")}`);
  });

  it.each(valid.map((c) => [c.rel, c] as const))("%s: import → type-check → build gives the YAML's model", async (_rel, c) => {
    total.set(c.folder, (total.get(c.folder) ?? 0) + 1);
    expect(errorsOf(c.prepared!.diagnostics)).toEqual([]);
    expect(c.stack).toBeDefined();
    expect(typeErrors.get(c.stack!) ?? []).toEqual([]);
    const built = await buildFile(c.stack!);
    expect(errorsOf(built.diagnostics)).toEqual([]);
    expect(built.model).toEqual(c.prepared!.model);
    if (!sharedMissing(COMPOSE_SPEC)) expect(composeSchemaErrors(parse(built.yaml!))).toEqual([]);
    passed.set(c.folder, (passed.get(c.folder) ?? 0) + 1);
  });

  it.each(Object.entries(INVALID))("%s is rejected with %s", (rel, code) => {
    const p = prepareImport([path.join(CORPUS, rel)], { outDir: tmp });
    expect(p.input).toBeUndefined();
    expect(p.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toContain(code);
  });
});

/**
 * compose-go's own golden file: `full-example.input.yml` loaded with consistency checks and
 * normalization off gives `full-example.expected-marshal.yaml`. compose-ts always checks, and the
 * input is not a consistent project, so first it must be rejected for exactly those reasons; then,
 * repaired minimally, its canonical model must have the golden's structure (the same key paths),
 * up to the differences listed below. Values are not compared: the golden has absolute paths
 * (`/WORKDIR/…`) and interpolated variables where compose-ts keeps relative paths and `${VAR}`.
 */
const GOLDEN = path.join(SHARED, "spec/compose-go-golden");
const goldenSkip = sharedMissing(GOLDEN);

describe.skipIf(goldenSkip !== undefined)("compose-go golden full-example", () => {
  const input = path.join(GOLDEN, "full-example.input.yml");

  it("is rejected for what compose-go's loader only skips with its consistency checks off", () => {
    const p = prepareImport([input], { outDir: GOLDEN });
    const errors = p.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.path}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        "CT0102 services.foo.depends_on[0]", // db: not declared
        "CT0102 services.foo.links[2]", // redis: not declared
        "CT0102 services.foo.networks.other-other-network",
        "CT0102 services.foo.volumes[5]", // datavolume
        "CT0105 services.foo.network_mode", // with networks
        "CT0105 services.foo.container_name", // with 6 replicas
      ]),
    );
  });

  it("has the golden's structure once repaired", () => {
    const doc = loadComposeFiles([input]).document as Record<string, Record<string, Record<string, unknown>>>;
    // The minimal repair: declare what is referenced, drop the two conflicting settings.
    doc.services!.db = { image: "db" };
    doc.services!.redis = { image: "redis" };
    doc.networks!["other-other-network"] = {};
    doc.volumes!.datavolume = {};
    delete (doc.services!.foo as Record<string, unknown>).network_mode;
    delete (doc.services!.foo as Record<string, unknown>).container_name;
    const r = normalize(doc, { baseDir: GOLDEN, outDir: GOLDEN });
    expect(errorsOf(r.diagnostics)).toEqual([]);

    const ours = keyPaths(JSON.parse(JSON.stringify(r.model)));
    const golden = keyPaths(parse(readFileSync(path.join(GOLDEN, "full-example.expected-marshal.yaml"), "utf8")));
    const onlyOurs = [...ours].filter((p) => !golden.has(p));
    const onlyGolden = [...golden].filter((p) => !ours.has(p));
    // compose-ts makes the default network and the resources' `<project>_<key>` names explicit
    // (the golden is marshalled with normalization off), and has the services of the repair.
    for (const p of onlyOurs) {
      expect(p).toMatch(
        /^(\.services\.(db|redis)(\..*)?|\.services\.\w+\.networks(\.default)?|\.networks\.default(\.name)?|\.(networks|volumes|secrets|configs)\.[\w-]+\.name|\.networks\.other-other-network|\.volumes\.datavolume)$/,
      );
    }
    // compose-go reads env_file and label_file into environment/labels; compose-ts keeps them
    // as references (the files are read where the stack runs). The repair dropped the rest.
    for (const p of onlyGolden) {
      expect(p).toMatch(/^(\.services\.foo\.(environment|labels)\.[\w.]+|\.services\.foo\.(container_name|network_mode))$/);
    }
    expect(onlyGolden.some((p) => p.startsWith(".services.foo.environment."))).toBe(true);
  });
});

function keyPaths(v: unknown, at = ""): Set<string> {
  const out = new Set<string>();
  const walkValue = (x: unknown, p: string) => {
    if (Array.isArray(x)) x.forEach((e) => walkValue(e, `${p}[]`));
    else if (x !== null && typeof x === "object") {
      for (const [k, e] of Object.entries(x)) {
        out.add(`${p}.${k}`);
        walkValue(e, `${p}.${k}`);
      }
    }
  };
  walkValue(v, at);
  return out;
}
