import { isRecord } from "../context.js";
import { Code, didYouMean } from "../../diagnostics/index.js";
import type { DiagnosticCode, Diagnostics, PathSegment } from "../../diagnostics/index.js";
import type { VolumeMount } from "../../model/index.js";
import { normalizeByteSize } from "./bytes.js";
import { describeValue } from "./describe.js";
import { hasInterpolation, withDefaults } from "./interpolation.js";
import { toStringMap } from "./mapping.js";

/**
 * One `volumes:` entry of a service → a canonical mount, after compose-go format/volume.go
 * (short syntax) and transform/defaults.go + loader/normalize.go (long syntax).
 *
 * Unlike `docker compose config`, host paths are NOT made absolute: compose-ts output must work
 * on the machine that runs it, so `./data` and `~/x` stay as written. Targets are cleaned.
 */

const TYPES = ["bind", "volume", "tmpfs", "cluster", "npipe", "image"] as const;
type MountType = (typeof TYPES)[number];
const PROPAGATIONS = ["rprivate", "private", "rshared", "shared", "rslave", "slave"];
const SELINUX = ["z", "Z"];
const RECURSIVE = ["enabled", "disabled", "writable", "readonly"];
const LONG_KEYS = ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"];

/** Go `path.Clean`: `/data/` → `/data`, `/a/./b/../c` → `/a/c`, `""` → `.`. */
export function cleanPath(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? "/" : "") + out.join("/");
  return joined === "" ? "." : joined;
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && /^\p{L}$/u.test(c);
}

/** format/volume.go `isFilePath`: a host path (bind) rather than a volume name. */
export function isFilePath(source: string): boolean {
  if (source === "") return false;
  if (source[0] === "." || source[0] === "/" || source[0] === "~") return true;
  if (source.startsWith("\\\\")) return true; // Windows named pipe
  const [first, second] = Array.from(source);
  return isLetter(first) && second === ":";
}

/**
 * Whether a short-syntax source is a bind mount. An interpolated source is judged by its
 * defaults (`${DATA:-./data}`) or a `/` anywhere (`${HOME}/x`); with nothing to go on it is
 * taken as a host path, the common case (`${CONFIG_DIR}:/config`), with a warning.
 */
function isBindSource(source: string, path: PathSegment[], d: Diagnostics): boolean {
  if (!hasInterpolation(source)) return isFilePath(source);
  const guess = withDefaults(source);
  if (isFilePath(guess) || /[/\\]/.test(source)) return true;
  if (guess !== "") return false;
  d.warn(
    Code.InvalidMount,
    path,
    `volume source ${JSON.stringify(source)} is only known after interpolation; treated as a bind mount (use the long syntax with type: volume for a named volume)`,
  );
  return true;
}

interface ShortParts {
  source: string;
  target: string;
  options: string[];
}

/** Splits `src:dst[:opts]` like format/volume.go `ParseVolume` (Windows drives and `${…}` aware). */
function splitShort(spec: string): ShortParts | string {
  const parts: ShortParts = { source: "", target: "", options: [] };
  let buffer: string[] = [];
  let depth = 0;
  const END = "";
  const chars = [...Array.from(spec), END];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "$" && chars[i + 1] === "{") {
      depth++;
      buffer.push(c);
      continue;
    }
    if (c === "}" && depth > 0) {
      depth--;
      buffer.push(c);
      continue;
    }
    if (c === ":" && buffer.length === 1 && isLetter(buffer[0])) {
      buffer.push(c); // a Windows drive letter, `C:`
    } else if ((c === ":" || c === END) && depth === 0) {
      const text = buffer.join("");
      if (buffer.length === 0) return "empty section between colons";
      if (parts.source === "" && c === END) parts.target = text;
      else if (parts.source === "") parts.source = text;
      else if (parts.target === "") parts.target = text;
      else if (c === ":") return "too many colons";
      else parts.options = text.split(",");
      buffer = [];
    } else {
      buffer.push(c);
    }
  }
  return parts;
}

