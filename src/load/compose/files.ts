import * as nodePath from "node:path";
import { Code, type Diagnostic, type DiagnosticCode, type PathSegment, type SourcePos, Diagnostics, formatPath } from "../../diagnostics/index.js";
import { mergeComposeDocuments } from "../../normalize/merge.js";
import { interpolate } from "../../normalize/rules/interpolation.js";
import { isPlainObject } from "../../util/values.js";
import { type Lookup, projectEnvironment } from "./environment.js";
import { type Here, type LoadContext, type Obj, type ParsedFile, structuredCloneCompose } from "./context.js";
import { Extends } from "./extends.js";
import { Includes } from "./include.js";
import { type PositionIndex, locateInFiles, positionIn } from "./positions.js";
import { InvalidEncoding, readComposeText } from "./text.js";
import { parseComposeYaml } from "./yaml.js";

/**
 * `-f a.yml -f b.yml` → one raw compose document, as compose-go's loader builds it before
 * normalization (loader/loader.go `loadYamlFile`): per file `include`, then `extends`, then merge
 * onto the previous files. Values are not interpolated and paths stay relative to the project
 * directory; paths read from other directories are rebased onto it.
 */

export interface LoadComposeOptions {
  /** Defaults to reading from disk. Receives paths joined from the given files (not made absolute). */
  readFile?: (p: string) => string;
  /** The directory relative paths are resolved against. Defaults to the first file's directory. */
  projectDir?: string;
  /**
   * Env files for the variables that `include` paths and `extends.file` are resolved with
   * (`--env-file`); default: `.env` in the project directory. The process environment wins.
   */
  envFiles?: string[];
  /** Defaults to `process.env`. */
  processEnv?: NodeJS.ProcessEnv;
}

export interface LoadedCompose {
  /** The merged document; undefined when there are errors. */
  document: Record<string, unknown> | undefined;
  diagnostics: Diagnostic[];
  /** Position indexes of every file read, in load order. */
  positions: PositionIndex[];
  /** The best-known source position for a path of the merged document. */
  locate(segments: readonly PathSegment[]): SourcePos | undefined;
}

export function loadComposeFiles(files: string[], opts: LoadComposeOptions = {}): LoadedCompose {
  const loader = new Loader(opts.readFile ?? readComposeText);
  const topPositions: PositionIndex[] = [];
  let document: Obj | undefined;
  if (files.length === 0) {
    loader.report(Code.LoadFailed, [], "no compose file given");
  } else {
    const projectDir = opts.projectDir ?? nodePath.dirname(files[0]!);
    document = loader.loadProject(files, projectDir, [], topPositions, loader.projectEnv(projectDir, opts));
    if (document !== undefined && Object.keys(document).length === 0 && !loader.hasErrors()) {
      loader.report(Code.YamlSyntax, [], "empty compose file", { file: files[0]!, line: 1, col: 1 });
    }
  }
  const hasErrors = loader.hasErrors();
  return {
    document: hasErrors ? undefined : document,
    diagnostics: loader.diagnostics,
    positions: loader.positions,
    locate: (segments) => locateInFiles(topPositions, segments),
  };
}

/**
 * A TypeScript stack's own `include` and `extends` (same stack, or `file:` a compose file),
 * resolved exactly as they would be in a compose file that sat where the stack is.
 */
export function resolveStackDocument(
  doc: Record<string, unknown>,
  file: string,
  opts: { readFile?: (p: string) => string; envFiles?: string[]; processEnv?: NodeJS.ProcessEnv } = {},
): { document?: Record<string, unknown>; diagnostics: Diagnostic[] } {
  if (doc.include === undefined && !hasExtends(doc.services)) return { document: doc, diagnostics: [] };
  const loader = new Loader(opts.readFile ?? readComposeText);
  const cfg = structuredCloneCompose(doc) as Obj;
  loader.resolveDocument(cfg, file, nodePath.dirname(file), loader.projectEnv(nodePath.dirname(file), opts));
  return { ...(loader.hasErrors() ? {} : { document: cfg }), diagnostics: loader.diagnostics };
}

function hasExtends(services: unknown): boolean {
  return isPlainObject(services) && Object.values(services).some((s) => isPlainObject(s) && s.extends !== undefined);
}

