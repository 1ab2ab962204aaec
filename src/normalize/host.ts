import { Code, didYouMean, type Diagnostics, type PathSegment } from "../diagnostics/index.js";
import { isRecord, typeName } from "../util/values.js";

/**
 * The `host` block (src/dsl/host.ts) → a checked plain value for the Nix targets and
 * `daemon.json`. The block is compose-ts's own, not Compose's, so it is never interpolated.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface HostConfig {
  docker?: HostDockerConfig;
}

export interface HostDockerConfig {
  /** `daemon.json` keys, as given (only JSON values). */
  daemonSettings?: { [key: string]: JsonValue };
  rootless?: { enable?: boolean; setSocketVariable?: boolean };
  users?: string[];
  autoPrune?: { enable?: boolean; dates?: string; flags?: string[] };
  runtime?: "docker" | "podman";
}

const HOST_KEYS = ["docker"];
const DOCKER_KEYS = ["daemonSettings", "rootless", "users", "autoPrune", "runtime"];
const ROOTLESS_KEYS = ["enable", "setSocketVariable"];
const AUTO_PRUNE_KEYS = ["enable", "dates", "flags"];
/** Linux user names as shadow-utils accepts them (NixOS `users.users.<name>`). */
const USER_NAME = /^[a-z_][a-z0-9_-]*\$?$/;

type Check = (v: unknown, path: PathSegment[], d: Diagnostics) => boolean;

const isString: Check = (v, path, d) => expect(typeof v === "string", "a string", v, path, d);
const isBool: Check = (v, path, d) => expect(typeof v === "boolean", "true or false", v, path, d);
const isStringList: Check = (v, path, d) =>
  expect(Array.isArray(v), "a list of strings", v, path, d) && (v as unknown[]).every((x, i) => isString(x, [...path, i], d));
const isStringMap: Check = (v, path, d) =>
  expect(isRecord(v), "a mapping of strings", v, path, d) && Object.entries(v as object).every(([k, x]) => isString(x, [...path, k], d));
const isBoolMap: Check = (v, path, d) =>
  expect(isRecord(v), "a mapping of booleans", v, path, d) && Object.entries(v as object).every(([k, x]) => isBool(x, [...path, k], d));
const isPools: Check = (v, path, d) =>
  expect(Array.isArray(v), "a list of { base, size }", v, path, d) &&
  (v as unknown[]).every((p, i) => {
    const at = [...path, i];
    if (!expect(isRecord(p), "a mapping { base, size }", p, at, d)) return false;
    const r = p as Record<string, unknown>;
    let ok = checkKeys(r, ["base", "size"], at, d);
    if (r.base === undefined || r.size === undefined) {
      d.error(Code.MissingKey, at, "an address pool needs `base` and `size`");
      return false;
    }
    ok = isString(r.base, [...at, "base"], d) && ok;
    ok = expect(Number.isInteger(r.size) && (r.size as number) >= 0 && (r.size as number) <= 128, "a prefix length (integer)", r.size, [...at, "size"], d) && ok;
    return ok;
  });

/** Types of the `daemon.json` keys src/dsl/host.ts types; any other key only has to be JSON. */
const DAEMON_KEYS: Record<string, Check> = {
  "log-driver": isString,
  "log-opts": isStringMap,
  "data-root": isString,
  "storage-driver": isString,
  "registry-mirrors": isStringList,
  "insecure-registries": isStringList,
  dns: isStringList,
  bip: isString,
  "default-address-pools": isPools,
  features: isBoolMap,
  "live-restore": isBool,
  "userland-proxy": isBool,
  ipv6: isBool,
  "fixed-cidr-v6": isString,
  experimental: isBool,
  "metrics-addr": isString,
};

function expect(ok: boolean, what: string, v: unknown, path: PathSegment[], d: Diagnostics): boolean {
  if (!ok) d.error(Code.InvalidType, path, `expected ${what}, got ${typeName(v)}`);
  return ok;
}

function checkKeys(r: Record<string, unknown>, known: string[], path: PathSegment[], d: Diagnostics): boolean {
  let ok = true;
  for (const k of Object.keys(r)) {
    if (known.includes(k)) continue;
    d.error(Code.UnknownKey, [...path, k], `unknown key "${k}"${didYouMean(k, known)}`);
    ok = false;
  }
  return ok;
}

