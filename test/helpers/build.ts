import path from "node:path";
import { loadInput } from "../../src/cli/input.js";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { emitComposeYaml } from "../../src/emit/compose-yaml.js";
import type { Project } from "../../src/model/index.js";

export interface Built {
  model?: Project;
  yaml?: string;
  diagnostics: Diagnostic[];
}

/** What `compose-ts build <file>` would write, computed in-process. */
export async function buildFile(file: string, opts: { outDir?: string; projectName?: string } = {}): Promise<Built> {
  const outDir = opts.outDir ?? path.dirname(file);
  const r = await loadInput([file], { outDir, ...(opts.projectName ? { projectName: opts.projectName } : {}) });
  if (!r.model) return { diagnostics: r.diagnostics };
  const source = path.relative(outDir, file).split(path.sep).join("/");
  return { model: r.model, yaml: emitComposeYaml(r.model, { source }), diagnostics: r.diagnostics };
}

export function errorsOf(diagnostics: Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.path}: ${d.message}`);
}
