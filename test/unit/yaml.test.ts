import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Code } from "../../src/diagnostics/index.js";
import { positionOf } from "../../src/load/compose/positions.js";
import { goPlainScalar } from "../../src/load/compose/scalars.js";
import { MAX_INPUT_CHARS, parseComposeYaml } from "../../src/load/compose/yaml.js";
import { Override, Reset } from "../../src/normalize/merge.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpus = path.resolve(projectRoot, "../shared/corpus");

function parse(text: string) {
  return parseComposeYaml(text, "compose.yaml");
}

describe("scalar types (go-yaml, as compose-go reads them)", () => {
  it("keeps yes/no/on/off as strings (YAML 1.2 booleans)", () => {
    const { value } = parse("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: y\n");
    expect(value).toEqual({ a: "yes", b: "no", c: "on", d: "off", e: true, f: false, g: "y" });
  });

  it("reads integers the way go-yaml does: leading-zero octal, binary, underscores", () => {
    expect(goPlainScalar("0755")).toBe(0o755);
    expect(goPlainScalar("0o17")).toBe(15);
    expect(goPlainScalar("0x1F")).toBe(31);
    expect(goPlainScalar("0b101")).toBe(5);
    expect(goPlainScalar("1_000")).toBe(1000);
    expect(goPlainScalar("08")).toBe(8); // not octal: falls through to a float
    expect(goPlainScalar("+12")).toBe(12);
    expect(goPlainScalar("1e3")).toBe(1000);
    expect(goPlainScalar(".5")).toBe(0.5);
    expect(goPlainScalar("-.inf")).toBe(-Infinity);
    expect(goPlainScalar("2001-12-14")).toBe("2001-12-14"); // timestamps stay strings
    expect(goPlainScalar("8080:80")).toBe("8080:80");
    expect(goPlainScalar("~")).toBeNull();
    expect(goPlainScalar("")).toBeNull();
  });

  it("never retypes quoted or block scalars", () => {
    const { value } = parse("a: '0755'\nb: \"true\"\nc: |\n  42\n");
    expect(value).toEqual({ a: "0755", b: "true", c: "42\n" });
  });

  it("forces keys to strings and warns where Compose would reject the key", () => {
    const r = parse("services:\n  web:\n    sysctls:\n      80: 1\n      true: x\n");
    expect(r.value).toEqual({ services: { web: { sysctls: { "80": 1, true: "x" } } } });
    const warnings = r.diagnostics.filter((d) => d.severity === "warning");
    expect(warnings.map((d) => d.path)).toEqual(['services.web.sysctls["80"]', "services.web.sysctls.true"]);
    expect(warnings[0]?.pos).toEqual({ file: "compose.yaml", line: 4, col: 7 });
  });

  it("leaves ${VAR} verbatim", () => {
    expect(parse("image: ${IMAGE:-nginx}\n").value).toEqual({ image: "${IMAGE:-nginx}" });
  });
});

describe("anchors, aliases and merge keys", () => {
  it("resolves aliases into independent copies", () => {
    const { value } = parse("x: &env {A: 1}\nservices:\n  a: {environment: *env}\n  b: {environment: *env}\n");
    const services = value?.services as Record<string, { environment: object }>;
    expect(services.a?.environment).toEqual({ A: 1 });
    expect(services.a?.environment).not.toBe(services.b?.environment);
  });

  it("merges `<<` with explicit keys winning, and earlier sources winning over later ones", () => {
    const { value } = parse(
      "a: &a {p: 1, q: 1, r: 1}\nb: &b {q: 2, s: 2}\nc:\n  q: 3\n  <<: [*a, *b]\n",
    );
    expect(value?.c).toEqual({ q: 3, p: 1, r: 1, s: 2 });
  });

  it("rejects a merge of something that is not a mapping", () => {
    const r = parse("a: &a [1]\nb:\n  <<: *a\n");
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.code).toBe(Code.YamlSyntax);
  });

  it("rejects a recursive alias instead of looping", () => {
    const r = parse("a: &a\n  - *a\n");
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.some((d) => d.code === Code.YamlSyntax && /recursive/.test(d.message))).toBe(true);
  });
});

describe("!reset and !override", () => {
  it("become Reset / Override markers, in mappings and sequences", () => {
    const { value } = parse("services:\n  web:\n    command: !reset\n    ports: !reset []\n    environment: !override\n      A: 1\n");
    const web = (value?.services as Record<string, Record<string, unknown>>).web!;
    expect(web.command).toBe(Reset.instance);
    expect(web.ports).toBe(Reset.instance);
    expect(web.environment).toBeInstanceOf(Override);
    expect((web.environment as Override).value).toEqual({ A: 1 });
  });

  it("keeps a tag on an anchored node through its aliases", () => {
    const { value } = parse("x: &r !reset null\nservices:\n  web:\n    command: *r\n");
    expect((value?.services as Record<string, Record<string, unknown>>).web?.command).toBe(Reset.instance);
  });
});

