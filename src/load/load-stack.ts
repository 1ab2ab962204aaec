import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Code, type Diagnostic } from "../diagnostics/index.js";

export interface LoadedStack {
  /** The stack value: the default export, or what the default-exported function returned (awaited). */
  value?: unknown;
  diagnostics: Diagnostic[];
}

/** Bundles are cached per user; the directory is private to compose-ts. */
const CACHE_DIR = path.join(os.tmpdir(), `compose-ts-cache-${process.getuid?.() ?? "u"}`);
/** This file sits two levels below the package root, in src/, dist/ or the CLI bundle alike. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Frames in compose-ts itself are not where the user's mistake is. */
const OWN_DIRS = ["dist", "src"].map((d) => path.join(PACKAGE_ROOT, d) + path.sep);

/**
 * A stack's `import "compose-ts"` is answered by the running compose-ts itself (the very module
 * instances already loaded), so a stack needs no node_modules beside it and loading it costs
 * nothing extra. The bundled stack reads the API from this global slot.
 */
const API_SLOT = "compose-ts/api";

async function publishApi(): Promise<string[]> {
  const api = (await import("../index.js")) as Record<string, unknown>;
  (globalThis as Record<symbol, unknown>)[Symbol.for(API_SLOT)] = api;
  return Object.keys(api).filter((k) => k !== "default").sort();
}

/**
 * Turns `stack.ts` (or .mts/.js/.mjs) into a value. esbuild bundles the stack and its local
 * imports into one ES module (a few ms), cached by the inputs' content hashes; `compose-ts` itself
 * is answered by the running copy (see `publishApi`).
 * TypeScript's own compiler is never loaded here: type errors are `compose-ts check`'s job.
 */
export async function loadStack(file: string): Promise<LoadedStack> {
  const abs = path.resolve(file);
  if (!existsSync(abs)) return fail(Code.LoadFailed, `cannot read ${file}: no such file`);
  let bundled: string;
  try {
    const built = await bundle(abs, await publishApi());
    if ("diagnostics" in built) return { diagnostics: built.diagnostics };
    bundled = built.file;
  } catch (e) {
    return fail(Code.LoadFailed, `cannot bundle ${file}: ${(e as Error).message}`);
  }

  process.setSourceMapsEnabled(true);
  let mod: { default?: unknown };
  try {
    // The query keys Node's module cache by content, so a long-lived process sees edits.
    const url = `${pathToFileURL(bundled).href}?v=${hashFile(bundled).slice(0, 16)}`;
    mod = (await import(url)) as { default?: unknown };
  } catch (e) {
    return fromException(e, file);
  }
  if (!("default" in mod) || mod.default === undefined) {
    return fail(Code.StackModuleError, `${file} has no default export: export default defineStack({ … })`);
  }
  let value: unknown = mod.default;
  try {
    if (typeof value === "function") value = (value as () => unknown)();
    // `export default loadStack()` of an async helper is a Promise: as good as an async factory.
    if (isThenable(value)) value = await value;
  } catch (e) {
    return fromException(e, file);
  }
  return { value, diagnostics: [] };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
}

interface CacheMeta {
  inputs: Array<{ file: string; hash: string }>;
}

