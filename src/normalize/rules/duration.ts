import { Code } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { describeValue } from "./describe.js";
import { hasInterpolation } from "./interpolation.js";

/**
 * Durations as compose-go reads them (xhit/go-str2duration: Go's syntax plus `d` and `w`) and
 * prints them (Go `time.Duration.String()`). Nanosecond counts exceed 2^53, hence BigInt.
 */

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const S = 1000n * MS;
const M = 60n * S;
const H = 60n * M;

const UNITS: Record<string, bigint> = {
  ns: NS,
  us: US,
  "µs": US, // U+00B5 micro sign
  "μs": US, // U+03BC greek mu
  ms: MS,
  s: S,
  m: M,
  h: H,
  d: 24n * H,
  w: 7n * 24n * H,
};

const MAX_INT64 = (1n << 63n) - 1n;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Nanoseconds for `s`, or an error message (`missing unit`, `unknown unit "x"`, …). */
export function parseDuration(input: string): bigint | string {
  let s = input;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return "invalid duration";
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return "invalid duration";
    let i = 0;
    while (isDigit(s[i])) i++;
    const intDigits = s.slice(0, i);
    s = s.slice(i);
    let fracDigits = "";
    if (s[0] === ".") {
      let j = 1;
      while (isDigit(s[j])) j++;
      fracDigits = s.slice(1, j);
      s = s.slice(j);
    }
    if (intDigits === "" && fracDigits === "") return "invalid duration";
    let u = 0;
    while (u < s.length && s[u] !== "." && !isDigit(s[u])) u++;
    if (u === 0) return "missing unit";
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS[unitName];
    if (unit === undefined) return `unknown unit ${JSON.stringify(unitName)}`;
    let v = intDigits === "" ? 0n : BigInt(intDigits);
    if (v > MAX_INT64 / unit) return "out of range";
    v *= unit;
    if (fracDigits !== "") {
      // Go accumulates at most 18 fraction digits and scales in float64; so do we.
      const kept = fracDigits.slice(0, 18);
      const f = Number(BigInt(kept));
      const scale = 10 ** kept.length;
      v += BigInt(Math.trunc(f * (Number(unit) / scale)));
    }
    total += v;
    if (total > MAX_INT64) return "out of range";
  }
  return neg ? -total : total;
}

/** `".5"` for 5 with prec 1; "" when the fraction is zero. Returns the fraction and the integer rest. */
function frac(v: bigint, prec: number): [string, bigint] {
  const scale = 10n ** BigInt(prec);
  const digits = (v % scale).toString().padStart(prec, "0").replace(/0+$/, "");
  return [digits === "" ? "" : `.${digits}`, v / scale];
}

/** Go's `time.Duration.String()`: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `1.5µs`, `0s`. */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < S) {
    if (u === 0n) return "0s";
    if (u < US) out = `${u}ns`;
    else if (u < MS) {
      const [f, i] = frac(u, 3);
      out = `${i}${f}µs`;
    } else {
      const [f, i] = frac(u, 6);
      out = `${i}${f}ms`;
    }
  } else {
    const [f, secs] = frac(u, 9);
    u = secs;
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/**
 * A duration (`90s`, `1h30m`, `1.5s`, `1d`, `0`) → Go's canonical form (`1m30s`, `1h30m0s`,
 * `1.5s`, `24h0m0s`, `0s`). A `${VAR}` is kept verbatim. A bare number is an error unless 0,
 * as in compose-go, which reads it as a string without a unit.
 */
export function normalizeDuration(value: unknown, path: PathSegment[], d: Diagnostics): string | undefined {
  let s: string;
  if (typeof value === "number") s = String(value);
  else if (typeof value === "string") s = value;
  else {
    d.error(Code.InvalidDuration, path, `invalid duration ${describeValue(value)}: expected a string such as "30s"`);
    return undefined;
  }
  if (typeof value === "string" && hasInterpolation(value)) return value;
  const ns = parseDuration(s);
  if (typeof ns === "string") {
    const hint = ns === "missing unit" ? ` (e.g. "${s}s")` : "";
    d.error(Code.InvalidDuration, path, `invalid duration ${JSON.stringify(s)}: ${ns}${hint}`);
    return undefined;
  }
  return formatDuration(ns);
}