describe("errors", () => {
  it("reports a duplicate key with its line and column", () => {
    const r = parse("services:\n  web:\n    image: a\n    image: b\n");
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toEqual([
      {
        code: Code.YamlDuplicateKey,
        severity: "error",
        path: "services.web.image",
        message: 'duplicate key "image" (first defined at line 3)',
        pos: { file: "compose.yaml", line: 4, col: 5 },
      },
    ]);
  });

  it("compares keys as strings, as compose-go does (80 and '80' collide)", () => {
    const r = parse("labels:\n  80: a\n  '80': b\n");
    expect(r.diagnostics.some((d) => d.code === Code.YamlDuplicateKey)).toBe(true);
  });

  it("requires a mapping at the top level", () => {
    const r = parse("- a\n- b\n");
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: Code.YamlSyntax, pos: { line: 1, col: 1 } });
    expect(r.diagnostics[0]?.message).toMatch(/must be a mapping/);
  });

  it("reports a syntax error with its position", () => {
    const r = parse("services:\n  web: [a, b\n");
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.code).toBe(Code.YamlSyntax);
    expect(r.diagnostics[0]?.pos?.line).toBeGreaterThanOrEqual(2);
  });

  it("treats a file of comments as no document, without error", () => {
    const r = parse("# nothing here\n");
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
  });

  it("stops a billion-laughs alias bomb", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const started = Date.now();
    const r = parse(`${levels.join("\n")}\n`);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual([Code.YamlLimit]);
    expect(r.diagnostics[0]?.message).toMatch(/billion laughs/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("refuses an input that is too large", () => {
    const r = parse(`x: "${"a".repeat(MAX_INPUT_CHARS)}"\n`);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]?.code).toBe(Code.YamlLimit);
  });
});

describe("positions", () => {
  const text = [
    "x-env: &env", //       1
    "  A: 1", //            2
    "services:", //         3
    "  web:", //            4
    "    image: nginx", //  5
    "    ports:", //        6
    '      - "80:80"', //   7
    "    environment: *env", // 8
    "    command:", //      9
  ].join("\n");
  const { positions } = parse(`${text}\n`);

  it("gives the value node's position", () => {
    expect(positionOf(positions, ["services", "web", "image"])).toEqual({ line: 5, col: 12 });
    expect(positionOf(positions, ["services", "web", "ports", 0])).toEqual({ line: 7, col: 9 });
  });

  it("falls back to the key for an empty value, and to the nearest ancestor", () => {
    expect(positionOf(positions, ["services", "web", "command"])).toEqual({ line: 9, col: 5 });
    expect(positionOf(positions, ["services", "web", "ports", 3])).toEqual({ line: 7, col: 7 });
  });

  it("points at the alias for the aliased value, and into the anchor below it", () => {
    expect(positionOf(positions, ["services", "web", "environment"])).toEqual({ line: 8, col: 18 });
    expect(positionOf(positions, ["services", "web", "environment", "A"])).toEqual({ line: 2, col: 6 });
  });
});

it("merges several YAML documents of one file in order", () => {
  const { value } = parse("services:\n  web:\n    image: a\n    ports: ['80']\n---\nservices:\n  web:\n    image: b\n    ports: ['81']\n");
  expect(value).toEqual({ services: { web: { image: "b", ports: ["80", "81"] } } });
});

function composeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...composeFiles(p));
    else if (/\.(ya?ml|example)$/.test(name)) out.push(p);
  }
  return out;
}

describe("corpus: every real compose file parses without errors", () => {
  for (const folder of ["awesome-compose", "real-world", "conformance-tests", "compose-go-testdata"]) {
    const dir = path.join(corpus, folder);
    it(folder, (ctx) => {
      if (!existsSync(dir)) {
        console.log(`skipped: ${dir} is absent`);
        ctx.skip();
        return;
      }
      const files = composeFiles(dir);
      const failures: string[] = [];
      let documents = 0;
      for (const f of files) {
        const r = parseComposeYaml(readFileSync(f, "utf8"), f);
        const errors = r.diagnostics.filter((d) => d.severity === "error");
        if (errors.length > 0) failures.push(`${f}: ${errors.map((d) => d.message).join("; ")}`);
        if (r.value !== undefined) documents++;
      }
      console.log(`${folder}: ${files.length} files parsed, ${documents} documents, ${failures.length} failures`);
      expect(files.length).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    });
  }

  it("getsentry's anchors (more alias uses than yaml's default maxAliasCount) are expanded", (ctx) => {
    const f = path.join(corpus, "real-world/getsentry__self-hosted/docker-compose.yml");
    if (!existsSync(f)) {
      console.log(`skipped: ${f} is absent`);
      ctx.skip();
      return;
    }
    const r = parseComposeYaml(readFileSync(f, "utf8"), f);
    expect(r.diagnostics).toEqual([]);
    const services = r.value?.services as Record<string, Record<string, unknown>>;
    // `web` is built from the `<<: *sentry_defaults` anchor.
    expect(services.web?.image).toBeDefined();
    expect(Object.keys(services).length).toBeGreaterThan(30);
  });
});
