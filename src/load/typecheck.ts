import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Severity, SourcePos } from "../diagnostics/index.js";

/** A TypeScript compiler error, shaped like our diagnostics; its code is TypeScript's (`TS2322`). */
export interface TypeDiagnostic {
  code: `TS${number}`;
  severity: Severity;
  /** Always empty: the compiler knows the position, not the stack path. */
  path: "";
  message: string;
  pos?: SourcePos;
}

/** `native`: TypeScript 7's Go compiler (`tsc` of `@typescript/typescript-<os>-<arch>`); `typescript`: the JS compiler (via ts-morph). */
export type CheckerName = "native" | "typescript";

export interface TypeCheckResult {
  diagnostics: TypeDiagnostic[];
  checker: CheckerName;
}

const require = createRequire(import.meta.url);
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The declarations a stack's `import "compose-ts"` is checked against: the running copy's. */
const OWN_TYPES = [path.join(PACKAGE_ROOT, "dist/index.d.ts"), path.join(PACKAGE_ROOT, "src/index.ts")].find((f) => existsSync(f))!;
/** Errors inside compose-ts itself are not the user's to fix (and, from sources, may be work in progress). */
const OWN_DIRS = [path.join(PACKAGE_ROOT, "src") + path.sep, path.join(PACKAGE_ROOT, "dist") + path.sep];

/** `--checker native` without the native compiler installed: a usage error, not a bug. */
export class CheckerMissing extends Error {
  constructor() {
    super(`TypeScript's native compiler is not installed (npm install --save-dev @typescript/typescript-${process.platform}-${process.arch}@7, or set COMPOSE_TS_TSC)`);
  }
}

/**
 * Path of TypeScript 7's native compiler, when installed: `COMPOSE_TS_TSC` wins, then the
 * platform package that the `typescript@7` package would pick. The package is used by path (it
 * declares no `bin`), so it can sit beside a `typescript@5` without taking over `tsc`.
 */
export function nativeCompiler(): string | undefined {
  const fromEnv = process.env.COMPOSE_TS_TSC;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const pkg = require.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`);
    const bin = path.join(path.dirname(pkg), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Type-checks a stack file and the files it imports, against compose-ts's own declarations,
 * with the options a bundler-resolved stack needs (the project's tsconfig is not consulted: only
 * the stack's own files are checked, and `compose-ts` must mean the running copy).
 */
export async function typecheckStack(file: string, opts: { checker?: CheckerName } = {}): Promise<TypeCheckResult> {
  const abs = path.resolve(file);
  const native = opts.checker === "typescript" ? undefined : nativeCompiler();
  if (opts.checker === "native" && !native) throw new CheckerMissing();
  const diagnostics = native ? await checkNative(native, abs) : await checkWithTsMorph(abs);
  return { diagnostics: diagnostics.filter((d) => !d.pos || !OWN_DIRS.some((dir) => d.pos!.file.startsWith(dir))), checker: native ? "native" : "typescript" };
}

function compilerOptions(file: string) {
  const js = /\.[mc]?js$/.test(file);
  const roots = typeRoots(path.dirname(file));
  return {
    strict: true,
    noEmit: true,
    target: "ES2022",
    module: "preserve",
    moduleResolution: "bundler",
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    lib: ["ES2023"],
    // As in the editor, a JavaScript file is type-checked when it opts in with `// @ts-check`:
    // without JSDoc, a helper's `{ restart: "always" }` is inferred as `string` and would be a
    // false error. Its references and keys are still validated when the stack is loaded.
    ...(js ? { allowJs: true, checkJs: false } : {}),
    paths: { "compose-ts": [OWN_TYPES] },
    typeRoots: roots,
    types: typePackages(roots),
  };
}

/** `@types` beside the stack (as its own tsconfig would see them), and ours for `process`/`node:*`. */
function typeRoots(dir: string): string[] {
  const roots: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", "@types");
    if (existsSync(candidate)) roots.push(candidate);
    if (path.dirname(d) === d) break;
  }
  const own = path.join(PACKAGE_ROOT, "node_modules", "@types");
  if (existsSync(own) && !roots.includes(own)) roots.push(own);
  return roots;
}

/**
 * Every package under the type roots, named: TypeScript 5 included them all when `types` was
 * unset, TypeScript 7 includes none (and ts-morph's host does not list them either), so without
 * this `process` or `node:fs` would be a false error under one checker and fine under the other.
 */
function typePackages(roots: string[]): string[] {
  const names = new Set<string>();
  for (const root of roots) {
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (!entry.name.startsWith(".") && (entry.isDirectory() || entry.isSymbolicLink())) names.add(entry.name);
    }
  }
  return [...names].sort();
}

async function checkNative(bin: string, file: string): Promise<TypeDiagnostic[]> {
  const config = { compilerOptions: compilerOptions(file), files: [file] };
  const dir = path.join(os.tmpdir(), `compose-ts-check-${process.getuid?.() ?? "u"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const text = JSON.stringify(config);
  const tsconfig = path.join(dir, `${createHash("sha256").update(text).digest("hex").slice(0, 24)}.json`);
  // Write-then-rename: a concurrent check never reads half a config.
  writeFileSync(`${tsconfig}.${process.pid}.tmp`, text);
  renameSync(`${tsconfig}.${process.pid}.tmp`, tsconfig);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(bin, ["-p", tsconfig, "--pretty", "false"], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) => {
      // Exit status 1/2 only says that there were errors; they are in stdout.
      if (err && typeof err.code !== "number") reject(new Error(`${bin}: ${err.message}`));
      else if (err && out.trim() === "") reject(new Error(`${bin} failed: ${errOut || err.message}`));
      else resolve(out);
    });
  });
  return parseCompilerOutput(stdout, dir);
}

/** `file(line,col): error TS2322: message`, elaborations on the following indented lines. */
export function parseCompilerOutput(stdout: string, cwd: string): TypeDiagnostic[] {
  const out: TypeDiagnostic[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^(.+?)\((\d+),(\d+)\): (error|warning) TS(\d+): (.*)$/.exec(line) ?? /^()()()(error|warning) TS(\d+): (.*)$/.exec(line);
    if (m) {
      out.push({
        code: `TS${Number(m[5])}`,
        severity: m[4] === "warning" ? "warning" : "error",
        path: "",
        message: m[6]!,
        ...(m[1] ? { pos: { file: path.resolve(cwd, m[1]), line: Number(m[2]), col: Number(m[3]) } } : {}),
      });
    } else if (/^\s+\S/.test(line) && out.length > 0) {
      out[out.length - 1]!.message += `\n${line}`;
    }
  }
  return out;
}

async function checkWithTsMorph(file: string): Promise<TypeDiagnostic[]> {
  const { Project, ts } = await import("ts-morph");
  const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions(file), path.dirname(file));
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0]!.messageText, "\n"));
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true });
  project.addSourceFileAtPath(file);
  project.resolveSourceFileDependencies();
  const program = project.getProgram().compilerObject;
  return ts.getPreEmitDiagnostics(program).map((d): TypeDiagnostic => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
    const severity = d.category === ts.DiagnosticCategory.Warning ? "warning" : "error";
    if (!d.file || d.start === undefined) return { code: `TS${d.code}`, severity, path: "", message };
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return { code: `TS${d.code}`, severity, path: "", message, pos: { file: path.resolve(d.file.fileName), line: line + 1, col: character + 1 } };
  });
}
