import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { defineStack } from "../../src/dsl/index.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const specPath = path.resolve(projectRoot, "../shared/spec/compose-spec.json");

describe("defineStack", () => {
  test("returns its argument unchanged (same object, nothing added)", () => {
    const input = {
      name: "shop",
      services: { db: { image: "postgres:16" }, web: { image: "nginx", depends_on: ["db"] as const } },
      volumes: { pgdata: {} },
      "x-note": { keep: true },
    };
    const snapshot = structuredClone(input);
    const out = defineStack(input);
    expect(out).toBe(input);
    expect(out).toEqual(snapshot);
  });
});

/**
 * The DSL's public types read through the compiler API, so the promise "every Compose key is
 * typed and documented" is checked against the schema itself rather than against a hand copy.
 */
describe("DSL types cover the Compose schema", () => {
  let props: (typeName: string) => Map<string, string>;

  beforeAll(() => {
    const entry = path.join(projectRoot, "src/dsl/index.ts");
    const program = ts.createProgram([entry], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(entry);
    if (!source) throw new Error("src/dsl/index.ts not found");
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error("src/dsl/index.ts has no module symbol");
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
    props = (typeName) => {
      let symbol = exports.get(typeName);
      if (!symbol) throw new Error(`dsl does not export ${typeName}`);
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      // Unions (long forms beside strings) contribute the keys of their object members only.
      const objects = type.isUnion() ? type.types.filter((t) => t.flags & ts.TypeFlags.Object) : [type];
      const members = objects.flatMap((t) => t.getProperties());
      return new Map(members.map((p) => [p.name, ts.displayPartsToString(p.getDocumentationComment(checker)).trim()]));
    };
  }, 60_000);

  const spec: unknown = existsSync(specPath) ? JSON.parse(readFileSync(specPath, "utf8")) : undefined;
  if (spec === undefined) console.log(`skipping schema coverage: ${specPath} not found`);

  /** Keys newer than the copy of the schema (present in compose-go HEAD) or not Compose at all. */
  const extras: Record<string, string[]> = {
    Service: ["pre_start"],
    Build: ["no_cache_filter"],
    Stack: ["host"],
  };

  // [DSL type, path to the schema object: a definition name, then property names; "[]" = array
  // items, "*" = values of a map; an empty path is the top level]
  const cases: [string, string[]][] = [
    ["Stack", []],
    ["Service", ["service"]],
    ["Build", ["service", "build"]],
    ["BlkioConfig", ["service", "blkio_config"]],
    ["BlkioLimit", ["blkio_limit"]],
    ["BlkioWeight", ["blkio_weight"]],
    ["CredentialSpec", ["service", "credential_spec"]],
    ["Dependency", ["service", "depends_on", "*"]],
    ["DeviceObject", ["service", "devices", "[]"]],
    ["Extends", ["service", "extends"]],
    ["Provider", ["service", "provider"]],
    ["Logging", ["service", "logging"]],
    ["ServiceModel", ["service", "models", "*"]],
    ["ServiceNetwork", ["service", "networks", "*"]],
    ["PortObject", ["service", "ports", "[]"]],
    ["ServiceVolume", ["service", "volumes", "[]"]],
    ["BindOptions", ["service", "volumes", "[]", "bind"]],
    ["VolumeOptions", ["service", "volumes", "[]", "volume"]],
    ["TmpfsOptions", ["service", "volumes", "[]", "tmpfs"]],
    ["ImageOptions", ["service", "volumes", "[]", "image"]],
    ["ServiceSecretObject", ["service_config_or_secret", "[]"]],
    ["ServiceConfigObject", ["service_config_or_secret", "[]"]],
    ["ServiceHook", ["service_hook"]],
    ["EnvFileObject", ["env_file", "[]"]],
    ["Healthcheck", ["healthcheck"]],
    ["Develop", ["development"]],
    ["WatchRule", ["development", "watch", "[]"]],
    ["Deploy", ["deployment"]],
    ["UpdateConfig", ["deployment", "update_config"]],
    ["Resources", ["deployment", "resources"]],
    ["ResourceLimits", ["deployment", "resources", "limits"]],
    ["ResourceReservations", ["deployment", "resources", "reservations"]],
    ["RestartPolicy", ["deployment", "restart_policy"]],
    ["Placement", ["deployment", "placement"]],
    ["GenericResource", ["generic_resources", "[]"]],
    ["DeviceRequest", ["devices", "[]"]],
    ["IncludeObject", ["include"]],
    ["Network", ["network"]],
    ["Ipam", ["network", "ipam"]],
    ["IpamPool", ["network", "ipam", "config", "[]"]],
    ["Volume", ["volume"]],
    ["Secret", ["secret"]],
    ["Config", ["config"]],
    ["Model", ["model"]],
  ];

  for (const [typeName, schemaPath] of cases) {
    test.skipIf(spec === undefined)(`${typeName} has exactly the schema's keys, each documented in our own words`, () => {
      const schemaProps = objectProperties(spec, schemaPath);
      const dsl = props(typeName);
      const schemaKeys = Object.keys(schemaProps).filter((k) => k !== "version" || typeName !== "Stack").sort();
      const dslKeys = [...dsl.keys()].filter((k) => !(extras[typeName] ?? []).includes(k) && !(typeName === "Stack" && k === "version"));
      expect(dslKeys.sort()).toEqual(schemaKeys);
      for (const [key, doc] of dsl) {
        expect(doc, `${typeName}.${key} has no JSDoc`).not.toBe("");
        const theirs = schemaProps[key]?.description;
        if (typeof theirs === "string") expect(doc, `${typeName}.${key} copies the schema text`).not.toContain(theirs);
      }
    });
  }

  test("the host block is typed and documented", () => {
    for (const typeName of ["Host", "HostDocker", "DaemonSettings", "RootlessDocker", "AutoPrune"]) {
      const dsl = props(typeName);
      expect(dsl.size).toBeGreaterThan(0);
      for (const [key, doc] of dsl) expect(doc, `${typeName}.${key} has no JSDoc`).not.toBe("");
    }
    expect([...props("HostDocker").keys()].sort()).toEqual(["autoPrune", "daemonSettings", "rootless", "runtime", "users"]);
  });
});

/** What an editor offers: completions from the language service at a `|` marker. */
describe("editor completions", () => {
  const file = path.join(projectRoot, "src/dsl/__completion_probe__.ts");
  let complete: (code: string) => string[];

  beforeAll(() => {
    let text = "";
    const options: ts.CompilerOptions = {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    };
    let version = 0;
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => [file],
      getScriptVersion: (f) => (f === file ? String(version) : "0"),
      getScriptSnapshot: (f) => {
        if (f === file) return ts.ScriptSnapshot.fromString(text);
        return existsSync(f) ? ts.ScriptSnapshot.fromString(readFileSync(f, "utf8")) : undefined;
      },
      getCurrentDirectory: () => projectRoot,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => f === file || ts.sys.fileExists(f),
      readFile: (f) => (f === file ? text : ts.sys.readFile(f)),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const service = ts.createLanguageService(host);
    complete = (code) => {
      const at = code.indexOf("|");
      text = `import { defineStack } from "./index.js";\n` + code.replace("|", "");
      version++;
      const position = at + text.length - code.length + 1;
      const result = service.getCompletionsAtPosition(file, position, {});
      return (result?.entries ?? []).map((e) => e.name).sort();
    };
  }, 60_000);

  test("depends_on offers the declared services", () => {
    const names = complete(`defineStack({ services: { db: {}, cache: {}, web: { depends_on: ["|"] } } });`);
    expect(names).toEqual(["cache", "db"]); // not "web" itself
  });

  test("restart offers the policies", () => {
    const names = complete(`defineStack({ services: { web: { restart: "|" } } });`);
    expect(names).toEqual(expect.arrayContaining(["always", "no", "on-failure", "unless-stopped"]));
  });

  test("a volume's long-form source offers the declared volumes", () => {
    const names = complete(
      `defineStack({ services: { db: { volumes: [{ type: "volume", source: "|", target: "/x" }] } }, volumes: { pgdata: {}, logs: {} } });`,
    );
    expect(names).toEqual(["logs", "pgdata"]);
  });

  test("service keys are offered with the Compose names", () => {
    const names = complete(`defineStack({ services: { web: { | } } });`);
    expect(names).toEqual(expect.arrayContaining(["depends_on", "healthcheck", "image", "post_start", "use_api_socket"]));
  });
});

type Json = { [key: string]: unknown };

/** The `properties` of the schema object at `schemaPath`, following `$ref`s and object branches of `oneOf`. */
function objectProperties(spec: unknown, schemaPath: string[]): Record<string, Json> {
  const root = spec as Json;
  const definitions = root.definitions as Record<string, Json>;
  let node: Json = root;
  for (const step of schemaPath) {
    node = resolve(node, definitions);
    if (node === root) node = definitions[step]!;
    else if (step === "[]") node = node.items as Json;
    else if (step === "*") node = Object.values(node.patternProperties as Record<string, Json>)[0]!;
    else node = (node.properties as Record<string, Json>)[step]!;
    if (node === undefined) throw new Error(`schema path ${schemaPath.join(".")} not found at ${step}`);
  }
  node = resolve(node, definitions);
  return node.properties as Record<string, Json>;
}

/** Follows `$ref` and picks the object-shaped branch of `oneOf` (the long form). */
function resolve(node: Json, definitions: Record<string, Json>): Json {
  let current = node;
  for (;;) {
    if (typeof current.$ref === "string") {
      current = definitions[current.$ref.replace("/definitions/", "")]!;
    } else if (Array.isArray(current.oneOf) && current.properties === undefined && current.patternProperties === undefined) {
      const branch = (current.oneOf as Json[]).find(
        (b) => b.properties !== undefined || b.patternProperties !== undefined || b.items !== undefined || b.$ref !== undefined,
      );
      if (!branch) return current;
      // Prefer a branch that is an object over a list branch (`list_of_strings` vs map forms).
      const objectBranch = (current.oneOf as Json[]).find((b) => b.type === "object");
      current = objectBranch ?? branch;
    } else {
      return current;
    }
  }
}