class Loader implements LoadContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly positions: PositionIndex[] = [];
  private readonly cache = new Map<string, ParsedFile | undefined>();
  private readonly includes: Includes = new Includes(this);
  private readonly extends: Extends = new Extends(this);

  constructor(readonly read: (p: string) => string) {}

  report(code: DiagnosticCode, path: readonly PathSegment[], message: string, pos?: SourcePos, severity: Diagnostic["severity"] = "error"): void {
    this.diagnostics.push({ code, severity, path: formatPath(path), message, ...(pos ? { pos } : {}) });
  }

  /** The project's variables, read on first use (most files never need them). */
  projectEnv(projectDir: string, opts: { envFiles?: string[]; processEnv?: NodeJS.ProcessEnv }): Lookup {
    let lookup: Lookup | undefined;
    return (name) => {
      lookup ??= projectEnvironment(
        { ...(opts.envFiles ? { files: opts.envFiles } : {}), defaultFile: nodePath.join(projectDir, ".env") },
        this.read,
        (message) => this.report(Code.LoadFailed, [], message),
        opts.processEnv,
      );
      return lookup(name);
    };
  }

  resolve(value: string, path: readonly PathSegment[], pos: SourcePos | undefined, env: Lookup): string {
    const d = new Diagnostics();
    const out = interpolate(value, env, path, d);
    for (const x of d.items) this.diagnostics.push({ ...x, ...(pos ? { pos } : {}) });
    return out;
  }

  isParsed(id: string): boolean {
    return this.cache.has(id);
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }

  parse(file: string, referencedFrom?: { pos: SourcePos | undefined; path: PathSegment[] }): ParsedFile | undefined {
    const id = nodePath.resolve(file);
    if (!this.cache.has(id)) {
      let text: string | undefined;
      try {
        text = this.read(file);
      } catch (e) {
        if (e instanceof InvalidEncoding) {
          this.report(Code.YamlSyntax, [], e.message, { file, ...e.at });
          this.cache.set(id, undefined);
          return undefined;
        }
        const why = readProblem(e);
        if (referencedFrom) {
          this.report(Code.ComposeFileReference, referencedFrom.path, `cannot read ${file}: ${why}`, referencedFrom.pos);
        } else this.report(Code.LoadFailed, [], `cannot read ${file}: ${why}`);
        this.cache.set(id, undefined);
        return undefined;
      }
      const parsed = parseComposeYaml(text, file);
      this.diagnostics.push(...parsed.diagnostics);
      this.positions.push(parsed.positions);
      this.cache.set(id, { value: parsed.value, positions: parsed.positions });
    }
    const hit = this.cache.get(id);
    if (!hit) return undefined;
    return { value: structuredCloneCompose(hit.value) as Obj | undefined, positions: hit.positions };
  }

  /** A document that did not come from YAML (a TypeScript stack): its includes and extends. */
  resolveDocument(cfg: Obj, file: string, projectDir: string, env: Lookup): Obj {
    const here: Here = { file, positions: { file, values: new Map(), keys: new Map() } };
    this.includes.apply(cfg, here, projectDir, [nodePath.resolve(file)], [], env);
    this.extends.apply(cfg, here, projectDir, env);
    return cfg;
  }

  loadProject(files: string[], projectDir: string, chain: string[], positionsOut: PositionIndex[], env: Lookup): Obj | undefined {
    let dict: Obj = {};
    for (const file of files) {
      const parsed = this.parse(file);
      if (!parsed?.value) continue;
      const cfg = parsed.value;
      const here: Here = { file, positions: parsed.positions };
      this.includes.apply(cfg, here, projectDir, [...chain, nodePath.resolve(file)], positionsOut, env);
      // After the included files, so that a tie in `locate` goes to the including file.
      positionsOut.push(parsed.positions);
      this.extends.apply(cfg, here, projectDir, env);
      dict = mergeComposeDocuments(dict, cfg) as Obj;
      if (Object.hasOwn(cfg, "version")) {
        this.report(
          Code.Deprecated,
          ["version"],
          "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
          positionIn(here, ["version"]),
          "warning",
        );
        delete dict.version;
      }
    }
    return dict;
  }
}

/** Why a file could not be read, in words (not Node's `ENOENT: …, open '…'`). */
function readProblem(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return e instanceof Error ? e.message : String(e);
}
