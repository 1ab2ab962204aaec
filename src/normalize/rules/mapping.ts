import { Code } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { describeValue } from "./describe.js";
import { checkKeyName } from "./interpolated-name.js";

/**
 * `environment`, `labels`, `sysctls`, `annotations`, `build.args`, `driver_opts`… given as a list
 * of `KEY=VALUE` / `KEY` or as a mapping → one sorted string map (compose-go types/mapping.go
 * `MappingWithEquals` for `nullAs: "null"`, `Mapping` for `nullAs: "empty"`).
 */

/** A number as Go's `fmt.Sprint` prints a float64: `1e-05`, `1e+21`, `0.5`, `1024`. */
export function goNumberString(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (n === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mant, e] = n.toExponential().split("e") as [string, string];
    const sign = e.startsWith("-") ? "-" : "+";
    const digits = e.replace(/^[+-]/, "").padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  return String(n);
}

/** A scalar as compose-go stringifies it, or undefined for lists and mappings. */
export function scalarString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return goNumberString(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return v.toString();
  return undefined;
}

export interface StringMapOptions {
  /**
   * What a bare `KEY` (list) or `KEY: null` (mapping) becomes: `null` for environment and
   * build args ("take it from the environment of whoever runs compose"), `""` for labels.
   */
  nullAs: "null" | "empty";
}

/** Sorted copy of a map. */
function sorted<T>(m: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

export function toStringMap(
  value: unknown,
  path: PathSegment[],
  d: Diagnostics,
  opts: StringMapOptions,
): Record<string, string | null> {
  const bare = opts.nullAs === "null" ? null : "";
  const out = new Map<string, string | null>();
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const s = scalarString(item);
      if (s === undefined) {
        d.error(Code.InvalidType, [...path, i], `invalid entry ${describeValue(item)}: expected "KEY=VALUE"`);
        return;
      }
      const eq = s.indexOf("=");
      const key = eq === -1 ? s : s.slice(0, eq);
      if (key === "") {
        d.error(Code.InvalidValue, [...path, i], `invalid entry ${JSON.stringify(s)}: empty key`);
        return;
      }
      if (!checkKeyName(key, "key", [...path, i], d)) return;
      if (/\s$/.test(key)) {
        // compose-go rejects this for environment; for any map it is a key nobody meant.
        d.error(Code.InvalidValue, [...path, i], `key ${JSON.stringify(key)} has a trailing space`);
        return;
      }
      out.set(key, eq === -1 ? bare : s.slice(eq + 1));
    });
    return sorted(out);
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (v === null || v === undefined) {
        out.set(key, bare);
        continue;
      }
      const s = scalarString(v);
      if (s === undefined) {
        d.error(Code.InvalidType, [...path, key], `invalid value ${describeValue(v)}: expected a string, number or boolean`);
        continue;
      }
      out.set(key, s);
    }
    return sorted(out);
  }
  d.error(Code.InvalidType, path, `invalid value ${describeValue(value)}: expected a list of "KEY=VALUE" or a mapping`);
  return {};
}
