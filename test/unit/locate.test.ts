import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

describe("locateInStack follows helpers and imports", () => {
  test("into what a helper returns (arrow or function declaration), with its parameters bound to the call's arguments", async () => {
    const src = [
      `const app = (cmd: string) => ({ image: "a", command: cmd, depends_on: ["dbb"] });`,
      `function web(port: number, nets: string[]) {`,
      `  const base = { image: "nginx" };`,
      `  return { ...base, ports: [port], networks: nets };`,
      `}`,
      `export default { services: { w: app("w"), x: web(80, ["frontnd"]) } };`,
    ].join("\n");
    expect(await place(src, ["services.w.depends_on[0]", "services.x.networks[0]", "services.x.image", "services.w.command"])).toEqual([
      "1:72", "6:55", "3:18", "1:45",
    ]);
  });

  test("into local files the stack imports, also as the base of mergeStacks", async () => {
    const sub = mkdtempSync(path.join(dir, "nested-"));
    mkdirSync(path.join(sub, "app"));
    writeFileSync(path.join(sub, "shared.ts"), `export const worker = {\n  image: "w",\n  depends_on: ["redis"],\n};\nconst base = { services: { db: { image: "pg", volumes: ["cach:/c"] } } };\nexport { base as stackBase };\n`);
    const file = path.join(sub, "app", "stack.ts");
    writeFileSync(
      file,
      `import { mergeStacks } from "compose-ts";\nimport { worker, stackBase } from "../shared.js";\nexport default mergeStacks(stackBase, { services: { worker } });\n`,
    );
    const ds: Diagnostic[] = ["services.worker.depends_on[0]", "services.db.volumes[0]"].map((p) => ({ code: "CT0102", severity: "error", path: p, message: "m" }));
    const out = await locateInStack(file, ds);
    expect(out.map((d) => d.pos && `${path.relative(sub, d.pos.file)}:${d.pos.line}:${d.pos.col}`)).toEqual(["shared.ts:3:16", "shared.ts:5:57"]);
  });
});
