import { isPlainObject } from "../../util/values.js";

/**
 * Rewrites the relative paths of a document read from another directory (an `extends.file`, an
 * `include`) so they still name the same files from the main project directory — kept relative,
 * because compose-ts never writes absolute paths. The set of paths is compose-go's
 * paths/resolve.go; `relDir` is the other directory relative to the project directory.
 */

export interface RebaseOptions {
  /**
   * An included project gets Compose's defaults before its paths are resolved, so a `build`
   * without `context` means that project's directory, not ours.
   */
  defaultBuildContext?: boolean;
}

type Obj = Record<string, unknown>;

/** POSIX join + normalize, leaving absolute, home (`~`) and variable-led (`${…}`) paths alone. */
export function rebasePath(p: string, relDir: string): string {
  if (relDir === "" || relDir === "." || p === "" || isAbsolute(p) || p.startsWith("~") || p.startsWith("$")) return p;
  return normalize(`${relDir}/${p}`);
}

function isAbsolute(p: string): boolean {
  return p.startsWith("/") || p.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(p);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.replaceAll("\\", "/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(seg);
  }
  return out.length === 0 ? "." : out.join("/");
}

const REMOTE_CONTEXT = ["https://", "http://", "git://", "ssh://", "github.com/", "git@"];

function rebaseContext(p: string, relDir: string): string {
  if (p.includes("://") || p.startsWith("service:") || REMOTE_CONTEXT.some((r) => p.startsWith(r))) return p;
  return rebasePath(p, relDir);
}

function rebaseRemoteAware(p: string, relDir: string): string {
  return p.includes("://") || p.startsWith("git@") ? p : rebasePath(p, relDir);
}

/** A short-syntax source is a path only when it starts with `.`, `/` or `~`; it must stay so. */
function rebaseShortVolume(spec: string, relDir: string): string {
  if (!spec.startsWith(".")) return spec;
  const colon = spec.indexOf(":");
  if (colon < 0) return spec; // a lone container path
  const rebased = rebasePath(spec.slice(0, colon), relDir);
  const source = rebased.startsWith(".") || isAbsolute(rebased) ? rebased : `./${rebased}`;
  return source + spec.slice(colon);
}

function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((e) => (typeof e === "string" ? f(e) : e));
  return v;
}

/** Rebases one service in place. */
export function rebaseService(service: unknown, relDir: string, opts: RebaseOptions = {}): void {
  if (!isPlainObject(service) || relDir === "" || relDir === ".") return;
  const s = service;

  if (typeof s.build === "string") s.build = rebaseContext(s.build, relDir);
  else if (isPlainObject(s.build)) {
    const b = s.build;
    if (typeof b.context === "string") b.context = rebaseContext(b.context, relDir);
    else if (b.context === undefined && opts.defaultBuildContext) b.context = rebasePath(".", relDir);
    rebaseAdditionalContexts(b, relDir);
  }

  if (s.env_file !== undefined) s.env_file = rebaseEnvFile(s.env_file, relDir);
  if (s.label_file !== undefined) s.label_file = mapStrings(s.label_file, (p) => rebasePath(p, relDir));

  if (isPlainObject(s.extends) && typeof s.extends.file === "string") {
    s.extends.file = rebaseRemoteAware(s.extends.file, relDir);
  }

  if (Array.isArray(s.volumes)) {
    s.volumes = s.volumes.map((v) => {
      if (typeof v === "string") return rebaseShortVolume(v, relDir);
      if (isPlainObject(v) && v.type === "bind" && typeof v.source === "string") {
        return { ...v, source: rebasePath(v.source, relDir) };
      }
      return v;
    });
  }

  if (isPlainObject(s.develop) && Array.isArray(s.develop.watch)) {
    for (const w of s.develop.watch) if (isPlainObject(w) && typeof w.path === "string") w.path = rebasePath(w.path, relDir);
  }
}

function rebaseAdditionalContexts(b: Obj, relDir: string): void {
  const ac = b.additional_contexts;
  if (isPlainObject(ac)) {
    for (const [k, v] of Object.entries(ac)) if (typeof v === "string") ac[k] = rebaseContext(v, relDir);
  } else if (Array.isArray(ac)) {
    b.additional_contexts = ac.map((e) => {
      if (typeof e !== "string") return e;
      const i = e.indexOf("=");
      return i < 0 ? e : `${e.slice(0, i + 1)}${rebaseContext(e.slice(i + 1), relDir)}`;
    });
  }
}

function rebaseEnvFile(v: unknown, relDir: string): unknown {
  if (typeof v === "string") return rebasePath(v, relDir);
  if (!Array.isArray(v)) return v;
  return v.map((e) => {
    if (typeof e === "string") return rebasePath(e, relDir);
    if (isPlainObject(e) && typeof e.path === "string") return { ...e, path: rebasePath(e.path, relDir) };
    return e;
  });
}

/** Rebases a whole (included) document in place: services and top-level file-backed resources. */
export function rebaseDocument(doc: Obj, relDir: string, opts: RebaseOptions = {}): void {
  if (relDir === "" || relDir === ".") return;
  if (isPlainObject(doc.services)) for (const s of Object.values(doc.services)) rebaseService(s, relDir, opts);
  for (const kind of ["configs", "secrets"]) {
    const group = doc[kind];
    if (!isPlainObject(group)) continue;
    for (const r of Object.values(group)) if (isPlainObject(r) && typeof r.file === "string") r.file = rebasePath(r.file, relDir);
  }
  if (isPlainObject(doc.volumes)) {
    for (const v of Object.values(doc.volumes)) {
      // A local-driver volume with `o: bind` is a bind mount of `device`.
      if (!isPlainObject(v) || v.driver !== "local" || !isPlainObject(v.driver_opts)) continue;
      const o = v.driver_opts;
      if (o.o === "bind" && typeof o.device === "string") o.device = rebasePath(o.device, relDir);
    }
  }
}
