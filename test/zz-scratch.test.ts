import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { it } from "vitest";
import { emitNixos } from "../src/emit/nixos.js";
import { buildFile } from "./helpers/build.js";
import { ROOT } from "./helpers/paths.js";
it("scratch", async () => {
  const F = path.join(ROOT, "test/fixtures");
  for (const d of readdirSync(F)) {
    if (d.startsWith("import-") || !existsSync(path.join(F, d, "stack.ts")) || d.startsWith("err-")) continue;
    const b = await buildFile(path.join(F, d, "stack.ts"));
    const r = emitNixos(b.model!, { projectDir: `/srv/${d}` });
    console.log("== " + d);
    for (const x of r.diagnostics) console.log(`  ${x.severity} ${x.code} ${x.path}: ${x.message}`);
  }
}, 60000);
