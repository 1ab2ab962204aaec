import * as nodePath from "node:path";
import { Code, type PathSegment, type SourcePos, formatPath } from "../../diagnostics/index.js";
import { Override, mergeComposeDocuments } from "../../normalize/merge.js";
import { applyIncludeEnv } from "../../normalize/rules/interpolation.js";
import { looksLikeSecretName } from "../../normalize/rules/secret-name.js";
import { isPlainObject, setOwn } from "../../util/values.js";
import { parseDotenv } from "../dotenv.js";
import { type Here, type LoadContext, type Obj, RESOURCE_KINDS, displayPath, joinPath, relativeDir } from "./context.js";
import { type Lookup, withIncludeEnv } from "./environment.js";
import { type PositionIndex, positionIn } from "./positions.js";
import { rebaseDocument } from "./rebase.js";

/**
 * `include` (compose-go loader/include.go): each entry is loaded as its own project (its own
 * directory and env file), its paths rebased onto the including project, and its resources
 * copied in. Variables the included project defines for itself are carried as `${VAR-default}`.
 */
export class Includes {
  constructor(private readonly loader: LoadContext) {}

  /** Resolves `cfg.include` (and removes it): the included projects' resources are added to `cfg`. */
  apply(
    cfg: Obj,
    here: Here,
    projectDir: string,
    chain: string[],
    positionsOut: PositionIndex[],
    env: Lookup,
  ): void {
    const raw = cfg.include;
    if (raw === undefined) return;
    delete cfg.include;
    if (raw === null) return;
    if (!Array.isArray(raw)) {
      this.loader.report(Code.InvalidType, ["include"], "`include` must be a list", positionIn(here, ["include"]));
      return;
    }
    raw.forEach((entry, i) => {
      const at: PathSegment[] = ["include", i];
      const given = typeof entry === "string" ? { path: entry } : entry;
      if (!isPlainObject(given)) {
        this.loader.report(Code.InvalidType, at, "an include must be a path or a mapping with `path`", positionIn(here, at));
        return;
      }
      const spec = this.resolveSpec(given, typeof entry === "string" ? at : undefined, at, here, env);
      const paths = typeof spec.path === "string" ? [spec.path] : Array.isArray(spec.path) ? spec.path : undefined;
      if (!paths || paths.length === 0 || !paths.every((p): p is string => typeof p === "string")) {
        this.loader.report(Code.MissingKey, [...at, "path"], "an include needs `path`: a file or a list of files", positionIn(here, at));
        return;
      }
      const files = paths.map((p) => joinPath(projectDir, p));
      const includedDir =
        typeof spec.project_directory === "string" ? joinPath(projectDir, spec.project_directory) : nodePath.dirname(files[0]!);

      const first = nodePath.resolve(files[0]!);
      if (chain.includes(first)) {
        const names = [...chain, first].map((f) => displayPath(f));
        this.loader.report(
          Code.ComposeFileReference,
          at,
          `include cycle detected: ${names[0]} include ${names.slice(1).join(" include ")}`,
          positionIn(here, at),
        );
        return;
      }
      const own = this.includeEnv(spec.env_file, at, here, projectDir, includedDir);
      if (!own) return;
      for (const f of files) {
        if (!this.loader.isParsed(nodePath.resolve(f))) this.loader.parse(f, { pos: positionIn(here, at), path: at });
      }
      const imported = this.loader.loadProject(files, includedDir, chain, positionsOut, withIncludeEnv(env, own));
      if (!imported) return;
      // Before the rebase, which leaves `$`-led paths alone either way.
      this.carryIncludeEnv(imported, own, at, here);
      rebaseDocument(imported, relativeDir(projectDir, includedDir), { defaultBuildContext: true });
      importResources(imported, cfg);
    });
  }

  /**
   * The entry with `${VAR}` resolved where it names files: `path`, `project_directory` and
   * `env_file` (`shortAt`: the path of an entry written as a plain string).
   */
  private resolveSpec(spec: Obj, shortAt: PathSegment[] | undefined, at: PathSegment[], here: Here, env: Lookup): Obj {
    const out: Obj = { ...spec };
    const one = (v: unknown, p: PathSegment[]): unknown => (typeof v === "string" && v.includes("$") ? this.loader.resolve(v, p, positionIn(here, p), env) : v);
    const many = (v: unknown, p: PathSegment[]): unknown => (Array.isArray(v) ? v.map((x, i) => one(x, [...p, i])) : one(v, p));
    out.path = many(spec.path, shortAt ?? [...at, "path"]);
    if (spec.project_directory !== undefined) out.project_directory = one(spec.project_directory, [...at, "project_directory"]);
    if (spec.env_file !== undefined) out.env_file = many(spec.env_file, [...at, "env_file"]);
    return out;
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
    here: Here,
    projectDir: string,
    includedDir: string,
  ): Map<string, string> | undefined {
    const texts: { file: string; text: string }[] = [];
    if (envFile === undefined || envFile === null) {
      const file = nodePath.join(includedDir, ".env");
      try {
        texts.push({ file, text: this.loader.read(file) });
      } catch {
        // No `.env` beside the included project: nothing to add.
      }
    } else {
      const listed = typeof envFile === "string" ? [envFile] : envFile;
      if (!Array.isArray(listed) || !listed.every((f): f is string => typeof f === "string")) {
        this.loader.report(Code.InvalidType, [...at, "env_file"], "include env_file must be a path or a list of paths", positionIn(here, [...at, "env_file"]));
        return undefined;
      }
      for (const f of listed) {
        if (f === "/dev/null") continue;
        const file = joinPath(projectDir, f);
        try {
          texts.push({ file, text: this.loader.read(file) });
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          this.loader.report(Code.ComposeFileReference, [...at, "env_file"], `couldn't find env file: ${file} (${why})`, positionIn(here, [...at, "env_file"]));
          return undefined;
        }
      }
    }
    const env = new Map<string, string>();
    for (const { file, text } of texts) {
      const parsed = parseDotenv(text, file);
      this.loader.diagnostics.push(...parsed.diagnostics);
      // A value may use the ones before it, with the parent's environment first (dotenv/env.go).
      for (const [k, raw] of parsed.values) {
        const r = applyIncludeEnv(raw, env);
        this.warnLostOverrides(r, [...at, "env_file"], positionIn(here, at), `the value of ${k} in ${file}`);
        env.set(k, r.value);
      }
    }
    return env;
  }

  /** Rewrites every string value (never a key) of an included document for the include's env. */
  private carryIncludeEnv(doc: Obj, env: Map<string, string>, at: PathSegment[], here: Here): void {
    if (env.size === 0) return;
    const pos = positionIn(here, at);
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
      this.loader.report(
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
      this.loader.report(
        Code.NotExpressible,
        path,
        `the included project's value of ${v} cannot be written as a \${${v}-…} default (it contains "}", "{" or a line break), so it is written into ${what} as is: setting ${v} in the environment no longer changes it`,
        pos,
        "warning",
      );
    }
    for (const v of r.unexpressed) {
      this.loader.report(
        Code.NotExpressible,
        path,
        `the included project's value of ${v} cannot be written inside another \${…} expression (it contains "}", "{" or a line break), so ${what} keeps \${${v}}, which takes its value from the environment only`,
        pos,
        "warning",
      );
    }
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
