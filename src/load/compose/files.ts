import { readFileSync } from "node:fs";
import * as nodePath from "node:path";
import {
  Code,
  type Diagnostic,
  type DiagnosticCode,
  type PathSegment,
  type SourcePos,
  didYouMean,
  formatPath,
} from "../../diagnostics/index.js";
import { parseDotenv } from "../dotenv.js";
import { Override, mergeComposeDocuments } from "../../normalize/merge.js";
import { isPlainObject, setOwn } from "../../util/values.js";
import { applyIncludeEnv } from "../../normalize/rules/interpolation.js";
import { looksLikeSecretName } from "../../normalize/rules/secret-name.js";
import { rebaseDocument, rebaseService } from "./rebase.js";
import { type PositionIndex, pathKey } from "./positions.js";
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

type Obj = Record<string, unknown>;

const RESOURCE_KINDS = ["services", "volumes", "networks", "secrets", "configs", "models"] as const;

export function loadComposeFiles(files: string[], opts: LoadComposeOptions = {}): LoadedCompose {
  const loader = new Loader(opts.readFile ?? ((p) => readFileSync(p, "utf8")));
  const topPositions: PositionIndex[] = [];
  let document: Obj | undefined;
  if (files.length === 0) {
    loader.report(Code.LoadFailed, [], "no compose file given");
  } else {
    const projectDir = opts.projectDir ?? nodePath.dirname(files[0]!);
    document = loader.loadProject(files, projectDir, [], topPositions);
    if (document !== undefined && Object.keys(document).length === 0 && !loader.hasErrors()) {
      loader.report(Code.YamlSyntax, [], "empty compose file", { file: files[0]!, line: 1, col: 1 });
    }
  }
  const hasErrors = loader.hasErrors();
  return {
    document: hasErrors ? undefined : document,
    diagnostics: loader.diagnostics,
    positions: loader.positions,
    locate: (segments) => locate(topPositions, segments),
  };
}

/**
 * A TypeScript stack's own `include` and `extends` (same stack, or `file:` a compose file),
 * resolved exactly as they would be in a compose file that sat where the stack is.
 */
export function resolveStackDocument(
  doc: Record<string, unknown>,
  file: string,
  opts: { readFile?: (p: string) => string } = {},
): { document?: Record<string, unknown>; diagnostics: Diagnostic[] } {
  if (doc.include === undefined && !hasExtends(doc.services)) return { document: doc, diagnostics: [] };
  const loader = new Loader(opts.readFile ?? ((p) => readFileSync(p, "utf8")));
  const cfg = structuredCloneCompose(doc) as Obj;
  loader.resolveDocument(cfg, file, nodePath.dirname(file));
  return { ...(loader.hasErrors() ? {} : { document: cfg }), diagnostics: loader.diagnostics };
}

function hasExtends(services: unknown): boolean {
  return isPlainObject(services) && Object.values(services).some((s) => isPlainObject(s) && s.extends !== undefined);
}

/** The deepest match wins; between equals, the later file (whose value won the merge). */
function locate(indexes: PositionIndex[], segments: readonly PathSegment[]): SourcePos | undefined {
  let best: SourcePos | undefined;
  let bestDepth = -1;
  for (const index of indexes) {
    for (let n = segments.length; n > bestDepth - 1 && n >= 0; n--) {
      const k = pathKey(segments.slice(0, n));
      const pos = index.values.get(k) ?? index.keys.get(k);
      if (pos) {
        if (n >= bestDepth) {
          best = { file: index.file, ...pos };
          bestDepth = n;
        }
        break;
      }
    }
  }
  return best;
}

interface Link {
  id: string;
  file: string;
  name: string;
}

interface ParsedFile {
  value: Obj | undefined;
  positions: PositionIndex;
}

/** One file's services while their `extends` are resolved. */
interface Scope {
  file: string;
  id: string;
  services: Obj;
  positions: PositionIndex;
  resolved: Map<string, unknown>;
  /** The services are not this file's own: they are being extended from elsewhere. */
  foreign: boolean;
}