function shortVolume(spec: string, path: PathSegment[], d: Diagnostics): VolumeMount | undefined {
  if (spec === "") {
    d.error(Code.InvalidMount, path, "empty volume spec");
    return undefined;
  }
  // compose-go takes 1–2 characters as a bare target without further parsing.
  if (spec.length <= 2) return { type: "volume", target: cleanPath(spec) };
  const parts = splitShort(spec);
  if (typeof parts === "string") {
    d.error(Code.InvalidMount, path, `invalid volume ${JSON.stringify(spec)}: ${parts}`);
    return undefined;
  }
  let readOnly = false;
  let nocopy = false;
  let selinux: string | undefined;
  let propagation: string | undefined;
  for (const option of parts.options) {
    if (option === "ro") readOnly = true;
    else if (option === "rw") readOnly = false;
    else if (option === "nocopy") nocopy = true;
    else if (SELINUX.includes(option)) selinux = option;
    else if (PROPAGATIONS.includes(option)) propagation = option;
    else d.warn(Code.InvalidMount, path, `unknown volume option ${JSON.stringify(option)} is ignored`);
  }
  const bindOptions = {
    ...(selinux !== undefined ? { selinux } : {}),
    ...(propagation !== undefined ? { propagation } : {}),
  };
  const bind = isBindSource(parts.source, path, d);
  // As in compose-go, `nocopy` on a bind and `z`/propagation on a volume are kept, not rejected.
  const hasBind = bind || selinux !== undefined || propagation !== undefined;
  const hasVolume = !bind || nocopy;
  return {
    type: bind ? "bind" : "volume",
    ...(parts.source !== "" ? { source: parts.source } : {}),
    target: cleanPath(parts.target),
    ...(readOnly ? { read_only: true } : {}),
    ...(hasBind ? { bind: bindOptions } : {}),
    ...(hasVolume ? { volume: nocopy ? { nocopy: true } : {} } : {}),
  };
}

type Obj = Record<string, unknown>;


/** Reads the long syntax, reporting every problem before giving up. */
class LongReader {
  ok = true;
  constructor(
    readonly path: PathSegment[],
    readonly d: Diagnostics,
  ) {}

  fail(code: DiagnosticCode, at: PathSegment[], message: string): undefined {
    this.d.error(code, at, message);
    this.ok = false;
    return undefined;
  }

  keys(obj: Obj, at: PathSegment[], allowed: readonly string[], what: string): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k) && !k.startsWith("x-")) {
        this.fail(Code.UnknownKey, [...at, k], `unknown ${what} key ${JSON.stringify(k)}${didYouMean(k, allowed)}`);
      }
    }
  }

  string(obj: Obj, key: string, at: PathSegment[]): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    return this.fail(Code.InvalidType, [...at, key], `${key} must be a string, got ${describeValue(v)}`);
  }

  oneOf(obj: Obj, key: string, at: PathSegment[], allowed: readonly string[]): string | undefined {
    const v = this.string(obj, key, at);
    if (v === undefined || allowed.includes(v) || hasInterpolation(v)) return v;
    return this.fail(Code.InvalidValue, [...at, key], `invalid ${key} ${JSON.stringify(v)} (expected ${allowed.join(", ")})`);
  }

  /** A boolean as compose-go casts it: `"true"`/`"false"`, and y/yes/on/n/no/off with a warning. */
  bool(obj: Obj, key: string, at: PathSegment[]): boolean | string | undefined {
    const v = obj[key];
    if (v === undefined || v === null || typeof v === "boolean") return v ?? undefined;
    if (typeof v === "string") {
      if (hasInterpolation(v)) return v;
      const lower = v.toLowerCase();
      if (lower === "true" || lower === "false") return lower === "true";
      if (["y", "yes", "on", "n", "no", "off"].includes(lower)) {
        const b = ["y", "yes", "on"].includes(lower);
        this.d.warn(Code.Deprecated, [...at, key], `${JSON.stringify(v)} for a boolean is not YAML 1.2; use ${b}`);
        return b;
      }
    }
    return this.fail(Code.InvalidType, [...at, key], `${key} must be a boolean, got ${describeValue(v)}`);
  }

  section(obj: Obj, key: string, at: PathSegment[]): Obj | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (v === null) return {};
    if (isRecord(v)) return v;
    return this.fail(Code.InvalidType, [...at, key], `${key} must be a mapping, got ${describeValue(v)}`);
  }
}

function extensions(obj: Obj): Obj {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k.startsWith("x-")));
}

/** Go `strconv.ParseUint(s, 0, 32)` as mapstructure uses for a string `tmpfs.mode`: `0755` is octal. */
function parseMode(s: string): number | undefined {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|0[oO]?([0-7]+)|0[bB]([01]+)|([1-9]\d*|0))$/.exec(s);
  if (m === null) return undefined;
  const n = m[1] ? parseInt(m[1], 16) : m[2] ? parseInt(m[2], 8) : m[3] ? parseInt(m[3], 2) : Number(m[4]);
  return n <= 0xffffffff ? n : undefined;
}