/** Content, not mtime: two edits within the clock's resolution must not hit a stale bundle. */
function hashFile(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

async function bundle(abs: string, apiNames: string[]): Promise<{ file: string } | { diagnostics: Diagnostic[] }> {
  const cacheDir = CACHE_DIR;
  // This module's own content is part of the key: a compose-ts that bundles differently (after an
  // upgrade in place) must not reuse bundles made the old way.
  const key = createHash("sha256").update(`${abs}\0${PACKAGE_ROOT}\0${apiNames.join(",")}\0${hashFile(fileURLToPath(import.meta.url))}`).digest("hex").slice(0, 24);
  const outFile = path.join(cacheDir, `${key}.mjs`);
  const metaFile = path.join(cacheDir, `${key}.json`);
  if (isFresh(outFile, metaFile)) return { file: outFile };

  // esbuild is loaded lazily: a cache hit never pays for it.
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const result = await esbuild.build({
    entryPoints: [abs],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    outfile: outFile,
    sourcemap: "inline",
    sourcesContent: false,
    metafile: true,
    logLevel: "silent",
    define: Object.fromEntries(Object.entries(MODULE_LOCATION).map(([expr, field]) => [expr, `${LOCATION_BINDING}.${field}`])),
    plugins: [
      moduleLocation,
      {
        name: "compose-ts-self",
        setup(b) {
          b.onResolve({ filter: /^compose-ts$/ }, () => ({ path: "compose-ts", namespace: API_SLOT }));
          b.onLoad({ filter: /.*/, namespace: API_SLOT }, () => ({
            loader: "js",
            contents: [
              `const api = globalThis[Symbol.for(${JSON.stringify(API_SLOT)})];`,
              `if (!api) throw new Error("this stack is meant to be loaded by compose-ts");`,
              `export const { ${apiNames.join(", ")} } = api;`,
            ].join("\n"),
          }));
        },
      },
    ],
  }).catch((e: { errors?: import("esbuild").Message[] }) => e);

  if ("errors" in result && result.errors && result.errors.length > 0 && !("outputFiles" in result && result.outputFiles)) {
    return {
      diagnostics: result.errors.map((m) => ({
        code: Code.StackModuleError,
        severity: "error" as const,
        path: "",
        message: m.text,
        ...(m.location ? { pos: { file: path.resolve(m.location.file), line: m.location.line, col: m.location.column + 1 } } : {}),
      })),
    };
  }
  const ok = result as import("esbuild").BuildResult & { outputFiles: import("esbuild").OutputFile[] };
  const out = ok.outputFiles.find((f) => f.path.endsWith(".mjs")) ?? ok.outputFiles[0];
  if (!out) throw new Error("esbuild produced no output");
  mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const inputs = Object.keys(ok.metafile?.inputs ?? {})
    .map((f) => path.resolve(f))
    .filter((f) => existsSync(f))
    .map((f) => ({ file: f, hash: hashFile(f) }));
  // Write-then-rename: concurrent builds never import a half-written bundle.
  const tmp = `${outFile}.${process.pid}.tmp`;
  writeFileSync(tmp, out.contents);
  renameSync(tmp, outFile);
  writeFileSync(`${metaFile}.${process.pid}.tmp`, JSON.stringify({ inputs } satisfies CacheMeta));
  renameSync(`${metaFile}.${process.pid}.tmp`, metaFile);
  return { file: outFile };
}

/**
 * Bundling moves every module into one file in the cache, so `import.meta.url`/`dirname`/`filename`
 * (and CommonJS's `__dirname`/`__filename`) would name the bundle: `readFile(join(import.meta.dirname,
 * "versions.json"))` would look in the cache. `define` rewrites them to a per-module binding that this
 * plugin declares in each module that mentions them, holding that module's own location. esbuild
 * leaves an identifier the module declares itself (`const __dirname = …`) alone.
 */
const LOCATION_BINDING = "__compose_ts_module";
const MODULE_LOCATION: Record<string, "url" | "dirname" | "filename"> = {
  "import.meta.url": "url",
  "import.meta.dirname": "dirname",
  "import.meta.filename": "filename",
  __dirname: "dirname",
  __filename: "filename",
};
const LOADERS: Record<string, import("esbuild").Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };

const moduleLocation: import("esbuild").Plugin = {
  name: "compose-ts-module-location",
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]sx?$/, namespace: "file" }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!/import\.meta|__dirname|__filename/.test(text)) return undefined;
      const location = { url: pathToFileURL(args.path).href, dirname: path.dirname(args.path), filename: args.path };
      // Declared on the first line (after a `#!` line), so every other line keeps its number for
      // source maps and error positions.
      const declaration = `const ${LOCATION_BINDING} = ${JSON.stringify(location)};`;
      const shebang = /^#![^\n]*\n/.exec(text)?.[0] ?? "";
      return { contents: shebang + declaration + text.slice(shebang.length), loader: LOADERS[path.extname(args.path)] ?? "js" };
    });
  },
};

function isFresh(outFile: string, metaFile: string): boolean {
  try {
    if (!existsSync(outFile)) return false;
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as CacheMeta;
    return meta.inputs.every((i) => hashFile(i.file) === i.hash);
  } catch {
    return false;
  }
}

function fail(code: Diagnostic["code"], message: string): LoadedStack {
  return { diagnostics: [{ code, severity: "error", path: "", message }] };
}

/** An exception from the user's code, placed at the first stack frame in the user's files. */
function fromException(e: unknown, file: string): LoadedStack {
  const err = e instanceof Error ? e : new Error(String(e));
  const frame = userFrame(err.stack ?? "");
  const message = `${file} threw: ${err.message}`;
  return {
    diagnostics: [
      { code: Code.StackModuleError, severity: "error", path: "", message, ...(frame ? { pos: frame } : {}) },
    ],
  };
}

function userFrame(stack: string): { file: string; line: number; col: number } | undefined {
  for (const m of stack.matchAll(/(?:\(|at )((?:file:\/\/)?\/[^():\s]+):(\d+):(\d+)/g)) {
    const f = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    if (OWN_DIRS.some((d) => f.startsWith(d)) || f.includes(`${path.sep}node_modules${path.sep}`) || f.startsWith(CACHE_DIR)) continue;
    return { file: f, line: Number(m[2]), col: Number(m[3]) };
  }
  return undefined;
}
