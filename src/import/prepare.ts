import { readFileSync } from "node:fs";
import path from "node:path";
import { type Diagnostic, parsePath } from "../diagnostics/index.js";
import { normalize } from "../normalize/index.js";
import type { Project } from "../model/index.js";
import { loadComposeFiles } from "../load/compose/files.js";
import type { GenerateStackInput } from "./generate-stack.js";
import { parseComposeYaml } from "../load/compose/yaml.js";

export interface ImportOptions {
  /** Where `stack.ts` goes (names in its comments are relative to it). */
  outDir: string;
  /** `--project-name`. */
  projectName?: string;
  keepLayers?: boolean;
}

export interface PreparedImport {
  /** What `generateStack` needs; absent when the YAML is invalid (see the diagnostics). */
  input?: GenerateStackInput;
  /** The model the YAML builds to: the generated stack must build to the same. */
  model?: Project;
  diagnostics: Diagnostic[];
}

/**
 * Reads compose files for `compose-ts import`: each file as written and as resolved, and the
 * model of all of them, which must be valid — a stack is only generated from YAML that builds.
 */
export function prepareImport(files: string[], opts: ImportOptions): PreparedImport {
  const abs = files.map((f) => path.resolve(f));
  const projectDir = path.dirname(abs[0]!);
  const loaded = loadComposeFiles(abs);
  if (!loaded.document) return { diagnostics: loaded.diagnostics };
  const result = normalize(loaded.document, {
    baseDir: projectDir,
    outDir: projectDir,
    ...(opts.projectName !== undefined ? { projectName: opts.projectName } : {}),
    fallbackProjectName: path.basename(projectDir),
  });
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics.map((d) => (d.pos ? d : withPos(d, loaded.locate)))];
  if (!result.model) return { diagnostics };

  const layers = abs.map((file) => {
    const text = readFileSync(file, "utf8");
    const parsed = parseComposeYaml(text, file).value ?? {};
    const resolved = loadComposeFiles([file], { projectDir }).document ?? {};
    const name = path.relative(opts.outDir, file).split(path.sep).join("/") || path.basename(file);
    return { name, text, parsed, resolved };
  });
  // The project name travels with the stack when it would not come out the same where it lands.
  const nameNeeded = opts.projectName !== undefined || path.basename(path.resolve(opts.outDir)) !== path.basename(projectDir);
  const input: GenerateStackInput = {
    layers,
    keepLayers: opts.keepLayers === true,
    merged: loaded.document,
    ...(nameNeeded ? { projectName: result.model.name } : {}),
    ...(opts.projectName !== undefined ? { overrideName: true } : {}),
  };
  return { input, model: result.model, diagnostics };
}

function withPos(d: Diagnostic, locate: (segments: ReturnType<typeof parsePath>) => Diagnostic["pos"]): Diagnostic {
  if (d.path === "") return d;
  const pos = locate(parsePath(d.path));
  return pos ? { ...d, pos } : d;
}