/** A JSON copy of `v`, or undefined (with an error) when something in it is not JSON. */
function toJson(v: unknown, path: PathSegment[], d: Diagnostics): JsonValue | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") {
    if (Number.isFinite(v)) return v;
    d.error(Code.InvalidType, path, `expected a finite number, got ${v}`);
    return undefined;
  }
  if (Array.isArray(v)) {
    const out: JsonValue[] = [];
    let ok = true;
    v.forEach((x, i) => {
      const j = toJson(x, [...path, i], d);
      if (j === undefined) ok = false;
      else out.push(j);
    });
    return ok ? out : undefined;
  }
  if (isRecord(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const out: { [key: string]: JsonValue } = {};
    let ok = true;
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const j = toJson(x, [...path, k], d);
      if (j === undefined) ok = false;
      else out[k] = j;
    }
    return ok ? out : undefined;
  }
  d.error(Code.InvalidType, path, `expected a JSON value, got ${typeName(v)}`);
  return undefined;
}

/** Checks and copies the `host` block; undefined when it is absent or has errors. */
export function normalizeHost(raw: unknown, d: Diagnostics): HostConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const before = d.errors.length;
  const path: PathSegment[] = ["host"];
  if (!expect(isRecord(raw), "a mapping", raw, path, d)) return undefined;
  const host = raw as Record<string, unknown>;
  checkKeys(host, HOST_KEYS, path, d);
  const out: HostConfig = {};
  if (host.docker !== undefined && host.docker !== null) {
    const docker = normalizeDocker(host.docker, [...path, "docker"], d);
    if (docker) out.docker = docker;
  }
  return d.errors.length > before ? undefined : out;
}

function normalizeDocker(raw: unknown, path: PathSegment[], d: Diagnostics): HostDockerConfig | undefined {
  if (!expect(isRecord(raw), "a mapping", raw, path, d)) return undefined;
  const r = raw as Record<string, unknown>;
  checkKeys(r, DOCKER_KEYS, path, d);
  const out: HostDockerConfig = {};

  if (r.daemonSettings !== undefined) {
    const at = [...path, "daemonSettings"];
    if (expect(isRecord(r.daemonSettings), "a mapping of daemon.json keys", r.daemonSettings, at, d)) {
      const settings = r.daemonSettings as Record<string, unknown>;
      for (const [k, v] of Object.entries(settings)) {
        if (v !== undefined) DAEMON_KEYS[k]?.(v, [...at, k], d);
      }
      const json = toJson(settings, at, d);
      if (json !== undefined) out.daemonSettings = json as { [key: string]: JsonValue };
    }
  }

  if (r.rootless !== undefined) {
    const at = [...path, "rootless"];
    if (expect(isRecord(r.rootless), "a mapping { enable, setSocketVariable }", r.rootless, at, d)) {
      const x = r.rootless as Record<string, unknown>;
      checkKeys(x, ROOTLESS_KEYS, at, d);
      const rootless: NonNullable<HostDockerConfig["rootless"]> = {};
      for (const k of ["enable", "setSocketVariable"] as const) {
        if (x[k] !== undefined && isBool(x[k], [...at, k], d)) rootless[k] = x[k] as boolean;
      }
      out.rootless = rootless;
    }
  }

  if (r.users !== undefined) {
    const at = [...path, "users"];
    if (isStringList(r.users, at, d)) {
      const users = r.users as string[];
      users.forEach((u, i) => {
        if (!USER_NAME.test(u)) d.error(Code.InvalidValue, [...at, i], `"${u}" is not a valid user name (lowercase letters, digits, "_" and "-")`);
      });
      out.users = [...users];
    }
  }

  if (r.autoPrune !== undefined) {
    const at = [...path, "autoPrune"];
    if (expect(isRecord(r.autoPrune), "a mapping { enable, dates, flags }", r.autoPrune, at, d)) {
      const x = r.autoPrune as Record<string, unknown>;
      checkKeys(x, AUTO_PRUNE_KEYS, at, d);
      const prune: NonNullable<HostDockerConfig["autoPrune"]> = {};
      if (x.enable !== undefined && isBool(x.enable, [...at, "enable"], d)) prune.enable = x.enable as boolean;
      if (x.dates !== undefined && isString(x.dates, [...at, "dates"], d)) prune.dates = x.dates as string;
      if (x.flags !== undefined && isStringList(x.flags, [...at, "flags"], d)) prune.flags = [...(x.flags as string[])];
      out.autoPrune = prune;
    }
  }

  if (r.runtime !== undefined) {
    if (r.runtime === "docker" || r.runtime === "podman") out.runtime = r.runtime;
    else d.error(Code.InvalidValue, [...path, "runtime"], `runtime must be "docker" or "podman", got ${JSON.stringify(r.runtime)}${typeof r.runtime === "string" ? didYouMean(r.runtime, ["docker", "podman"]) : ""}`);
  }
  return out;
}
