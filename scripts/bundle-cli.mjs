// The CLI starts on every invocation, so its start-up time is the user's wait. tsc's output is
// many small ES modules, and resolving them costs more than running them; one bundle for the
// CLI entry (our code + yaml, zod, commander) starts faster. Heavy, rarely needed
// packages (ts-morph, typescript, esbuild) stay external and are loaded lazily where used.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Chunk names carry content hashes: clear the folder so stale chunks never ship.
rmSync(path.join(root, "dist/bin"), { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, "dist/cli/main.js")],
  // Splitting keeps each lazily imported part (import, check, …) in a chunk of its own, so
  // its static imports of heavy packages are not hoisted into start-up.
  outdir: path.join(root, "dist/bin"),
  entryNames: "compose-ts",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  external: ["ts-morph", "typescript", "esbuild", "@typescript/*"],
  // Bundled CommonJS dependencies may call require(); give the ES module one.
  banner: { js: "import { createRequire as __ctsCreateRequire } from 'node:module'; const require = __ctsCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
