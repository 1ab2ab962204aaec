import { Code } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { describeValue } from "./describe.js";
import { hasInterpolation } from "./interpolation.js";

/**
 * Byte sizes as compose-go's `UnitBytes` reads them: a plain (possibly negative) integer, else
 * docker/go-units `RAMInBytes` — a non-negative decimal number, an optional single space, and
 * an optional case-insensitive suffix b, k/kb/kib, m/mb/mib, g…, t…, p… with binary (1024)
 * multiples. Fractions are allowed (`1.5g`) and truncated to whole bytes.
 */

const MULTIPLIERS: Record<string, number> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
/** Go `strconv.ParseFloat`'s decimal syntax (hex floats, inf and nan are not worth supporting). */
const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Bytes for a go-units size string, or an error message. */
export function ramInBytes(size: string): bigint | string {
  let sep = -1;
  for (let i = size.length - 1; i >= 0; i--) {
    if ("0123456789. ".includes(size[i]!)) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return "no number";
  const num = size[sep] === " " ? size.slice(0, sep) : size.slice(0, sep + 1);
  let sfx = size.slice(sep + 1);
  if (!GO_FLOAT.test(num)) return "not a number";
  let n = Number(num);
  if (!Number.isFinite(n)) return "out of range";
  if (n < 0) return "negative size";
  if (sfx !== "") {
    sfx = sfx.toLowerCase();
    const mul = MULTIPLIERS[sfx[0]!];
    const tailOk = sfx.length === 1 || (sfx.length === 2 && sfx[1] === "b") || (sfx.length === 3 && sfx.slice(1) === "ib");
    if (sfx === "b") {
      // plain bytes
    } else if (mul === undefined || !tailOk) {
      return `invalid suffix ${JSON.stringify(size.slice(sep + 1))}`;
    } else {
      n *= mul;
    }
  }
  const bytes = BigInt(Math.trunc(n));
  return bytes > MAX_INT64 ? "out of range" : bytes;
}

/**
 * A byte size (`512m`, `1gb`, `1.5g`, `1024`, `-1`) → decimal bytes as a string
 * (`"536870912"`). A `${VAR}` is kept verbatim.
 */
export function normalizeByteSize(value: unknown, path: PathSegment[], d: Diagnostics): string | undefined {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value)) return String(value);
    d.error(Code.InvalidByteSize, path, `invalid byte size ${value}: expected a whole number of bytes`);
    return undefined;
  }
  if (typeof value !== "string") {
    d.error(Code.InvalidByteSize, path, `invalid byte size ${describeValue(value)}: expected a number or a string such as "512m"`);
    return undefined;
  }
  if (hasInterpolation(value)) return value;
  if (/^[+-]?\d+$/.test(value)) {
    const n = BigInt(value);
    if (n >= MIN_INT64 && n <= MAX_INT64) return n.toString();
  }
  const bytes = ramInBytes(value);
  if (typeof bytes === "string") {
    d.error(Code.InvalidByteSize, path, `invalid byte size ${JSON.stringify(value)}: ${bytes}`);
    return undefined;
  }
  return bytes.toString();
}
