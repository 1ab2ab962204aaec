import { Code, didYouMean } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { describeValue } from "./describe.js";
import { hasInterpolation, splitOutsideInterpolation } from "./interpolation.js";

/**
 * A `devices:` entry → `{source, target, permissions}` (compose-go transform/device.go):
 * `src[:dst[:perms]]`, target defaulting to the source and permissions to `rwm`. The long form
 * gets the same defaults, which are what the engine applies anyway.
 */

export interface DeviceMapping {
  source: string;
  target: string;
  permissions: string;
}

const LONG_KEYS = ["source", "target", "permissions"];

/** Engine rule: each of r, w, m at most once. */
function isPermissions(s: string): boolean {
  return /^[rwm]{1,3}$/.test(s) && new Set(s).size === s.length;
}

function check(m: DeviceMapping, path: PathSegment[], d: Diagnostics): DeviceMapping | undefined {
  if (m.source === "") {
    d.error(Code.InvalidMount, path, "device is missing its source (the path on the host)");
    return undefined;
  }
  if (!hasInterpolation(m.permissions) && !isPermissions(m.permissions)) {
    d.error(Code.InvalidMount, path, `invalid device permissions ${JSON.stringify(m.permissions)} (expected a combination of r, w, m)`);
    return undefined;
  }
  return m;
}

export function normalizeDevice(value: unknown, path: PathSegment[], d: Diagnostics): DeviceMapping | undefined {
  if (typeof value === "string") {
    const parts = splitOutsideInterpolation(value, ":");
    if (parts.length > 3) {
      d.error(Code.InvalidMount, path, `confusing device mapping ${JSON.stringify(value)}: use the long syntax`);
      return undefined;
    }
    const [source = "", target = "", permissions = "rwm"] = parts;
    if (parts.length === 2 && isPermissions(target)) {
      // compose-go takes it as the target path, unlike `docker run --device /dev/x:rw`.
      d.warn(Code.InvalidMount, path, `device ${JSON.stringify(value)} mounts at container path ${JSON.stringify(target)}; for permissions write "${source}:${source}:${target}"`);
    }
    return check({ source, target: target === "" ? source : target, permissions }, path, d);
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    let ok = true;
    for (const k of Object.keys(obj)) {
      if (!LONG_KEYS.includes(k) && !k.startsWith("x-")) {
        d.error(Code.UnknownKey, [...path, k], `unknown device key ${JSON.stringify(k)}${didYouMean(k, LONG_KEYS)}`);
        ok = false;
      }
    }
    const str = (k: string): string | undefined => {
      const v = obj[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v === "string") return v;
      d.error(Code.InvalidType, [...path, k], `${k} must be a string, got ${describeValue(v)}`);
      ok = false;
      return undefined;
    };
    const source = str("source") ?? "";
    const target = str("target") || source;
    const permissions = str("permissions") || "rwm";
    if (!ok) return undefined;
    const m = check({ source, target, permissions }, path, d);
    if (m === undefined) return undefined;
    const ext = Object.fromEntries(Object.entries(obj).filter(([k]) => k.startsWith("x-")));
    return { ...m, ...ext };
  }
  d.error(Code.InvalidType, path, `invalid device ${describeValue(value)}: expected a string or a mapping`);
  return undefined;
}
