import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { locateInStack } from "../../src/load/locate.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-locate-"));
let n = 0;

/** Where `locateInStack` places each path, as `line:col` (or "-" when it cannot). */
async function place(source: string, paths: string[]): Promise<string[]> {
  const file = path.join(dir, `stack${n++}.ts`);
  writeFileSync(file, source);
  const ds: Diagnostic[] = paths.map((p) => ({ code: "CT0102", severity: "error", path: p, message: "m" }));
  const out = await locateInStack(file, ds);
  return out.map((d) => (d.pos ? `${d.pos.line}:${d.pos.col}` : "-"));
}

describe("locateInStack", () => {
  test("follows defineStack(...) to properties and list elements", async () => {
    const src = [
      `import { defineStack } from "compose-ts";`,
      `export default defineStack({`,
      `  services: {`,
      `    web: { image: "nginx", depends_on: ["db", "dbb"] },`,
      `    "my-svc": { ports: ["80"] },`,
      `  },`,
      `});`,
    ].join("\n");
    expect(await place(src, ["services.web.depends_on[1]", "services.web.image", "services[\"my-svc\"]", "services.my-svc.ports[0]", "name"])).toEqual([
      "4:47", "4:12", "5:5", "5:25", "-",
    ]);
  });

  test("spreads, shorthand properties and consts of the same file; the later definition wins", async () => {
    const src = [
      `const common = { restart: "always", image: "base" };`,
      `const db = { ...common, image: "pg" };`,
      `export default {`,
      `  services: { db, web: { ...common, depends_on: ["x"] } },`,
      `};`,
    ].join("\n");
    expect(await place(src, ["services.db.image", "services.db.restart", "services.web.restart", "services.web.depends_on[0]"])).toEqual([
      "2:25", "1:18", "1:18", "4:50",
    ]);
  });

  test("mergeStacks: the override first, then the base; function default exports", async () => {
    const src = [
      `import { defineStack, mergeStacks } from "compose-ts";`,
      `const base = defineStack({ services: { web: { image: "a", restart: "no" } } });`,
      `export default async function () {`,
      `  return mergeStacks(base, { services: { web: { image: "b" } } });`,
      `}`,
    ].join("\n");
    expect(await place(src, ["services.web.image", "services.web.restart"])).toEqual(["4:49", "2:59"]);
  });

  test("a value built elsewhere is placed at the deepest property found; already-placed and path-less diagnostics are kept", async () => {
    const src = `import { ports } from "./ports.js";\nexport default { services: { web: { ports } } };\n`;
    expect(await place(src, ["services.web.ports[2]", ""])).toEqual(["2:37", "-"]);
    const file = path.join(dir, "kept.ts");
    writeFileSync(file, src);
    const placed: Diagnostic = { code: "CT0102", severity: "error", path: "services", message: "m", pos: { file: "/x.ts", line: 9, col: 9 } };
    expect(await locateInStack(file, [placed])).toEqual([placed]);
  });
});
