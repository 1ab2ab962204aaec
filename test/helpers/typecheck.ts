import path from "node:path";
import ts from "typescript";
import { ROOT } from "./paths.js";

/**
 * Type-checks stacks against the DSL the way a user's editor does (`strict`, `compose-ts`
 * resolving to this repository's sources), all in one program: the DSL's types are checked once.
 * Returns the error messages per file (files without errors are absent).
 */
export function typeCheckStacks(files: string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    typeRoots: [path.join(ROOT, "node_modules/@types")],
    paths: { "compose-ts": [path.join(ROOT, "src/index.ts")] },
  };
  const program = ts.createProgram(files, options);
  const wanted = new Set(files.map((f) => path.resolve(f)));
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.resolve(d.file.fileName) : "";
    // Errors inside compose-ts itself are not the generated file's (and are caught elsewhere).
    if (d.file && !wanted.has(file)) continue;
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const msg = `${where ? `${where.line + 1}:${where.character + 1} ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    out.set(file, [...(out.get(file) ?? []), msg]);
  }
  return out;
}
