import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerImport } from "../src/cli/import.js";
import { UserError } from "../src/cli/output.js";
import { generateStack } from "../src/import/generate-stack.js";
import { prepareImport } from "../src/import/prepare.js";
import { buildFile, errorsOf } from "./helpers/build.js";
import { ROOT } from "./helpers/paths.js";

/**
 * `test/fixtures/import-<case>/`: `compose.yaml` (plus `compose.override.yaml`, imported with
 * `--keep-layers`) and the `stack.ts` `compose-ts import` must write for it — a golden file,
 * read by a person. The golden stack must also build to the model of the YAML (the round trip);
 * `npm run typecheck` checks that it type-checks, since it lives under test/.
 */
const FIXTURES = path.join(ROOT, "test/fixtures");
const cases = readdirSync(FIXTURES).filter((d) => d.startsWith("import-"));

describe.each(cases)("import fixture %s", (name) => {
  const dir = path.join(FIXTURES, name);
  const override = path.join(dir, "compose.override.yaml");
  const files = [path.join(dir, "compose.yaml"), ...(existsSync(override) ? [override] : [])];
  const prepared = prepareImport(files, { outDir: dir, keepLayers: true });

  it("generates the expected stack.ts", () => {
    expect(errorsOf(prepared.diagnostics)).toEqual([]);
    expect(generateStack(prepared.input!)).toBe(readFileSync(path.join(dir, "stack.ts"), "utf8"));
  });

  it("builds to the model of the YAML", async () => {
    const built = await buildFile(path.join(dir, "stack.ts"));
    expect(errorsOf(built.diagnostics)).toEqual([]);
    expect(built.model).toEqual(prepared.model);
  });
});

describe("generateStack details", () => {
  const gen = (yaml: string, more: string[] = [], keepLayers = false) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-import-"));
    const files = [yaml, ...more].map((text, i) => {
      const f = path.join(dir, i === 0 ? "compose.yaml" : `override${i}.yaml`);
      writeFileSync(f, text);
      return f;
    });
    const p = prepareImport(files, { outDir: dir, keepLayers });
    expect(errorsOf(p.diagnostics)).toEqual([]);
    return generateStack(p.input!);
  };

  it("never writes template literals and escapes what JSON escapes", () => {
    const out = gen('services:\n  a:\n    image: "x"\n    command: "echo `id` ${A} $$B \\"q\\" \\\\ \\t"\n');
    expect(out).toContain('command: "echo `id` ${A} $$B \\"q\\" \\\\ \\t"');
  });

  it("falls back to unchecked names when the file refers to names it does not declare", () => {
    // The base layer joins a network only the override declares: its names cannot be inferred.
    const layered = gen("services:\n  a:\n    image: x\n    networks: [back]\n", ["networks:\n  back: {}\n"], true);
    expect(layered).toContain("defineStack<string, string, string, string, string, string>(");
    expect(layered).toContain("export default mergeStacks(base, override1);");
    // Merged, the same files declare what they use.
    expect(gen("services:\n  a:\n    image: x\n    networks: [back]\n", ["networks:\n  back: {}\n"])).toContain("export default defineStack({");
  });

  it("merges -f files into one stack without --keep-layers", () => {
    const out = gen("services:\n  a:\n    image: x # the image\n", ["services:\n  a:\n    ports: ['80']\n"]);
    expect(out).not.toContain("mergeStacks");
    expect(out).toContain('ports: ["80"]');
  });

  it("keeps the `__proto__` key an own property", () => {
    const out = gen('services:\n  a:\n    image: x\n    labels:\n      __proto__: "1"\n');
    expect(out).toContain('["__proto__"]: "1"');
  });
});

describe("compose-ts import (CLI)", () => {
  const cli = async (args: string[], cwd: string) => {
    let stdout = "";
    let stderr = "";
    let code = 0;
    const program = new Command("compose-ts").exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
    registerImport(program, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd }, (c) => (code = c));
    try {
      await program.parseAsync(args, { from: "user" });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      stderr += e.message;
      code = e.exitCode;
    }
    return { code, stdout, stderr };
  };

  it("writes stack.ts beside the input and refuses to overwrite it without --force", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-import-cli-"));
    writeFileSync(path.join(dir, "docker-compose.yml"), "services:\n  web:\n    image: nginx\n");
    const first = await cli(["import", "docker-compose.yml"], dir);
    expect(first.code).toBe(0);
    expect(readFileSync(path.join(dir, "stack.ts"), "utf8")).toContain('web: { image: "nginx" }');
    writeFileSync(path.join(dir, "stack.ts"), "// mine");
    const again = await cli(["import", "docker-compose.yml"], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--force");
    expect(readFileSync(path.join(dir, "stack.ts"), "utf8")).toBe("// mine");
    const forced = await cli(["import", "docker-compose.yml", "--force", "--project-name", "demo"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "stack.ts"), "utf8")).toContain('name: "demo"');
  });

  it("exits 1 on invalid YAML, 2 on a non-YAML input, and prints with -o -", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-import-cli-"));
    writeFileSync(path.join(dir, "bad.yml"), "services:\n  web:\n    image: nginx\n    depends_on: [dbb]\n");
    const bad = await cli(["import", "bad.yml"], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("CT0102");
    expect(existsSync(path.join(dir, "stack.ts"))).toBe(false);
    expect((await cli(["import", "stack.ts"], dir)).code).toBe(2);
    writeFileSync(path.join(dir, "ok.yml"), "services:\n  web:\n    image: nginx\n");
    const out = await cli(["import", "ok.yml", "-o", "-"], dir);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('import { defineStack } from "compose-ts";');
  });
});
