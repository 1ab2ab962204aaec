import { blockLiteral, doubleQuoted, isExplicitKey, scalarStyle, singleQuoted } from "./scalar.js";

/**
 * A YAML document (block style, 2-space indentation, sequences indented under their key) for
 * plain data: objects in their own key order, arrays, strings, finite numbers, booleans and null.
 * It writes what the `yaml` package's `Document#toString` wrote for compose-ts before (the
 * goldens are that output), directly and without building a node tree. `undefined` entries of
 * objects are left out, as JSON does.
 */
export function writeYamlDocument(value: unknown): string {
  if (isMap(value)) {
    const entries = definedEntries(value);
    if (entries.length > 0) return writePairs(entries, "", true) + "\n";
  }
  return writeValue(value, "  ") + "\n";
}

type Entry = [string, unknown];

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function definedEntries(o: Record<string, unknown>): Entry[] {
  const out: Entry[] = [];
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const v = o[k];
    if (v !== undefined) out.push([k, v]);
  }
  return out;
}

/** The pairs of a block mapping whose lines start at `indent`. */
function writePairs(entries: Entry[], indent: string, root: boolean): string {
  const inner = indent + "  ";
  let out = "";
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    if (i > 0) out += "\n" + indent;
    out += writePair(k, v, indent, inner, root);
  }
  return out;
}

function writePair(k: string, v: unknown, indent: string, inner: string, root: boolean): string {
  let explicit = isExplicitKey(k);
  let key: string;
  switch (scalarStyle(k, true, root)) {
    case "plain":
      key = k;
      break;
    case "single":
      key = singleQuoted(k);
      break;
    case "double":
      key = doubleQuoted(k, inner, !explicit);
      break;
    case "literal":
      key = blockLiteral(k, inner);
      break;
  }
  // YAML limits implicit keys to 1024 characters: a longer one is written as `? key`.
  if (!explicit && key.length > 1024) explicit = true;
  const head = explicit ? `? ${key}\n${indent}:` : `${key}:`;
  if (!explicit && typeof v === "object" && v !== null) {
    if (Array.isArray(v)) {
      if (v.length > 0) return `${head}\n${inner}${writeItems(v, inner)}`;
    } else {
      const entries = definedEntries(v as Record<string, unknown>);
      if (entries.length > 0) return `${head}\n${inner}${writePairs(entries, inner, false)}`;
    }
  }
  return `${head} ${writeValue(v, inner)}`;
}

/** The items of a block sequence whose `- ` start at `indent`. */
function writeItems(items: unknown[], indent: string): string {
  const inner = indent + "  ";
  let out = "";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += "\n" + indent;
    out += "- " + writeValue(items[i], inner);
  }
  return out;
}

/**
 * A value after `key: `, `? key\n:` or `- `. `indent` is where its own continuation lines
 * start (the item or pair indentation plus one step).
 */
function writeValue(v: unknown, indent: string): string {
  switch (typeof v) {
    case "string":
      return writeString(v, indent);
    case "number":
      return writeNumber(v);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "null";
    case "object":
      if (v === null) return "null";
      if (Array.isArray(v)) return v.length === 0 ? "[]" : writeItems(v, indent);
      {
        const entries = definedEntries(v as Record<string, unknown>);
        return entries.length === 0 ? "{}" : writePairs(entries, indent, false);
      }
    default:
      throw new TypeError(`a ${typeof v} has no YAML form`);
  }
}

function writeString(s: string, indent: string): string {
  switch (scalarStyle(s, false, false)) {
    case "plain":
      return s;
    case "single":
      return singleQuoted(s);
    case "double":
      return doubleQuoted(s, indent, false);
    case "literal":
      return blockLiteral(s, indent);
  }
}

/**
 * As JSON writes it, but an exponent form gets a fraction (`1e-7` → `1.0e-7`): YAML 1.1 (PyYAML)
 * reads a float only with a dot, and would read `1e-7` as a string.
 */
function writeNumber(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? ".nan" : n < 0 ? "-.inf" : ".inf";
  if (Object.is(n, -0)) return "-0";
  const json = JSON.stringify(n);
  const e = json.indexOf("e");
  return e === -1 || json.lastIndexOf(".", e) !== -1 ? json : json.slice(0, e) + ".0" + json.slice(e);
}
