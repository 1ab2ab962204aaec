/**
 * A tiny expression tree for the object literals `compose-ts import` writes, and its printer.
 * Only what a stack needs: literals, identifiers, objects (with spreads) and arrays, each entry
 * with the comments that sat on it in the YAML. Layout: a collection without comments that fits
 * the line stays on one line (`{ image: "nginx" }`), anything else gets one entry per line.
 */

export interface Trivia {
  /** Comment lines above the entry ("" is a blank line). */
  before?: string[];
  /** A comment at the end of the entry's line. */
  trailing?: string;
  /** An empty line before the entry (as in the YAML). */
  blank?: boolean;
}

export type Expr =
  | { t: "code"; code: string }
  | { t: "obj"; entries: Entry[]; head?: string[]; tail?: string[] }
  | { t: "arr"; items: Item[]; head?: string[]; tail?: string[] };

export type Entry = ({ t: "prop"; key: string; value: Expr } | { t: "spread"; code: string }) & Trivia;
export type Item = { value: Expr } & Trivia;

const WIDTH = 100;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const code = (c: string): Expr => ({ t: "code", code: c });

/** A JavaScript string literal in double quotes (never a template literal: `${` must stay text). */
export function stringLiteral(s: string): string {
  return JSON.stringify(s);
}

/** A number as source text that evaluates to exactly that number. */
export function numberLiteral(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  if (Object.is(n, -0)) return "-0";
  return String(n);
}

export function propertyKey(key: string): string {
  // A literal `__proto__` key (even quoted) sets the prototype; a computed key is an own property.
  if (key === "__proto__") return `["__proto__"]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

function hasTrivia(e: Expr): boolean {
  if (e.t === "code") return false;
  if ((e.head?.length ?? 0) > 0 || (e.tail?.length ?? 0) > 0) return true;
  const parts = e.t === "obj" ? e.entries : e.items;
  return parts.some(
    (p) => (p.before?.length ?? 0) > 0 || p.trailing !== undefined || p.blank === true || ("value" in p && hasTrivia(p.value)),
  );
}

function inline(e: Expr): string {
  if (e.t === "code") return e.code;
  if (e.t === "arr") return `[${e.items.map((i) => inline(i.value)).join(", ")}]`;
  if (e.entries.length === 0) return "{}";
  return `{ ${e.entries.map((p) => (p.t === "spread" ? `...${p.code}` : `${propertyKey(p.key)}: ${inline(p.value)}`)).join(", ")} }`;
}

/** Blank lines inside a comment block stay part of it (`//`); a blank line at its end separates it. */
function commentLines(lines: string[] | undefined, pad: string): string {
  if (!lines) return "";
  const out = [...lines];
  while (out.length > 0 && out[0]!.trim() === "") out.shift();
  let gapAfter = false;
  while (out.length > 0 && out[out.length - 1]!.trim() === "") {
    out.pop();
    gapAfter = true;
  }
  const text = out.map((l) => (l.trim() === "" ? `${pad}//\n` : `${pad}//${l.startsWith(" ") ? "" : " "}${l.trimEnd()}\n`)).join("");
  return gapAfter ? `${text}\n` : text;
}

function trailing(t: string | undefined): string {
  return t === undefined ? "" : ` //${t.startsWith(" ") ? "" : " "}${t.trimEnd().replace(/\n/g, " ")}`;
}

/** Prints `e` starting at column `col`, nested `depth` levels deep (two spaces each). */
export function printExpr(e: Expr, depth = 0, col = 0): string {
  if (e.t === "code") return e.code;
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (!hasTrivia(e)) {
    const one = inline(e);
    if (col + one.length <= WIDTH && !one.includes("\n")) return one;
  }
  const [open, close] = e.t === "obj" ? ["{", "}"] : ["[", "]"];
  let out = `${open}\n${commentLines(e.head, pad)}`;
  const parts: Array<Entry | Item> = e.t === "obj" ? e.entries : e.items;
  parts.forEach((p, i) => {
    if (p.blank && i > 0) out += "\n";
    out += commentLines(p.before, pad);
    let line: string;
    if ("t" in p && p.t === "spread") line = `${pad}...${p.code}`;
    else if ("t" in p && p.t === "prop") {
      const k = `${pad}${propertyKey(p.key)}: `;
      line = k + printExpr(p.value, depth + 1, k.length);
    } else line = pad + printExpr((p as Item).value, depth + 1, pad.length);
    out += `${line},${trailing(p.trailing)}\n`;
  });
  out += commentLines(e.tail, pad);
  return `${out}${end}${close}`;
}
