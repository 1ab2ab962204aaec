import { statSync } from "node:fs";
import path from "node:path";
import { type Command, Option } from "commander";
import type { Diagnostic } from "../diagnostics/index.js";
import { locateInStack } from "../load/locate.js";
import { type CheckerName, CheckerMissing, type TypeCheckResult, type TypeDiagnostic, typecheckStack } from "../load/typecheck.js";
import { isSupportedInput, type LoadedInput, loadInput } from "./input.js";
import type { Io } from "./output.js";
import { renderDiagnostic } from "./render.js";

interface CheckOptions {
  format: "text" | "json";
  checker: "auto" | CheckerName;
  projectName?: string;
}

/** Our diagnostics and the compiler's, side by side. */
type AnyDiagnostic = Diagnostic | TypeDiagnostic;

/** `compose-ts check <input>`: type errors and validation errors, each with file:line:col. */
export function registerCheck(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("check")
    .description("type-check a stack (and what it imports), then validate it like build; writes nothing")
    .argument("<input>", "stack.ts / .mts / .js / .mjs, or a compose YAML file")
    .addOption(new Option("--format <format>", "how to print the diagnostics").choices(["text", "json"]).default("text"))
    .addOption(
      new Option("--checker <checker>", "type checker: TypeScript's native compiler when installed, else the JS one")
        .choices(["auto", "native", "typescript"])
        .default("auto"),
    )
    .option("-p, --project-name <name>", "project name (overrides the stack's name)")
    .action(async (input: string, o: CheckOptions) => {
      setExit(await check(input, o, io));
    });
}

async function check(input: string, o: CheckOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, input);
  if (!isSupportedInput(file)) {
    io.stderr(`error: unsupported input ${input}: expected a .ts, .mts, .js, .mjs, .yml or .yaml file\n`);
    return 2;
  }
  const isYaml = /\.ya?ml$/.test(file);
  // Nothing to type-check in a file that is not there: loading it says so, once.
  const readable = statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  let types: TypeCheckResult | undefined;
  let loaded: LoadedInput;
  try {
    [types, loaded] = await Promise.all([
      isYaml || !readable ? undefined : typecheckStack(file, o.checker === "auto" ? {} : { checker: o.checker }),
      loadInput([file], o.projectName !== undefined ? { projectName: o.projectName } : {}),
    ]);
  } catch (e) {
    if (!(e instanceof CheckerMissing)) throw e;
    io.stderr(`error: ${e.message}\n`);
    return 2;
  }
  const validation = isYaml ? loaded.diagnostics : await locateInStack(file, loaded.diagnostics);
  const diagnostics = merge(types?.diagnostics ?? [], validation);

  if (o.format === "json") {
    io.stdout(JSON.stringify(diagnostics.map((d) => toJson(d, io.cwd)), null, 2) + "\n");
  } else {
    // The compiler's codes are not ours, but the rendering reads the code as text only.
    for (const d of diagnostics) io.stderr(renderDiagnostic(d as Diagnostic, file, io.cwd) + "\n");
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    const warnings = diagnostics.length - errors;
    const shown = path.relative(io.cwd, file) || file;
    const by = types ? ` (types checked by ${types.checker === "native" ? "TypeScript native" : "TypeScript"})` : "";
    io.stderr(`${shown}: ${errors === 0 ? "ok" : plural(errors, "error")}${warnings > 0 ? `, ${plural(warnings, "warning")}` : ""}${by}\n`);
  }
  return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

/**
 * A misspelt reference is both a type error and a validation error at the same spot; ours
 * names the path and suggests the right name, so the compiler's is dropped there.
 * Located diagnostics come in source order, the rest after them in the order found.
 */
function merge(types: TypeDiagnostic[], validation: Diagnostic[]): AnyDiagnostic[] {
  const key = (d: AnyDiagnostic) => (d.pos ? `${d.pos.file}:${d.pos.line}:${d.pos.col}` : "");
  const ours = new Set(validation.filter((d) => d.pos).map(key));
  const all: AnyDiagnostic[] = [...types.filter((d) => !d.pos || !ours.has(key(d))), ...validation];
  const located = all.filter((d) => d.pos);
  located.sort((a, b) => a.pos!.file.localeCompare(b.pos!.file) || a.pos!.line - b.pos!.line || a.pos!.col - b.pos!.col);
  return [...located, ...all.filter((d) => !d.pos)];
}

function toJson(d: AnyDiagnostic, cwd: string) {
  return {
    code: d.code,
    severity: d.severity,
    path: d.path,
    message: d.message,
    pos: d.pos ? { file: (path.relative(cwd, d.pos.file) || d.pos.file).split(path.sep).join("/"), line: d.pos.line, col: d.pos.col } : null,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
