import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadStack } from "../../src/load/load-stack.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-load-"));

describe("loadStack", () => {
  test("a default export that is a Promise is awaited", async () => {
    const file = path.join(dir, "promise.ts");
    writeFileSync(file, `export default Promise.resolve({ services: { a: { image: "alpine" } } });\n`);
    expect(await loadStack(file)).toEqual({ value: { services: { a: { image: "alpine" } } }, diagnostics: [] });
  });

  test("import.meta.url/dirname/filename and __dirname name each module's own file, not the bundle", async () => {
    const sub = path.join(dir, "meta", "lib");
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, "where.ts"), `export const where = { dirname: import.meta.dirname, url: import.meta.url };\n`);
    const file = path.join(dir, "meta", "stack.ts");
    writeFileSync(
      file,
      [
        `import { fileURLToPath } from "node:url";`,
        `import { where } from "./lib/where.ts";`,
        `const __dirname = fileURLToPath(new URL(".", import.meta.url));`,
        `export default { "x-where": where, "x-own": { filename: import.meta.filename, dirname: __dirname } };`,
      ].join("\n"),
    );
    const { value, diagnostics } = await loadStack(file);
    expect(diagnostics).toEqual([]);
    expect(value).toEqual({
      "x-where": { dirname: sub, url: `file://${path.join(sub, "where.ts")}` },
      "x-own": { filename: file, dirname: path.dirname(file) + path.sep },
    });
  });
});
