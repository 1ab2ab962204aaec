import path from "node:path";
import { Code, Diagnostics, didYouMean, type PathSegment } from "../diagnostics/index.js";
import { EXTENSION_KEY } from "../model/index.js";
import { isRecord } from "../util/values.js";

// Re-exported while the rules being split on another branch still import them from here;
// new code imports them from util/values.js.
export { isRecord, typeName } from "../util/values.js";

export type RefKind = "service" | "network" | "volume" | "secret" | "config" | "model";

/** What every normalization step gets: where to report, how to treat relative paths, which names exist. */
export interface Ctx {
  d: Diagnostics;
  /** Rewrites a relative host path (as written in the stack) for the output file's directory. */
  rebase: (p: string) => string;
  /** Names declared in the stack, by kind, so references are checked where they are written. */
  declared: Record<RefKind, string[]>;
}

const SECTION: Record<RefKind, string> = {
  service: "services",
  network: "networks",
  volume: "volumes",
  secret: "secrets",
  config: "configs",
  model: "models",
};

/** Reports a reference to an undeclared name at the path where the user wrote it. */
export function checkRef(ctx: Ctx, kind: RefKind, name: string, path: PathSegment[]): boolean {
  if (ctx.declared[kind].includes(name) || /\$\{?[A-Za-z_]/.test(name)) return true;
  const service = path[0] === "services" && typeof path[1] === "string" ? ` of service "${path[1]}"` : "";
  ctx.d.error(
    Code.UnknownReference,
    path,
    `unknown ${kind} "${name}" in ${String(path[2] ?? SECTION[kind])}${service}: it is not declared under ${SECTION[kind]}${didYouMean(name, ctx.declared[kind])}`,
  );
  return false;
}

/** The names a raw stack declares, read before anything is normalized. */
export function declaredNames(input: Record<string, unknown>): Record<RefKind, string[]> {
  const keys = (v: unknown) => (isRecord(v) ? Object.keys(v).filter((k) => !k.startsWith("x-")) : []);
  return {
    service: keys(input.services),
    // "default" always exists: Compose creates it when a service uses it.
    network: [...new Set(["default", ...keys(input.networks)])],
    volume: keys(input.volumes),
    secret: keys(input.secrets),
    config: keys(input.configs),
    model: keys(input.models),
  };
}

export interface PathOptions {
  /** Directory of the stack file; relative paths in the stack are relative to it. */
  baseDir?: string;
  /** Directory the output is written to; relative paths are rebased onto it. */
  outDir?: string;
}

/**
 * Relative paths stay relative (the output is committed and run elsewhere), but when the output
 * lands in another directory they are rebased so they still name the same files.
 * Absolute, `~`-relative and `${VAR}`-prefixed paths are left alone.
 */
export function makeRebase(opts: PathOptions): (p: string) => string {
  const { baseDir, outDir } = opts;
  if (baseDir === undefined || outDir === undefined || path.resolve(baseDir) === path.resolve(outDir)) {
    return (p) => p;
  }
  return (p) => {
    if (p === "" || path.isAbsolute(p) || p.startsWith("~") || p.startsWith("$") || /^[A-Za-z]:[\\/]/.test(p)) return p;
    const rel = path.relative(path.resolve(outDir), path.resolve(baseDir, p)).split(path.sep).join("/");
    if (rel === "") return ".";
    return rel.startsWith("..") ? rel : `./${rel}`;
  };
}

/** Remote build contexts are not paths. */
export function isRemoteContext(p: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|ssh:\/\/|github\.com\/|docker-image:\/\/|oci-layout:\/\/|service:)/.test(p);
}

/** Reports keys that are neither known nor `x-*` extensions, with a "did you mean". */
export function checkKeys(
  value: Record<string, unknown>,
  known: Iterable<string>,
  path: PathSegment[],
  ctx: Ctx,
  what: string,
): void {
  const knownSet = new Set(known);
  for (const key of Object.keys(value)) {
    if (knownSet.has(key) || EXTENSION_KEY.test(key)) continue;
    ctx.d.error(Code.UnknownKey, [...path, key], `unknown key "${key}" in ${what}${didYouMean(key, knownSet)}`);
  }
}

/** Copies `x-*` extension keys verbatim. */
export function copyExtensions(from: Record<string, unknown>, to: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(from)) if (EXTENSION_KEY.test(k) && v !== undefined) to[k] = v;
}