class Loader {
  readonly diagnostics: Diagnostic[] = [];
  readonly positions: PositionIndex[] = [];
  private readonly cache = new Map<string, ParsedFile | undefined>();
  private readonly scopes = new Map<string, Scope | undefined>();

  constructor(private readonly read: (p: string) => string) {}

  report(code: DiagnosticCode, path: readonly PathSegment[], message: string, pos?: SourcePos, severity: Diagnostic["severity"] = "error"): void {
    this.diagnostics.push({ code, severity, path: formatPath(path), message, ...(pos ? { pos } : {}) });
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === "error");
  }

  /** Parses a file once; every caller gets its own deep copy of the value. */
  parse(file: string, referencedFrom?: { pos: SourcePos | undefined; path: PathSegment[] }): ParsedFile | undefined {
    const id = nodePath.resolve(file);
    if (!this.cache.has(id)) {
      let text: string | undefined;
      try {
        text = this.read(file);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
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
  resolveDocument(cfg: Obj, file: string, projectDir: string): Obj {
    const here = { file, positions: { file, values: new Map(), keys: new Map() } as PositionIndex };
    this.applyInclude(cfg, here, projectDir, [nodePath.resolve(file)], []);
    this.applyExtends(cfg, here, projectDir);
    return cfg;
  }

  /** Loads `files` as one project: each file gets its includes and extends, then is merged on. */
  loadProject(files: string[], projectDir: string, chain: string[], positionsOut: PositionIndex[]): Obj | undefined {
    let dict: Obj = {};
    for (const file of files) {
      const parsed = this.parse(file);
      if (!parsed?.value) continue;
      const cfg = parsed.value;
      const here = { file, positions: parsed.positions };
      this.applyInclude(cfg, here, projectDir, [...chain, nodePath.resolve(file)], positionsOut);
      // After the included files, so that a tie in `locate` goes to the including file.
      positionsOut.push(parsed.positions);
      this.applyExtends(cfg, here, projectDir);
      dict = mergeComposeDocuments(dict, cfg) as Obj;
      if (Object.hasOwn(cfg, "version")) {
        this.report(
          Code.Deprecated,
          ["version"],
          "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
          posOf(here, ["version"]),
          "warning",
        );
        delete dict.version;
      }
    }
    return dict;
  }

  // ---------------------------------------------------------------------------------------------
  // include (loader/include.go)

  private applyInclude(
    cfg: Obj,
    here: { file: string; positions: PositionIndex },
    projectDir: string,
    chain: string[],
    positionsOut: PositionIndex[],
  ): void {
    const raw = cfg.include;
    if (raw === undefined) return;
    delete cfg.include;
    if (raw === null) return;
    if (!Array.isArray(raw)) {
      this.report(Code.InvalidType, ["include"], "`include` must be a list", posOf(here, ["include"]));
      return;
    }
    raw.forEach((entry, i) => {
      const at: PathSegment[] = ["include", i];
      const spec = typeof entry === "string" ? { path: entry } : entry;
      if (!isPlainObject(spec)) {
        this.report(Code.InvalidType, at, "an include must be a path or a mapping with `path`", posOf(here, at));
        return;
      }
      const paths = typeof spec.path === "string" ? [spec.path] : Array.isArray(spec.path) ? spec.path : undefined;
      if (!paths || paths.length === 0 || !paths.every((p): p is string => typeof p === "string")) {
        this.report(Code.MissingKey, [...at, "path"], "an include needs `path`: a file or a list of files", posOf(here, at));
        return;
      }
      const files = paths.map((p) => joinPath(projectDir, p));
      const includedDir =
        typeof spec.project_directory === "string" ? joinPath(projectDir, spec.project_directory) : nodePath.dirname(files[0]!);

      const first = nodePath.resolve(files[0]!);
      if (chain.includes(first)) {
        const names = [...chain, first].map((f) => displayPath(f));
        this.report(
          Code.ComposeFileReference,
          at,
          `include cycle detected: ${names[0]} include ${names.slice(1).join(" include ")}`,
          posOf(here, at),
        );
        return;
      }
      const env = this.includeEnv(spec.env_file, at, here, projectDir, includedDir);
      if (!env) return;
      for (const f of files) {
        if (!this.cache.has(nodePath.resolve(f))) this.parse(f, { pos: posOf(here, at), path: at });
      }
      const imported = this.loadProject(files, includedDir, chain, positionsOut);
      if (!imported) return;
      // Before the rebase, which leaves `$`-led paths alone either way.
      this.carryIncludeEnv(imported, env, at, here);
      rebaseDocument(imported, relativeDir(projectDir, includedDir), { defaultBuildContext: true });
      importResources(imported, cfg);
    });
  }

  /**
   * The variables an include defines for itself, as Compose templates, in file order: its
   * `env_file` entries (relative to the including project; missing ones are errors, as in
   * compose-go), or else the `.env` of its project directory when there is one.
   * Undefined after an error.
   */
  private includeEnv(
    envFile: unknown,
    at: PathSegment[],
    here: { file: string; positions: PositionIndex },
    projectDir: string,
    includedDir: string,
  ): Map<string, string> | undefined {
    const texts: { file: string; text: string }[] = [];
    if (envFile === undefined || envFile === null) {
      const file = nodePath.join(includedDir, ".env");
      try {
        texts.push({ file, text: this.read(file) });
      } catch {
        // No `.env` beside the included project: nothing to add.
      }
    } else {
      const listed = typeof envFile === "string" ? [envFile] : envFile;
      if (!Array.isArray(listed) || !listed.every((f): f is string => typeof f === "string")) {
        this.report(Code.InvalidType, [...at, "env_file"], "include env_file must be a path or a list of paths", posOf(here, [...at, "env_file"]));
        return undefined;
      }
      for (const f of listed) {
        if (f === "/dev/null") continue;
        const file = joinPath(projectDir, f);
        try {
          texts.push({ file, text: this.read(file) });
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          this.report(Code.ComposeFileReference, [...at, "env_file"], `couldn't find env file: ${file} (${why})`, posOf(here, [...at, "env_file"]));
          return undefined;
        }
      }
    }
    const env = new Map<string, string>();
    for (const { file, text } of texts) {
      const parsed = parseDotenv(text, file);
      this.diagnostics.push(...parsed.diagnostics);
      // A value may use the ones before it, with the parent's environment first (dotenv/env.go).
      for (const [k, raw] of parsed.values) {
        const r = applyIncludeEnv(raw, env);
        this.warnLostOverrides(r, [...at, "env_file"], posOf(here, at), `the value of ${k} in ${file}`);
        env.set(k, r.value);
      }
    }
    return env;
  }

  /** Rewrites every string value (never a key) of an included document for the include's env. */
  private carryIncludeEnv(doc: Obj, env: Map<string, string>, at: PathSegment[], here: { file: string; positions: PositionIndex }): void {
    if (env.size === 0) return;
    const pos = posOf(here, at);
    const warnedSecrets = new Set<string>();
    const walk = (v: unknown, path: PathSegment[]): unknown => {
      if (typeof v === "string") {
        const r = applyIncludeEnv(v, env);
        this.warnLostOverrides(r, path, pos, formatPath(path));
        if (r.value !== v) this.warnSecretDefaults(v, env, warnedSecrets, path, pos);
        return r.value;
      }
      if (v instanceof Override) return new Override(walk(v.value, path));
      if (Array.isArray(v)) return v.map((e, i) => walk(e, [...path, i]));
      if (isPlainObject(v)) {
        for (const [k, e] of Object.entries(v)) setOwn(v, k, walk(e, [...path, k]));
      }
      return v;
    };
    // Only resources are imported; what else the included file says is dropped.
    for (const kind of RESOURCE_KINDS) if (Object.hasOwn(doc, kind)) doc[kind] = walk(doc[kind], [kind]);
  }

  /**
   * The include's values become defaults written into the output, which is usually committed:
   * say so when one looks like a secret (the parent's own .env is never written out).
   */
  private warnSecretDefaults(v: string, env: Map<string, string>, warned: Set<string>, path: PathSegment[], pos: SourcePos | undefined): void {
    for (const [k, value] of env) {
      if (warned.has(k) || value === "" || !looksLikeSecretName(k) || !v.includes(k)) continue;
      warned.add(k);
      this.report(
        Code.SecretExposure,
        path,
        `${k} from the included project's env file is written into the output as a default value; keep secrets in the parent's .env or use secrets:`,
        pos,
        "warning",
      );
    }
  }

  private warnLostOverrides(
    r: { pinned: string[]; unexpressed: string[] },
    path: PathSegment[],
    pos: SourcePos | undefined,
    what: string,
  ): void {
    for (const v of r.pinned) {
      this.report(
        Code.NotExpressible,
        path,
        `the included project's value of ${v} cannot be written as a \${${v}-…} default (it contains "}", "{" or a line break), so it is written into ${what} as is: setting ${v} in the environment no longer changes it`,
        pos,
        "warning",
      );
    }
    for (const v of r.unexpressed) {
      this.report(
        Code.NotExpressible,
        path,
        `the included project's value of ${v} cannot be written inside another \${…} expression (it contains "}", "{" or a line break), so ${what} keeps \${${v}}, which takes its value from the environment only`,
        pos,
        "warning",
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // extends (loader/extends.go)

  private applyExtends(cfg: Obj, here: { file: string; positions: PositionIndex }, projectDir: string): void {
    if (!isPlainObject(cfg.services)) return;
    const scope: Scope = {
      file: here.file,
      id: nodePath.resolve(here.file),
      services: cfg.services,
      positions: here.positions,
      resolved: new Map(),
      foreign: false,
    };
    for (const name of Object.keys(cfg.services)) this.resolveService(name, scope, projectDir, []);
  }

  /** The service with its `extends` applied; undefined after an error. */
  private resolveService(name: string, scope: Scope, projectDir: string, chain: Link[]): unknown {
    const service = scope.services[name];
    if (!isPlainObject(service) || service.extends === undefined) return service;
    if (scope.resolved.has(name)) return scope.resolved.get(name);
    const result = this.extendService(name, service, scope, projectDir, chain);
    // Failures are remembered too, so that one broken chain is reported once.
    scope.resolved.set(name, result);
    return result;
  }

  private extendService(name: string, service: Obj, scope: Scope, projectDir: string, chain: Link[]): unknown {

    const at: PathSegment[] = ["services", name, "extends"];
    const pos = posOf(scope, at);
    const ext = service.extends;
    let ref: string;
    let file: string | undefined;
    if (typeof ext === "string") ref = ext;
    else if (isPlainObject(ext)) {
      if (typeof ext.service !== "string") {
        this.report(Code.ComposeFileReference, [...at, "service"], `extends.${name}.service is required`, pos);
        return undefined;
      }
      ref = ext.service;
      if (ext.file !== undefined && ext.file !== null) {
        if (typeof ext.file !== "string") {
          this.report(Code.InvalidType, [...at, "file"], "extends.file must be a string", pos);
          return undefined;
        }
        file = ext.file;
      }
    } else {
      this.report(Code.InvalidType, at, "extends must be a service name or a mapping with `service`", pos);
      return undefined;
    }

    const me = { id: scope.id, file: scope.file, name };
    if (chain.some((c) => c.id === me.id && c.name === name)) {
      const lines = ["Circular reference:", `  ${chain[0]!.name} in ${chain[0]!.file}`];
      for (const c of [...chain.slice(1), me]) lines.push(`  extends ${c.name} in ${c.file}`);
      this.report(Code.ComposeFileReference, at, lines.join("\n"), pos);
      return undefined;
    }

    let target = scope;
    if (file !== undefined) {
      const t = this.extendsScope(joinPath(projectDir, file), projectDir, { pos, path: at });
      if (!t) return undefined;
      if (!Object.hasOwn(t.services, ref)) {
        this.report(
          Code.ComposeFileReference,
          at,
          `cannot extend service "${name}" in ${scope.file}: service "${ref}" not found in ${file}`,
          pos,
        );
        return undefined;
      }
      target = t;
    } else if (!Object.hasOwn(scope.services, ref)) {
      this.report(
        Code.ComposeFileReference,
        at,
        `cannot extend service "${name}" in ${scope.file}: service "${ref}" not found${didYouMean(ref, Object.keys(scope.services))}`,
        pos,
      );
      return undefined;
    }

    const base = this.resolveService(ref, target, projectDir, [...chain, me]);
    if (base === undefined) return undefined;
    const own: Obj = { ...service };
    delete own.extends;
    let merged: unknown = own;
    if (base !== null) {
      const out = mergeComposeDocuments(
        { services: { [name]: structuredCloneCompose(base) } },
        { services: { [name]: own } },
        // The extending file's own !reset/!override still apply to earlier -f files.
        { keepMarkers: !scope.foreign },
      ) as { services: Obj };
      merged = out.services[name];
    }
    setOwn(scope.services, name, merged);
    return merged;
  }

  /** Another file's services, with paths rebased onto the project directory. Cached per file. */
  private extendsScope(file: string, projectDir: string, from: { pos: SourcePos | undefined; path: PathSegment[] }): Scope | undefined {
    const id = nodePath.resolve(file);
    if (this.scopes.has(id)) return this.scopes.get(id);
    const parsed = this.parse(file, from);
    let scope: Scope | undefined;
    if (parsed?.value) {
      const services = parsed.value.services;
      if (!isPlainObject(services)) {
        this.report(Code.ComposeFileReference, from.path, `cannot extend from ${file}: no services section`, from.pos);
      } else {
        const relDir = relativeDir(projectDir, nodePath.dirname(file));
        for (const s of Object.values(services)) rebaseService(s, relDir);
        scope = { file, id, services, positions: parsed.positions, resolved: new Map(), foreign: true };
      }
    }
    this.scopes.set(id, scope);
    return scope;
  }
}

/** Included resources are copied in; a local definition with the same name is merged over them. */
function importResources(imported: Obj, cfg: Obj): void {
  for (const kind of RESOURCE_KINDS) {
    const from = imported[kind];
    if (!isPlainObject(from)) continue;
    const to: Obj = isPlainObject(cfg[kind]) ? cfg[kind] : {};
    for (const [name, def] of Object.entries(from)) {
      if (!Object.hasOwn(to, name)) {
        setOwn(to, name, def);
        continue;
      }
      const out = mergeComposeDocuments({ [kind]: { [name]: def } }, { [kind]: { [name]: to[name] } }, { keepMarkers: true }) as Record<
        string,
        Obj
      >;
      setOwn(to, name, out[kind]?.[name]);
    }
    cfg[kind] = to;
  }
}

function posOf(where: { file: string; positions: PositionIndex }, segments: PathSegment[]): SourcePos | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const k = pathKey(segments.slice(0, n));
    const p = where.positions.values.get(k) ?? where.positions.keys.get(k);
    if (p) return { file: where.file, ...p };
  }
  return undefined;
}

function joinPath(dir: string, p: string): string {
  return nodePath.isAbsolute(p) ? p : nodePath.join(dir, p);
}

/** `to` relative to `from`, with forward slashes ("" when they are the same directory). */
function relativeDir(from: string, to: string): string {
  return nodePath.relative(nodePath.resolve(from), nodePath.resolve(to)).split(nodePath.sep).join("/");
}

function displayPath(abs: string): string {
  const rel = nodePath.relative(process.cwd(), abs);
  return rel.startsWith("..") || rel === "" ? abs : rel;
}

/** Deep copy that keeps marker instances (structuredClone would turn them into plain objects). */
function structuredCloneCompose(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneCompose);
  if (isPlainObject(v)) {
    const out: Obj = {};
    for (const [k, e] of Object.entries(v)) setOwn(out, k, structuredCloneCompose(e));
    return out;
  }
  return v;
}
