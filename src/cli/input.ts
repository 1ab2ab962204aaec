import path from "node:path";
import { readFileSync } from "node:fs";
import { Code, type Diagnostic, Diagnostics } from "../diagnostics/index.js";
import { loadStack } from "../load/load-stack.js";
import { locateInStack } from "../load/locate.js";
import { isRecord } from "../util/values.js";
import { type NormalizeResult, normalize } from "../normalize/index.js";
import { toPlainData } from "../normalize/plain-data.js";

export interface InputOptions {
  projectName?: string;
  /** Where the output goes; relative paths in the stack are rebased onto it. */
  outDir?: string;
  /** `--env-file`s (absolute): the variables `include` paths and `extends.file` are resolved with, instead of `.env`. */
  envFiles?: string[];
  /** `--interpolate`: resolve every `${VAR}` before normalizing, as `docker compose config` does. */
  interpolate?: boolean;
}

export interface LoadedInput extends NormalizeResult {
  /** The main input file, absolute. */
  file: string;
  /**
   * Places later diagnostics about the model (an emitter's) at the file, line and column the
   * value was written at — in the `-f` file it came from, for YAML.
   */
  place(diagnostics: Diagnostic[]): Promise<Diagnostic[]>;
}

const TS_INPUT = /\.(ts|mts|cts|js|mjs|cjs)$/;
const YAML_INPUT = /\.ya?ml$/;

export function isSupportedInput(file: string): boolean {
  return TS_INPUT.test(file) || YAML_INPUT.test(file);
}

/** Reads a stack (TypeScript/JavaScript module or compose YAML) and normalizes it. */
export async function loadInput(files: string[], opts: InputOptions): Promise<LoadedInput> {
  const file = path.resolve(files[0]!);
  const baseDir = path.dirname(file);
  let value: unknown;
  let early: Diagnostic[];
  let locate = (d: Diagnostic) => d;
  if (YAML_INPUT.test(file)) {
    const { loadComposeInput } = await import("../load/compose/input.js");
    ({ value, diagnostics: early, locate } = loadComposeInput(files.map((f) => path.resolve(f)), opts.envFiles ? { envFiles: opts.envFiles } : {}));
  } else {
    ({ value, diagnostics: early } = await loadStack(file));
    // Snapshot the exported value as plain data first: no cycles, functions or getters past here.
    const plain = toPlainData(value);
    value = plain.value;
    early = [...early, ...plain.diagnostics];
    if (isRecord(value) && !early.some((d) => d.severity === "error")) {
      // A stack may `extends` its own services or compose files, and `include` compose files.
      const { resolveStackDocument } = await import("../load/compose/files.js");
      const resolved = resolveStackDocument(value, file, opts.envFiles ? { envFiles: opts.envFiles } : {});
      value = resolved.document;
      early = [...early, ...resolved.diagnostics];
    }
  }
  const isYaml = YAML_INPUT.test(file);
  // Placing errors in a TypeScript stack loads ts-morph: only when there is an error to place.
  const place = async (ds: Diagnostic[]): Promise<Diagnostic[]> =>
    isYaml ? ds.map(locate) : ds.some((d) => d.severity === "error") ? locateInStack(file, ds) : ds;
  if (value === undefined || early.some((d) => d.severity === "error")) return { file, diagnostics: early, place };
  if (opts.interpolate) {
    const { interpolateDocument, projectEnvironment } = await import("../load/compose/environment.js");
    const d = new Diagnostics();
    const files = opts.envFiles ? { files: opts.envFiles } : { defaultFile: path.join(baseDir, ".env") };
    const env = projectEnvironment(files, (p) => readFileSync(p, "utf8"), (message) => d.error(Code.LoadFailed, "", message));
    value = interpolateDocument(value, env, d);
    early = [...early, ...d.items];
    if (d.hasErrors()) return { file, diagnostics: await place(early), place };
  }
  const result = normalize(value, {
    baseDir,
    outDir: opts.outDir ?? baseDir,
    ...(opts.projectName !== undefined ? { projectName: opts.projectName } : {}),
    fallbackProjectName: path.basename(baseDir),
  });
  const diagnostics = await place([...early, ...result.diagnostics]);
  return { ...result, file, diagnostics, place };
}
