import type { PathSegment } from "../diagnostics/index.js";
import { type Ctx, checkKeys, copyExtensions } from "./context.js";
import { normalizeByteSize } from "./rules/bytes.js";
import { normalizeDuration } from "./rules/duration.js";
import {
  asBool,
  asEnvironment,
  asInt,
  asLabels,
  asList,
  asNumber,
  asRecord,
  asString,
  asStringOrList,
  asStringish,
} from "./values.js";

/**
 * A field normalizer: raw value in, canonical value (or undefined when invalid) out.
 * Tables of these describe each Compose object once; the same table gives the set of known
 * keys for "unknown key" errors.
 */
export type Field = (v: unknown, path: PathSegment[], ctx: Ctx) => unknown;
export type FieldTable = Record<string, Field>;

export const str: Field = asString;
export const strish: Field = asStringish;
export const bool: Field = asBool;
export const int: Field = asInt;
export const num: Field = asNumber;
export const list: Field = (v, p, c) => asList(v, p, c);
export const listish: Field = (v, p, c) => asList(v, p, c, { numbers: true });
export const stringOrList: Field = asStringOrList;
export const labels: Field = asLabels;
export const environment: Field = asEnvironment;
export const duration: Field = (v, p, c) => normalizeDuration(v, p, c.d);
export const bytes: Field = (v, p, c) => normalizeByteSize(v, p, c.d);
/** Free-form values (driver options of plugins, …) are kept as written. */
export const asWritten: Field = (v) => v;

/** A nested Compose object described by its own table. */
export function object(table: FieldTable, what: string): Field {
  return (v, path, ctx) => {
    const rec = asRecord(v, path, ctx);
    return rec === undefined ? undefined : applyTable(rec, table, path, ctx, what);
  };
}

export function listOf(item: Field): Field {
  return (v, path, ctx) => {
    if (!Array.isArray(v)) return asList(v, path, ctx);
    const out: unknown[] = [];
    v.forEach((x, i) => {
      const r = item(x, [...path, i], ctx);
      if (r !== undefined) out.push(r);
    });
    return out;
  };
}

export function mapOf(item: Field): Field {
  return (v, path, ctx) => {
    const rec = asRecord(v, path, ctx);
    if (rec === undefined) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(rec)) {
      const r = item(x, [...path, k], ctx);
      if (r !== undefined) out[k] = r;
    }
    return out;
  };
}

/**
 * Normalizes every key of `value` with its table entry; unknown keys are reported, `x-*`
 * kept. `null` values mean "unset" (as in YAML `key:` with nothing after it).
 */
export function applyTable(
  value: Record<string, unknown>,
  table: FieldTable,
  path: PathSegment[],
  ctx: Ctx,
  what: string,
): Record<string, unknown> {
  checkKeys(value, Object.keys(table), path, ctx, what);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table)) {
    const raw = value[key];
    if (raw === undefined || raw === null) continue;
    const r = field(raw, [...path, key], ctx);
    if (r !== undefined) out[key] = r;
  }
  copyExtensions(value, out);
  return out;
}

/**
 * compose-go declares most fields `omitempty` on plain (non-pointer) Go types, so `docker compose
 * config` prints `privileged: false`, `cpu_shares: 0`, `hostname: ""`, `cap_add: []` or
 * `labels: {}` as if the key were not there: the engine's defaults are those zero values.
 * Removes such keys from `out` in place, except the `kept` ones (pointers in compose-go, where
 * a zero is a choice: `init: false`, `scale: 0`, `command: []`). Byte sizes are strings here, so
 * their zero is `"0"`.
 */
export function dropZeroValues(out: Record<string, unknown>, kept: ReadonlySet<string> = new Set(), byteSizes: ReadonlySet<string> = new Set()): void {
  for (const [key, v] of Object.entries(out)) {
    if (key.startsWith("x-") || kept.has(key)) continue;
    if (isZeroValue(v) || (byteSizes.has(key) && v === "0")) delete out[key];
  }
}

function isZeroValue(v: unknown): boolean {
  if (v === false || v === 0 || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === "object" && v !== null && Object.keys(v).length === 0;
}
