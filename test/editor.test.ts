import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Project, type SourceFile, ts } from "ts-morph";
import { beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "./helpers/paths.js";

/**
 * The editor promise, asked of TypeScript's language service the way VS Code asks it: one
 * in-memory project (no disk, no network) holding the DSL sources as the `compose-ts` package
 * and one `stack.ts` whose text each test replaces.
 */
const DSL_DIR = "/node_modules/compose-ts/dsl";
const STACK = "/project/stack.ts";
const HEADER = `import { defineStack } from "compose-ts";\n`;

let sf: SourceFile;
let ls: ts.LanguageService;

beforeAll(() => {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2023.d.ts"],
      types: [],
      paths: { "compose-ts": [`${DSL_DIR}/index.ts`] },
    },
  });
  const dir = path.join(ROOT, "src/dsl");
  // merge.ts is runtime code (it imports the normalizer); the types never reach it.
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "merge.ts")) {
    project.createSourceFile(`${DSL_DIR}/${f}`, readFileSync(path.join(dir, f), "utf8"));
  }
  sf = project.createSourceFile(STACK, "");
  ls = project.getLanguageService().compilerObject;
});

/** Sets the stack text; `|` marks the cursor, whose offset is returned. */
function edit(code: string): number {
  const at = code.indexOf("|");
  sf.replaceWithText(HEADER + code.replace("|", ""));
  return at < 0 ? -1 : HEADER.length + at;
}

function completions(code: string): string[] {
  const pos = edit(code);
  return (ls.getCompletionsAtPosition(STACK, pos, {})?.entries ?? []).map((e) => e.name).sort();
}

function quickInfo(code: string): { signature: string; doc: string; see: string[] } {
  const pos = edit(code);
  const info = ls.getQuickInfoAtPosition(STACK, pos);
  return {
    signature: ts.displayPartsToString(info?.displayParts),
    doc: ts.displayPartsToString(info?.documentation),
    see: (info?.tags ?? []).filter((t) => t.name === "see").map((t) => ts.displayPartsToString(t.text)),
  };
}

/** Errors as `line:col TScode message`, lines of the user's text (the import is line 0). */
function errors(code: string): { line: number; col: number; code: number; message: string }[] {
  edit(code);
  return ls.getSemanticDiagnostics(STACK).concat(ls.getSyntacticDiagnostics(STACK)).map((d) => {
    const { line, character } = sf.compilerNode.getLineAndCharacterOfPosition(d.start ?? 0);
    return { line, col: character + 1, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, "\n") };
  });
}

describe("completions", () => {
  test("service keys are the Compose names", () => {
    const names = completions(`defineStack({ services: { web: { | } } });`);
    expect(names).toEqual(expect.arrayContaining(["image", "depends_on", "healthcheck", "environment", "ports", "volumes", "restart"]));
    expect(names).not.toContain("imgae");
  });

  test("top-level keys", () => {
    expect(completions(`defineStack({ | });`)).toEqual(
      ["configs", "host", "include", "models", "name", "networks", "secrets", "services", "version", "volumes"],
    );
  });

  test("depends_on (list) offers the other declared services, not the service itself", () => {
    expect(completions(`defineStack({ services: { db: {}, cache: {}, web: { depends_on: ["|"] } } });`)).toEqual(["cache", "db"]);
  });

  test("depends_on (map) offers the other declared services as keys", () => {
    expect(completions(`defineStack({ services: { db: {}, cache: {}, web: { depends_on: { | } } } });`)).toEqual(["cache", "db"]);
  });

  test("depends_on condition values", () => {
    expect(completions(`defineStack({ services: { db: {}, web: { depends_on: { db: { condition: "|" } } } } });`)).toEqual(
      ["service_completed_successfully", "service_healthy", "service_started"],
    );
  });

  test("service networks (list and map) offer the declared networks and default", () => {
    const stack = (s: string) => `defineStack({ services: { web: { networks: ${s} } }, networks: { front: {}, back: {} } });`;
    expect(completions(stack(`["|"]`))).toEqual(["back", "default", "front"]);
    expect(completions(stack(`{ | }`))).toEqual(["back", "default", "front"]);
  });

  test("long-form volume source offers the declared volumes", () => {
    expect(completions(`defineStack({ services: { db: { volumes: [{ type: "volume", source: "|", target: "/x" }] } }, volumes: { pgdata: {}, logs: {} } });`)).toEqual(["logs", "pgdata"]);
  });

  test("mount types", () => {
    expect(completions(`defineStack({ services: { db: { volumes: [{ type: "|", target: "/x" }] } } });`)).toEqual(["bind", "cluster", "image", "npipe", "tmpfs", "volume"]);
  });

  test("secrets (short and long form) offer the declared secrets", () => {
    const stack = (s: string) => `defineStack({ services: { a: { secrets: [${s}] } }, secrets: { token: { file: "t" }, dbpass: { file: "p" } } });`;
    expect(completions(stack(`"|"`))).toEqual(["dbpass", "token"]);
    expect(completions(stack(`{ source: "|" }`))).toEqual(["dbpass", "token"]);
  });

  test("configs offer the declared configs", () => {
    expect(completions(`defineStack({ services: { a: { configs: ["|"] } }, configs: { nginx: { file: "n" } } });`)).toEqual(["nginx"]);
  });

  test("restart values", () => {
    expect(completions(`defineStack({ services: { web: { restart: "|" } } });`)).toEqual(["always", "no", "on-failure", "unless-stopped"]);
  });

  test("network_mode offers the fixed modes and the other services", () => {
    expect(completions(`defineStack({ services: { vpn: {}, web: { network_mode: "|" } } });`)).toEqual(["bridge", "host", "none", "service:vpn"]);
  });

  test("healthcheck keys", () => {
    expect(completions(`defineStack({ services: { web: { healthcheck: { | } } } });`)).toEqual(
      expect.arrayContaining(["interval", "retries", "start_period", "test", "timeout"]),
    );
  });

  test("pull_policy values", () => {
    expect(completions(`defineStack({ services: { web: { pull_policy: "|" } } });`)).toEqual(
      expect.arrayContaining(["always", "build", "missing", "never"]),
    );
  });

  test("extends offers the other services", () => {
    expect(completions(`defineStack({ services: { base: {}, web: { extends: "|" } } });`)).toEqual(["base"]);
  });
});

