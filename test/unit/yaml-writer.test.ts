import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emitComposeYaml } from "../../src/emit/compose-yaml.js";
import { scalarStyle } from "../../src/emit/yaml/scalar.js";
import { writeYamlDocument } from "../../src/emit/yaml/writer.js";
import type { Project } from "../../src/model/index.js";
import { ROOT } from "../helpers/paths.js";

const doc = (o: Record<string, unknown>) => writeYamlDocument(o);

// Issue 10, items 5–8: strings PyYAML could not read (or read as something else) were written
// plain or raw. Each is now quoted or escaped; test/property/yaml-roundtrip.test.ts proves the
// round trip with the readers themselves.
describe("YAML writer: what YAML 1.1 readers misread is quoted or escaped", () => {
  it("a tab in a value or a key is double-quoted as \\t", () => {
    expect(doc({ A: "a\tb", "k\tey": "v" })).toBe('A: "a\\tb"\n"k\\tey": v\n');
  });

  it("= (YAML 1.1 value key) and << (merge key) are quoted as keys and values", () => {
    expect(doc({ "=": "=", "<<": "<<", l: ["A==", "=", "<<<"] })).toBe('"=": "="\n"<<": "<<"\nl:\n  - A==\n  - "="\n  - <<<\n');
  });

  it("DEL, C1 controls, U+FFFE and U+FFFF are escaped, NEL/LS/PS as \\N \\L \\P", () => {
    expect(doc({ v: "a\u007fb\u0080c\u009fd\ufffee\uffff", nl: "\u0085\u2028\u2029" })).toBe('v: "a\\x7fb\\x80c\\x9fd\\ufffee\\uffff"\nnl: "\\N\\L\\P"\n');
    expect(doc({ "k\u0090": 1 })).toBe('"k\\x90": 1\n');
    // In a multi-line string too, which would otherwise be a block literal.
    expect(doc({ m: "a\nb\u007f\n" })).toBe('m: "a\\nb\\x7f\\n"\n');
  });

  it("a lone surrogate has no form: the writer refuses it (normalize reports it first, located)", () => {
    expect(() => doc({ v: "x\ud800" })).toThrow(/unpaired surrogate/);
  });

  it("numbers in exponent form get a fraction, which YAML 1.1 needs to read a float", () => {
    expect(doc({ a: 1e-7, b: 1e21, c: 1.5e-7, d: 0.5, e: -0 })).toBe("a: 1.0e-7\nb: 1.0e+21\nc: 1.5e-7\nd: 0.5\ne: -0\n");
  });

  it("Go's 0X/0O/0B integer prefixes are quoted (go-yaml parses them as numbers)", () => {
    expect(["0X1F", "0O17", "0B11", "+0x1F", "0o17"].map((s) => scalarStyle(s, false, false))).toEqual(Array(5).fill("double"));
  });

  it("an implicit key longer than 1024 characters as written (escapes included) becomes an explicit key", () => {
    const k = "\u2028".repeat(600);
    expect(doc({ [k]: "v" })).toBe(`? "${"\\L".repeat(600)}"\n: v\n`);
    expect(doc({ ["k".repeat(1024)]: 1 })).toBe(`${"k".repeat(1024)}: 1\n`);
  });
});

describe("YAML writer: the style compose-ts has always written", () => {
  it("block style, sequences indented under their key, empty collections in flow, null spelled out", () => {
    const text = doc({ a: { b: [1, { c: "d", e: [] }, ["x"]], f: {} }, g: null, h: true });
    expect(text).toBe("a:\n  b:\n    - 1\n    - c: d\n      e: []\n    - - x\n  f: {}\ng: null\nh: true\n");
  });

  it("multi-line strings are block literals with their chomping, unless a line starts or ends with a blank", () => {
    expect(doc({ s: "line one\nline two" })).toBe("s: |-\n  line one\n  line two\n");
    expect(doc({ s: "x\n" })).toBe("s: |\n  x\n");
    expect(doc({ l: ["a\n\n"] })).toBe("l:\n  - |+\n    a\n\n");
    expect(doc({ s: "a \nb" })).toBe('s: "a\\ \\nb"\n');
  });

  it("plain when every reader agrees, double quotes otherwise, single quotes for a text indicator with a double quote", () => {
    expect(doc({ a: "yes", b: "0755", c: "22:22", d: "1e3", e: "~", f: "", g: " x", h: "a: b", i: "a #b", j: "-c", k: "e1" })).toBe(
      'a: "yes"\nb: "0755"\nc: "22:22"\nd: "1e3"\ne: "~"\nf: ""\ng: " x"\nh: "a: b"\ni: "a #b"\nj: -c\nk: e1\n',
    );
    expect(doc({ a: '@x"', b: "@x", c: "it's \"q\"" })).toBe(`a: '@x"'\nb: "@x"\nc: it's "q"\n`);
  });
});

// The `yaml` package prints YAMLWarnings (TAG_RESOLVE_FAILED, BAD_DIRECTIVE) through
// process.emitWarning when a caller uses its `parse`; they must never reach the user's terminal.
describe("compose-ts build: no YAML library warnings on the terminal", () => {
  const bin = path.join(ROOT, "dist/bin/compose-ts.js");
  if (!existsSync(bin)) console.warn("skipping the warnings test: dist/ is not built (npm test builds it first)");
  it.skipIf(!existsSync(bin))("for values that look like tags or directives: build of YAML and TypeScript input, import", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-yaml-warn-"));
    writeFileSync(
      path.join(dir, "compose.yml"),
      'services:\n  a:\n    image: alpine\n    labels:\n      t: !custom x\n      p: "%a"\n      q: "!tag"\n      r: "!!str"\n    command: ["%YAML 1.1", "!x y", "&a", "*a"]\n',
    );
    writeFileSync(
      path.join(dir, "stack.ts"),
      'export default { services: { a: { image: "alpine", labels: { p: "%a", q: "!tag" }, command: ["%YAML", "! x", "*a"] } } };\n',
    );
    for (const input of ["compose.yml", "stack.ts"]) {
      const r = spawnSync(process.execPath, [bin, "build", input, "-o", "-"], { cwd: dir, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/YAMLWarning|TAG_RESOLVE_FAILED|BAD_DIRECTIVE|Warning/);
      expect(r.stdout).toContain('q: "!tag"');
      expect(r.stdout).toContain('p: "%a"');
    }
    const imp = spawnSync(process.execPath, [bin, "import", "compose.yml", "-o", "-"], { cwd: dir, encoding: "utf8" });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).not.toMatch(/YAMLWarning|TAG_RESOLVE_FAILED|BAD_DIRECTIVE|Warning/);
    expect(imp.stdout).toContain('"!tag"');
  });
});

describe("emitComposeYaml", () => {
  it("keeps the header and JSON format", () => {
    const model = { name: "p", services: {} } as unknown as Project;
    expect(emitComposeYaml(model, { source: "stack.ts" })).toBe(
      "# Generated by compose-ts from stack.ts. Do not edit: change stack.ts and run compose-ts build.\nname: p\nservices: {}\n",
    );
    expect(emitComposeYaml(model, { format: "json" })).toBe('{\n  "name": "p",\n  "services": {}\n}\n');
  });
});
