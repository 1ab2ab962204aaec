import { Code, type PathSegment } from "../diagnostics/index.js";
import type { Ctx } from "./context.js";
import { isRecord, typeName } from "../util/values.js";
import { hasInterpolation } from "./rules/interpolation.js";
import { toStringMap } from "./rules/mapping.js";

/**
 * Scalar casts with Compose's leniency: typed keys accept strings because `${VAR}` is legal
 * there, and compose-go casts `"true"` / `"5"` after interpolation. An interpolated value is
 * kept verbatim (the file is interpolated where it runs).
 */

export function asString(v: unknown, path: PathSegment[], ctx: Ctx): string | undefined {
  if (typeof v === "string") return v;
  ctx.d.error(Code.InvalidType, path, `must be a string, got ${typeName(v)}`);
  return undefined;
}

/** Accepts numbers too (ports, uid/gid, group ids), printed as Compose prints them. */
export function asStringish(v: unknown, path: PathSegment[], ctx: Ctx): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  ctx.d.error(Code.InvalidType, path, `must be a string or a number, got ${typeName(v)}`);
  return undefined;
}

const YAML11_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const YAML11_FALSE = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

export function asBool(v: unknown, path: PathSegment[], ctx: Ctx): boolean | string | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const lower = v.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    if (YAML11_TRUE.has(v) || YAML11_FALSE.has(v)) {
      ctx.d.warn(Code.Deprecated, path, `"${v}" read as a boolean; write true or false`);
      return YAML11_TRUE.has(v);
    }
    if (hasInterpolation(v)) return v;
  }
  ctx.d.error(Code.InvalidType, path, `must be a boolean, got ${describe(v)}`);
  return undefined;
}

export function asInt(v: unknown, path: PathSegment[], ctx: Ctx): number | string | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    if (/^[+-]?\d+$/.test(v.trim())) return Number.parseInt(v.trim(), 10);
    if (hasInterpolation(v)) return v;
  }
  ctx.d.error(Code.InvalidType, path, `must be an integer, got ${describe(v)}`);
  return undefined;
}

export function asNumber(v: unknown, path: PathSegment[], ctx: Ctx): number | string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string") {
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return Number.parseFloat(v.trim());
    if (hasInterpolation(v)) return v;
  }
  ctx.d.error(Code.InvalidType, path, `must be a number, got ${describe(v)}`);
  return undefined;
}

/** A list of strings (numbers become strings, as compose-go's StringOrNumberList). */
export function asList(v: unknown, path: PathSegment[], ctx: Ctx, opts: { numbers?: boolean } = {}): string[] | undefined {
  if (!Array.isArray(v)) {
    ctx.d.error(Code.InvalidType, path, `must be a list, got ${typeName(v)}`);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const s = opts.numbers ? asStringish(item, [...path, i], ctx) : asString(item, [...path, i], ctx);
    if (s !== undefined) out.push(s);
  });
  return out;
}

/** Compose's `string_or_list`: a single string becomes a one-element list. */
export function asStringOrList(v: unknown, path: PathSegment[], ctx: Ctx): string[] | undefined {
  if (typeof v === "string") return [v];
  return asList(v, path, ctx);
}

/** labels, annotations, sysctls, driver_opts…: list `K=V` or map → map of strings (null → ""). */
export function asLabels(v: unknown, path: PathSegment[], ctx: Ctx): Record<string, string> | undefined {
  const m = toStringMap(v, path, ctx.d, { nullAs: "empty" });
  return m as Record<string, string> | undefined;
}

/** environment, build.args: a bare `KEY` stays null ("take it from where compose runs"). */
export function asEnvironment(v: unknown, path: PathSegment[], ctx: Ctx): Record<string, string | null> | undefined {
  return toStringMap(v, path, ctx.d, { nullAs: "null" });
}

export function asRecord(v: unknown, path: PathSegment[], ctx: Ctx): Record<string, unknown> | undefined {
  if (isRecord(v)) return v;
  ctx.d.error(Code.InvalidType, path, `must be a mapping, got ${typeName(v)}`);
  return undefined;
}

function describe(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : typeName(v);
}