describe("quick info shows the JSDoc", () => {
  test("a service key: what it does and the Compose reference", () => {
    const info = quickInfo(`defineStack({ services: { db: {}, web: { dep|ends_on: ["db"] } } });`);
    expect(info.signature).toContain("depends_on?: DependsOn<\"db\">");
    expect(info.doc).toContain("Services to start first");
    expect(info.see).toEqual(["https://docs.docker.com/reference/compose-file/services/#depends_on"]);
  });

  test("a nested key", () => {
    const info = quickInfo(`defineStack({ services: { web: { healthcheck: { inter|val: "5s" } } } });`);
    expect(info.doc).toContain("Time between probes");
    expect(info.doc).toContain('"30s"');
  });

  test("defineStack itself", () => {
    const info = quickInfo(`define|Stack({ services: {} });`);
    expect(info.doc).toContain("Declares a stack");
  });

  test("a top-level section", () => {
    const info = quickInfo(`defineStack({ vol|umes: { data: {} } });`);
    expect(info.doc).toContain("Named volumes");
    expect(info.see).toEqual(["https://docs.docker.com/reference/compose-file/volumes/"]);
  });
});

describe("diagnostics: one error, on the line of the mistake", () => {
  const lines = (...l: string[]) => l.join("\n");

  test("a valid stack has none", () => {
    expect(errors(lines(
      `export default defineStack({`,
      `  services: {`,
      `    db: { image: "postgres:16", volumes: ["pgdata:/var/lib/postgresql/data"], secrets: ["pw"], networks: ["back"] },`,
      `    web: { image: "nginx", depends_on: { db: { condition: "service_healthy" } }, networks: ["back", "default"] },`,
      `  },`,
      `  networks: { back: {} },`,
      `  volumes: { pgdata: {} },`,
      `  secrets: { pw: { file: "./pw.txt" } },`,
      `});`,
    ))).toEqual([]);
  });

  test("a misspelt service in depends_on", () => {
    const e = errors(lines(`export default defineStack({`, `  services: {`, `    db: {},`, `    web: { depends_on: ["dbb"] },`, `  },`, `});`));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 4, col: 25, code: 2322 });
    expect(e[0]!.message).toContain(`'"dbb"'`);
  });

  test("a service depending on itself", () => {
    const e = errors(lines(`export default defineStack({`, `  services: {`, `    db: {},`, `    web: { depends_on: ["web"] },`, `  },`, `});`));
    expect(e).toHaveLength(1);
    expect(e[0]!.line).toBe(4);
  });

  test("a misspelt network, with a suggestion", () => {
    const e = errors(lines(`export default defineStack({`, `  services: {`, `    web: { networks: ["frnt"] },`, `  },`, `  networks: { front: {} },`, `});`));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 3, code: 2820 });
    expect(e[0]!.message).toContain(`Did you mean '"front"'?`);
  });

  test("a misspelt volume source", () => {
    const e = errors(lines(`export default defineStack({`, `  services: {`, `    db: {`, `      volumes: ["pgdta:/data"],`, `    },`, `  },`, `  volumes: { pgdata: {} },`, `});`));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 4, col: 17 });
  });

  test("a misspelt secret, with a suggestion", () => {
    const e = errors(lines(`export default defineStack({`, `  services: {`, `    app: { secrets: ["tokn"] },`, `  },`, `  secrets: { token: { file: "t" } },`, `});`));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 3, code: 2820 });
    expect(e[0]!.message).toContain(`Did you mean '"token"'?`);
  });

  test("an unknown key, with a suggestion", () => {
    const e = errors(lines(`export default defineStack({`, `  services: {`, `    web: {`, `      imgae: "nginx",`, `    },`, `  },`, `});`));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 4, col: 7, code: 2561 });
    expect(e[0]!.message).toContain("Did you mean to write 'image'?");
  });
});