function longVolume(v: Obj, path: PathSegment[], d: Diagnostics): VolumeMount | undefined {
  const r = new LongReader(path, d);
  r.keys(v, path, LONG_KEYS, "volume");

  const type = v["type"];
  if (type === undefined || type === null) r.fail(Code.MissingKey, [...path, "type"], `volume is missing its type (${TYPES.join(", ")})`);
  else if (typeof type !== "string" || !(TYPES as readonly string[]).includes(type)) {
    r.fail(Code.InvalidValue, [...path, "type"], `invalid volume type ${describeValue(type)}${typeof type === "string" ? didYouMean(type, TYPES) : ""}`);
  }
  const source = r.string(v, "source", path);
  const rawTarget = r.string(v, "target", path);
  if (rawTarget === undefined && v["target"] == null) r.fail(Code.MissingKey, [...path, "target"], "volume is missing its target (the path in the container)");
  const readOnly = r.bool(v, "read_only", path);
  const consistency = r.string(v, "consistency", path);

  let bind: VolumeMount["bind"];
  const b = r.section(v, "bind", path);
  if (b !== undefined) {
    const at = [...path, "bind"];
    r.keys(b, at, ["propagation", "create_host_path", "recursive", "selinux"], "bind");
    const selinux = r.oneOf(b, "selinux", at, SELINUX);
    const propagation = r.oneOf(b, "propagation", at, PROPAGATIONS);
    const create = r.bool(b, "create_host_path", at);
    const recursive = r.oneOf(b, "recursive", at, RECURSIVE);
    bind = {
      ...(selinux !== undefined ? { selinux } : {}),
      ...(propagation !== undefined ? { propagation } : {}),
      // Defaults to true and is then omitted (compose-go `OptOut`).
      ...(create !== undefined && create !== true ? { create_host_path: create } : {}),
      ...(recursive !== undefined ? { recursive } : {}),
      ...extensions(b),
    };
  }

  let volume: VolumeMount["volume"];
  const vo = r.section(v, "volume", path);
  if (vo !== undefined) {
    const at = [...path, "volume"];
    r.keys(vo, at, ["labels", "nocopy", "subpath"], "volume");
    const labels = vo["labels"] === undefined || vo["labels"] === null ? undefined : toStringMap(vo["labels"], [...at, "labels"], d, { nullAs: "empty" });
    const nocopy = r.bool(vo, "nocopy", at);
    const subpath = r.string(vo, "subpath", at);
    volume = {
      ...(labels !== undefined && Object.keys(labels).length > 0 ? { labels: labels as Record<string, string> } : {}),
      ...(nocopy !== undefined && nocopy !== false ? { nocopy } : {}),
      ...(subpath ? { subpath } : {}),
      ...extensions(vo),
    };
  }

  let tmpfs: VolumeMount["tmpfs"];
  const t = r.section(v, "tmpfs", path);
  if (t !== undefined) {
    const at = [...path, "tmpfs"];
    r.keys(t, at, ["size", "mode"], "tmpfs");
    let size: string | undefined;
    if (t["size"] !== undefined && t["size"] !== null) {
      size = normalizeByteSize(t["size"], [...at, "size"], d);
      if (size === undefined) r.ok = false;
    }
    let mode: number | string | undefined;
    const m = t["mode"];
    if (typeof m === "number" && Number.isInteger(m) && m >= 0) mode = m;
    else if (typeof m === "string" && hasInterpolation(m)) mode = m;
    else if (typeof m === "string" && parseMode(m) !== undefined) mode = parseMode(m);
    else if (m !== undefined && m !== null) r.fail(Code.InvalidValue, [...at, "mode"], `invalid tmpfs mode ${describeValue(m)}`);
    tmpfs = {
      ...(size !== undefined && size !== "0" ? { size } : {}),
      ...(mode ? { mode } : {}),
      ...extensions(t),
    };
  }

  let image: VolumeMount["image"];
  const im = r.section(v, "image", path);
  if (im !== undefined) {
    const at = [...path, "image"];
    r.keys(im, at, ["subpath"], "image");
    const subpath = r.string(im, "subpath", at);
    image = { ...(subpath ? { subpath } : {}), ...extensions(im) };
  }

  if (!r.ok || rawTarget === undefined) return undefined;
  return {
    type: type as MountType,
    ...(source ? { source } : {}),
    target: cleanPath(rawTarget),
    ...(readOnly !== undefined && readOnly !== false ? { read_only: readOnly } : {}),
    ...(consistency ? { consistency } : {}),
    ...(bind !== undefined ? { bind } : {}),
    ...(volume !== undefined ? { volume } : {}),
    ...(tmpfs !== undefined ? { tmpfs } : {}),
    ...(image !== undefined ? { image } : {}),
    ...extensions(v),
  };
}

/** One entry of a service's `volumes:` (short string or long mapping) → a canonical mount. */
export function normalizeVolumeMount(value: unknown, path: PathSegment[], d: Diagnostics): VolumeMount | undefined {
  if (typeof value === "string") return shortVolume(value, path, d);
  if (isRecord(value)) return longVolume(value, path, d);
  d.error(Code.InvalidType, path, `invalid volume ${describeValue(value)}: expected a string or a mapping`);
  return undefined;
}

/** The key under which Compose merges and de-duplicates service volumes: the target. */
export function volumeKey(v: VolumeMount): string {
  return v.target;
}
