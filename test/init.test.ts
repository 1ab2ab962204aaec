import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { registerInit } from "../src/cli/init.js";
import { ROOT } from "./helpers/paths.js";
import { runCommand } from "./helpers/register.js";

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "compose-ts-init-"));
const init = (args: string[], cwd = tmpRoot) => runCommand(registerInit, ["init", ...args], cwd);

/** Type errors of the stack under the generated tsconfig.json, as an editor would see them. */
function editorErrors(dir: string): string[] {
  const config = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("compose-ts init", () => {
  test("writes stack.ts and tsconfig.json into a new directory and prints the next commands", async () => {
    const r = await init(["new"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("wrote new/stack.ts\nwrote new/tsconfig.json\n");
    expect(r.stdout).toContain("cd new\n");
    expect(r.stdout).toContain("npm init -y && npm install --save-dev compose-ts");
    expect(r.stdout).toContain("npx compose-ts check stack.ts");
    expect(readFileSync(path.join(tmpRoot, "new/stack.ts"), "utf8")).toContain('import { defineStack } from "compose-ts";');
    expect(JSON.parse(readFileSync(path.join(tmpRoot, "new/tsconfig.json"), "utf8")).compilerOptions.moduleResolution).toBe("bundler");
  });

  test("never overwrites without --force", async () => {
    const dir = path.join(tmpRoot, "existing");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "stack.ts"), "// mine\n");
    const r = await init([], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("stack.ts already exists; nothing written (use --force to overwrite)");
    expect(readFileSync(path.join(dir, "stack.ts"), "utf8")).toBe("// mine\n");
    expect(existsSync(path.join(dir, "tsconfig.json"))).toBe(false);
    const forced = await init(["--force"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "stack.ts"), "utf8")).toContain("defineStack");
  });

  test("adds compose-ts to devDependencies of an existing package.json, keeping its indentation", async () => {
    const dir = path.join(tmpRoot, "pkg");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "package.json"), `{\n    "name": "x",\n    "devDependencies": { "vitest": "^4.0.0" }\n}\n`);
    const r = await init([], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, "package.json"), "utf8");
    expect(text).toMatch(/^\{\n {4}"name": "x",/);
    expect(JSON.parse(text).devDependencies).toEqual({ "compose-ts": expect.stringMatching(/^\^\d+\.\d+\.\d+/) as string, vitest: "^4.0.0" });
    expect(r.stdout).toContain("  npm install\n");
    // a second run (forced) does not add it twice or rewrite the file
    await init(["--force"], dir);
    expect(readFileSync(path.join(dir, "package.json"), "utf8")).toBe(text);
  });

  const built = existsSync(path.join(ROOT, "dist/index.d.ts"));
  if (!built) console.log("skipping the editor check of the generated files: dist/ is not built (npm run build)");
  test.skipIf(!built)("the generated tsconfig resolves compose-ts from node_modules: the example checks, a typo does not", async () => {
    const dir = path.join(tmpRoot, "editor");
    await init(["editor"]);
    mkdirSync(path.join(dir, "node_modules"));
    symlinkSync(ROOT, path.join(dir, "node_modules/compose-ts"), "dir");
    expect(editorErrors(dir)).toEqual([]);
    const stack = readFileSync(path.join(dir, "stack.ts"), "utf8");
    writeFileSync(path.join(dir, "stack.ts"), stack.replace('depends_on: { db:', 'depends_on: { dbb:'));
    expect(editorErrors(dir)).toEqual([expect.stringContaining("'dbb' does not exist in type")]);
  }, 30_000);
});
