import type { Scalar } from "yaml";

/**
 * Scalars typed as compose-go reads them: go-yaml's resolution of plain scalars (YAML 1.2
 * booleans, YAML 1.1 integers), tags, and key text.
 */

/** The value compose-ts reads for a scalar node (go-yaml's typing of plain scalars). */
export function composeScalarValue(node: Scalar): unknown {
  const source = node.source ?? "";
  if (!node.tag) return node.type === "PLAIN" ? goPlainScalar(source) : String(node.value);
  if (node.tag === "!") return source;
  if (node.tag.startsWith("tag:yaml.org,2002:")) return node.value;
  return source; // an application tag go-yaml does not know keeps the text
}

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const SPECIAL: Record<string, unknown> = {
  true: true, True: true, TRUE: true,
  false: false, False: false, FALSE: false,
  ".nan": NaN, ".NaN": NaN, ".NAN": NaN,
  ".inf": Infinity, ".Inf": Infinity, ".INF": Infinity,
  "+.inf": Infinity, "+.Inf": Infinity, "+.INF": Infinity,
  "-.inf": -Infinity, "-.Inf": -Infinity, "-.INF": -Infinity,
  "-0": -0, "-0.0": -0,
};
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * The type go-yaml (go.yaml.in/yaml/v4 `resolve`) gives an untagged plain scalar. Booleans are
 * YAML 1.2 (`yes`/`on` stay strings) but integers keep YAML 1.1 habits: `0755` is octal, `0b101`
 * binary, `1_000` a thousand. Timestamps stay strings when decoded into an interface, as here.
 */
export function goPlainScalar(s: string): unknown {
  if (NULLS.has(s)) return null;
  if (Object.hasOwn(SPECIAL, s)) return SPECIAL[s];
  const c = s[0];
  if (c === ".") return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s) ? Number.parseFloat(s) : s;
  if (c === undefined || !/[-+0-9]/.test(c)) return s;
  const plain = s.replaceAll("_", "");
  if (GO_INT.test(plain)) {
    const n = parseGoInt(plain);
    if (n >= INT64_MIN && n <= UINT64_MAX) return Number(n);
  }
  if (GO_FLOAT.test(plain)) return Number.parseFloat(plain);
  return s;
}

function parseGoInt(s: string): bigint {
  const neg = s.startsWith("-");
  const body = s.replace(/^[-+]/, "");
  let n: bigint;
  if (/^0[oO]/.test(body)) n = BigInt(`0o${body.slice(2)}`);
  else if (/^0[0-7]+$/.test(body)) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body); // decimal, 0x…, 0b…
  return neg ? -n : n;
}

/** A mapping key as compose-ts reads it (the text of a plain key, else its string value). */
export function composeKeyText(node: Scalar): string {
  return node.type === "PLAIN" && !node.tag ? node.source ?? "" : String(node.value);
}
