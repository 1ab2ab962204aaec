import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { registerCheck } from "../src/cli/check.js";
import { nativeCompiler, parseCompilerOutput } from "../src/load/typecheck.js";
import { runCommand } from "./helpers/register.js";

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "compose-ts-check-test-"));

function stackDir(name: string, files: Record<string, string>): string {
  const dir = path.join(tmpRoot, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const check = (args: string[], cwd: string) => runCommand(registerCheck, ["check", ...args], cwd);

const TYPO = `import { defineStack } from "compose-ts";

export default defineStack({
  name: "demo",
  services: {
    db: { image: "postgres:16" },
    web: {
      image: "nginx",
      depends_on: ["dbb"],
    },
  },
});
`;

const TYPE_ERROR = `import { defineStack } from "compose-ts";

const replicas: number = "two";

export default defineStack({ services: { web: { image: "nginx", scale: replicas } } });
`;

const checkers = ["typescript", ...(nativeCompiler() ? ["native"] : [])];
if (!nativeCompiler()) console.log("skipping --checker native: @typescript/typescript-<os>-<arch> is not installed (set COMPOSE_TS_TSC to try it)");

describe.each(checkers)("compose-ts check --checker %s", (checker) => {
  test("a misspelt reference: our error with file:line:col, did-you-mean and a code frame; the compiler's duplicate dropped", async () => {
    const dir = stackDir(`typo-${checker}`, { "stack.ts": TYPO });
    const r = await check(["stack.ts", "--checker", checker], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stack.ts:9:20 error CT0102 unknown service "dbb" in depends_on of service "web"`);
    expect(r.stderr).toContain(`did you mean "db"?`);
    expect(r.stderr).toContain(`>  9 |       depends_on: ["dbb"],\n     |                    ^`);
    expect(r.stderr).not.toContain("TS2322");
    expect(r.stderr).toMatch(/stack\.ts: 1 error \(types checked by TypeScript( native)?\)/);
  });

  test("Node's globals and modules are typed, and plain JavaScript is type-checked only with // @ts-check", async () => {
    const dir = stackDir(`node-and-js-${checker}`, {
      "stack.ts": `import path from "node:path";\nimport { defineStack } from "compose-ts";\nexport default defineStack({ services: { a: { image: process.env.IMAGE ?? path.basename("/x/alpine") } } });\n`,
      // a helper's `restart: "always"` is inferred as string without JSDoc: not an error in plain JS
      "plain.js": `import { defineStack } from "compose-ts";\nconst svc = (image) => ({ image, restart: "always" });\nexport default defineStack({ services: { a: svc("x") } });\n`,
      "checked.js": `// @ts-check\nimport { defineStack } from "compose-ts";\n/** @type {number} */\nconst scale = "two";\nexport default defineStack({ services: { a: { image: "x", scale } } });\n`,
    });
    expect((await check(["stack.ts", "--checker", checker], dir)).code).toBe(0);
    expect((await check(["plain.js", "--checker", checker], dir)).code).toBe(0);
    const r = await check(["checked.js", "--checker", checker], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("checked.js:4:7 error TS2322");
  });

  test("a type error the validator cannot see is reported as TSxxxx at its position", async () => {
    const dir = stackDir(`types-${checker}`, { "stack.ts": TYPE_ERROR });
    const r = await check(["stack.ts", "--checker", checker], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("stack.ts:3:7 error TS2322 Type 'string' is not assignable to type 'number'.");
    expect(r.stderr).toContain(`> 3 | const replicas: number = "two";`);
  });

  test("errors in an imported file are found too", async () => {
    const dir = stackDir(`imports-${checker}`, {
      "stack.ts": `import { defineStack } from "compose-ts";\nimport { db } from "./db.ts";\nexport default defineStack({ services: { db } });\n`,
      "db.ts": `import type { Service } from "compose-ts";\nexport const db: Service = { image: "postgres", restart: "sometimes" };\n`,
    });
    const r = await check(["stack.ts", "--checker", checker], dir);
    expect(r.code).toBe(1);
    // the value came from another file: placed there, where the compiler's duplicate is dropped
    expect(r.stderr).toContain("db.ts:2:49 error CT0144");
    expect(r.stderr).not.toContain("TS2322");
  });

  test("a valid stack: exit 0, nothing written", async () => {
    const dir = stackDir(`ok-${checker}`, {
      "stack.ts": `import { defineStack } from "compose-ts";\nexport default defineStack({ services: { web: { image: "nginx", depends_on: ["db"] }, db: { image: "pg" } } });\n`,
    });
    const r = await check(["stack.ts", "--checker", checker], dir);
    expect(r.stderr).toBe(`stack.ts: ok (types checked by TypeScript${checker === "native" ? " native" : ""})\n`);
    expect(r.code).toBe(0);
  });
});

describe("compose-ts check", () => {
  test("--format json prints the diagnostics as data, positions relative to the working directory", async () => {
    const dir = stackDir("json", { "stack.ts": TYPO.replace(`image: "nginx",`, `image: "nginx",\n      imgae: "x",`) });
    const r = await check(["stack.ts", "--format", "json", "--checker", "typescript"], dir);
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout) as unknown[];
    expect(data).toEqual([
      {
        code: "CT0101",
        severity: "error",
        path: "services.web.imgae",
        message: expect.stringContaining(`"imgae"`) as string,
        pos: { file: "stack.ts", line: 9, col: 7 },
      },
      {
        code: "CT0102",
        severity: "error",
        path: "services.web.depends_on[0]",
        message: expect.stringContaining(`did you mean "db"?`) as string,
        pos: { file: "stack.ts", line: 10, col: 20 },
      },
    ]);
  });

  test("compose YAML is validated (no type check) with line:col", async () => {
    const dir = stackDir("yaml", { "compose.yml": "services:\n  db:\n    image: pg\n  web:\n    image: nginx\n    depends_on: [dbb]\n" });
    const r = await check(["compose.yml"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/compose\.yml:6:\d+ error CT0102 unknown service "dbb"/);
    expect(r.stderr).toContain("compose.yml: 1 error\n");
  });

  test("an unsupported input is a usage error", async () => {
    const r = await check(["stack.toml"], tmpRoot);
    expect(r.code).toBe(2);
  });
});

describe("parseCompilerOutput (the native compiler's --pretty false output)", () => {
  test("positions, codes and indented elaborations", () => {
    const out = [
      "s/stack.ts(5,37): error TS2322: Type '\"dbb\"' is not assignable to type '\"db\" | \"web\"'.",
      "error TS5023: Unknown compiler option 'x'.",
      "s/other.ts(1,1): error TS2345: Argument of type 'X' is not assignable to parameter of type 'Y'.",
      "  Types of property 'a' are incompatible.",
    ].join("\n");
    expect(parseCompilerOutput(out, "/tmp/w")).toEqual([
      { code: "TS2322", severity: "error", path: "", message: `Type '"dbb"' is not assignable to type '"db" | "web"'.`, pos: { file: "/tmp/w/s/stack.ts", line: 5, col: 37 } },
      { code: "TS5023", severity: "error", path: "", message: "Unknown compiler option 'x'." },
      { code: "TS2345", severity: "error", path: "", message: "Argument of type 'X' is not assignable to parameter of type 'Y'.\n  Types of property 'a' are incompatible.", pos: { file: "/tmp/w/s/other.ts", line: 1, col: 1 } },
    ]);
  });
});
