import * as nodePath from "node:path";
import type { Diagnostic, DiagnosticCode, PathSegment, SourcePos } from "../../diagnostics/index.js";
import { isPlainObject, setOwn } from "../../util/values.js";
import type { Lookup } from "./environment.js";
import type { PositionIndex } from "./positions.js";

/** What `include` and `extends` need from the loader that reads the files (files.ts), and helpers they share. */

export type Obj = Record<string, unknown>;

export const RESOURCE_KINDS = ["services", "volumes", "networks", "secrets", "configs", "models"] as const;

/** The file a document was read from, with its positions. */
export interface Here {
  file: string;
  positions: PositionIndex;
}

export interface ParsedFile {
  value: Obj | undefined;
  positions: PositionIndex;
}

export interface LoadContext {
  readonly diagnostics: Diagnostic[];
  /** Reads a file's text (throws when it cannot). */
  read(p: string): string;
  report(code: DiagnosticCode, path: readonly PathSegment[], message: string, pos?: SourcePos, severity?: Diagnostic["severity"]): void;
  /** Parses a file once; every caller gets its own deep copy of the value. */
  parse(file: string, referencedFrom?: { pos: SourcePos | undefined; path: PathSegment[] }): ParsedFile | undefined;
  /** Whether `parse` has seen this absolute path already. */
  isParsed(id: string): boolean;
  /** Loads `files` as one project: each file gets its includes and extends, then is merged on. */
  loadProject(files: string[], projectDir: string, chain: string[], positionsOut: PositionIndex[], env: Lookup): Obj | undefined;
  /**
   * `${VAR}` resolved in a value that must be known to read the files at all (an include path,
   * `extends.file`), as compose-go interpolates the file before applying include and extends.
   */
  resolve(value: string, path: readonly PathSegment[], pos: SourcePos | undefined, env: Lookup): string;
}

export function joinPath(dir: string, p: string): string {
  return nodePath.isAbsolute(p) ? p : nodePath.join(dir, p);
}

/** `to` relative to `from`, with forward slashes ("" when they are the same directory). */
export function relativeDir(from: string, to: string): string {
  return nodePath.relative(nodePath.resolve(from), nodePath.resolve(to)).split(nodePath.sep).join("/");
}

export function displayPath(abs: string): string {
  const rel = nodePath.relative(process.cwd(), abs);
  return rel.startsWith("..") || rel === "" ? abs : rel;
}

/** Deep copy that keeps marker instances (structuredClone would turn them into plain objects). */
export function structuredCloneCompose(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneCompose);
  if (isPlainObject(v)) {
    const out: Obj = {};
    for (const [k, e] of Object.entries(v)) setOwn(out, k, structuredCloneCompose(e));
    return out;
  }
  return v;
}
