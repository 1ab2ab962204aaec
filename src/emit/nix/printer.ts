import type { NixAttr, NixBinding, NixExpr, NixFile, NixFormals, NixLambda } from "./ast.js";
import { hasLoneSurrogate } from "../../model/text.js";

/**
 * Nix AST → text, nixfmt-like: 2-space indent, one binding per line, `[ ]`/`{ }` when empty,
 * lists of scalars inline when they fit in 100 columns, otherwise one item per line.
 * All escaping of values and attribute names happens here, once.
 */

/** Thrown for an AST the printer cannot express (an emitter bug, never a user error). */
export class NixPrintError extends Error {
  override name = "NixPrintError";
}

const WIDTH = 100;
const IDENT = /^[a-zA-Z_][a-zA-Z0-9_'-]*$/;
const KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"]);
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** A plain Nix identifier usable unquoted as an attribute name or variable. */
export function isNixIdentifier(name: string): boolean {
  return IDENT.test(name) && !KEYWORDS.has(name);
}

/**
 * Whether a string can be a Nix string at all: Nix strings are NUL-terminated C strings and
 * source files are UTF-8, so NUL and unpaired UTF-16 surrogates have no exact Nix form.
 */
export function isNixRepresentable(s: string): boolean {
  return !s.includes("\0") && !hasLoneSurrogate(s);
}

function checkRepresentable(s: string): void {
  if (!isNixRepresentable(s)) {
    throw new NixPrintError(`string has no exact Nix form (NUL or lone surrogate): ${JSON.stringify(s)}`);
  }
}

/** `"…"` with `\` `"` `${` and the control characters Nix knows escaped. */
export function quoteNixString(s: string): string {
  checkRepresentable(s);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") out += "\\\\";
    else if (c === '"') out += '\\"';
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c === "$" && s[i + 1] === "{") out += "\\$";
    else out += c;
  }
  return out + '"';
}

/** An attribute name: bare when it is a plain identifier, else a quoted (escaped) string. */
export function nixAttrName(name: string): string {
  return isNixIdentifier(name) ? name : quoteNixString(name);
}

/**
 * The `''…''` form of a multi-line value, with content lines at `indent + 2` spaces and the
 * closing `''` at `indent`, or `undefined` when that form could not hold the value exactly.
 * Nix strips the common leading spaces of the lines, drops a whitespace-only last line and
 * decodes `''$`, `'''` and `''\x`; the conditions below keep every one of those rules from
 * touching the value, and anything in doubt goes to the `"…"` form instead.
 */
export function indentedNixString(s: string, indent: number): string | undefined {
  if (!s.includes("\n") || !isNixRepresentable(s)) return undefined;
  // Tabs and CR would take part in (or break) indentation stripping; `"…"` spells them out.
  if (s.includes("\t") || s.includes("\r")) return undefined;
  // `'` before an escape sequence (`''${`) would lex as the `'''` escape.
  if (s.includes("'${")) return undefined;
  const lines = s.split("\n");
  const last = lines[lines.length - 1]!;
  // A last line of only spaces would be dropped; a final `'` would merge with the closing `''`.
  if (last !== "" && (/^ +$/.test(last) || last.endsWith("'"))) return undefined;
  // Our indentation must be the smallest one, or Nix would strip the value's own leading spaces.
  if (!lines.some((l) => l !== "" && !l.startsWith(" "))) return undefined;

  const pad = " ".repeat(indent + 2);
  const body = lines.map((line, i) => {
    const escaped = line.replace(/''/g, "'''").replace(/\$\{/g, "''${");
    if (i === lines.length - 1) return last === "" ? " ".repeat(indent) + "''" : pad + escaped + "''";
    return escaped === "" ? "" : pad + escaped;
  });
  return "''\n" + body.join("\n");
}

function formatInt(value: number | bigint): string {
  if (typeof value === "number" && !Number.isInteger(value)) {
    throw new NixPrintError(`not an integer: ${value}`);
  }
  const n = BigInt(value);
  if (n > INT64_MAX || n < INT64_MIN) throw new NixPrintError(`integer out of Nix's 64-bit range: ${n}`);
  // The lexer has no literal for INT64_MIN (its magnitude overflows).
  if (n === INT64_MIN) return "(-9223372036854775807 - 1)";
  return n.toString();
}

function formatFloat(value: number): string {
  if (!Number.isFinite(value)) throw new NixPrintError(`not a finite float: ${value}`);
  if (Object.is(value, -0)) return "-0.0";
  // Nix's lexer rejects literals that underflow (strtod reports ERANGE for subnormals).
  if (value !== 0 && Math.abs(value) < 2.2250738585072014e-308) {
    throw new NixPrintError(`subnormal float has no Nix literal: ${value}`);
  }
  // JS prints the shortest decimal that reads back as the same double; Nix's float literal
  // needs a `.` in the mantissa (`1e21` would not lex as a float).
  const js = String(value);
  const [mantissa, exponent] = js.split("e") as [string, string | undefined];
  const m = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  return exponent === undefined ? m : `${m}e${exponent}`;
}

function isNegativeNumber(e: NixExpr): boolean {
  if (e.kind === "int") return BigInt(e.value) < 0n;
  if (e.kind === "float") return e.value < 0 || Object.is(e.value, -0);
  return false;
}

function checkIdentPath(path: string): void {
  for (const seg of path.split(".")) {
    if (!isNixIdentifier(seg)) throw new NixPrintError(`not an identifier path: ${JSON.stringify(path)}`);
  }
}

/** Expressions that print on one line whatever their context. */
function isScalar(e: NixExpr): boolean {
  switch (e.kind) {
    case "string":
      return !(e.style !== "double" && indentedNixString(e.value, 0) !== undefined);
    case "int":
    case "float":
    case "bool":
    case "null":
    case "ident":
    case "searchPath":
      return true;
    case "list":
      return e.items.length === 0;
    case "attrs":
      return e.bindings.length === 0;
    default:
      return false;
  }
}

/** Whether `e` needs parentheses as a list item or a function argument. */
function needsParens(e: NixExpr): boolean {
  return e.kind === "apply" || e.kind === "lambda" || e.kind === "let" || isNegativeNumber(e);
}

function pad(n: number): string {
  return " ".repeat(n);
}

function commentLines(text: string, indent: number): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => (l === "" ? `${pad(indent)}#` : `${pad(indent)}# ${l}`))
    .join("\n");
}

/**
 * Follows one-binding sets down into a dotted path (`a = { b = { c = 1; }; }` → `a.b.c = 1;`),
 * stopping at sets marked `collapse: false`.
 */
function collapsed(binding: NixAttr, collapse: boolean): { path: string[]; value: NixExpr; comments: string[] } {
  const path = [...binding.path];
  const comments = binding.comment === undefined ? [] : [binding.comment];
  let value = binding.value;
  if (!collapse) return { path, value, comments };
  while (value.kind === "attrs" && value.collapse !== false && value.bindings.length === 1) {
    const inner = value.bindings[0]!;
    if (inner.kind !== "attr") break;
    path.push(...inner.path);
    if (inner.comment !== undefined) comments.push(inner.comment);
    value = inner.value;
  }
  return { path, value, comments };
}

function printBinding(b: NixBinding, indent: number, collapse: boolean): string {
  if (b.kind === "inherit") {
    for (const n of b.names) checkIdentPath(n);
    if (b.names.some((n) => n.includes("."))) throw new NixPrintError("inherit takes plain names");
    const from = b.from === undefined ? "" : ` (${print(b.from, indent, indent + 10, 0)})`;
    return `${pad(indent)}inherit${from}${b.names.map((n) => ` ${n}`).join("")};`;
  }
  if (b.path.length === 0) throw new NixPrintError("empty attribute path");
  const { path, value, comments } = collapsed(b, collapse);
  const lhs = path.map(nixAttrName).join(".");
  const head = comments.map((c) => commentLines(c, indent) + "\n").join("");
  return `${head}${pad(indent)}${lhs} = ${print(value, indent, indent + lhs.length + 3, 1)};`;
}

function printBindings(bindings: NixBinding[], indent: number, collapse: boolean): string {
  return bindings.map((b) => printBinding(b, indent, collapse)).join("\n");
}

function printFormals(f: NixFormals, indent: number): string {
  const parts = f.names.map((n) => {
    if (typeof n === "string") {
      checkIdentPath(n);
      return n;
    }
    checkIdentPath(n.name);
    return `${n.name} ? ${print(n.default, indent, indent, 0)}`;
  });
  if (f.ellipsis) parts.push("...");
  return parts.length === 0 ? "{ }" : `{ ${parts.join(", ")} }`;
}

function printLambda(e: NixLambda, indent: number, col: number, trail: number): string {
  let header: string;
  if (typeof e.params === "string") {
    checkIdentPath(e.params);
    if (e.params.includes(".")) throw new NixPrintError("a lambda parameter is a plain name");
    header = `${e.params}:`;
  } else {
    header = `${printFormals(e.params, indent)}:`;
  }
  const b = e.body;
  if (b.kind === "attrs" || b.kind === "let" || b.kind === "lambda") {
    return `${header}\n${pad(indent)}${print(b, indent, indent, trail)}`;
  }
  return `${header} ${print(b, indent, col + header.length + 1, trail)}`;
}

/** Prints `e` starting at column `col` on a line indented by `indent`, with `trail` chars after it. */
function print(e: NixExpr, indent: number, col: number, trail: number): string {
  switch (e.kind) {
    case "string": {
      if (e.style !== "double") {
        const ind = indentedNixString(e.value, indent);
        if (ind !== undefined) return ind;
      }
      return quoteNixString(e.value);
    }
    case "int":
      return formatInt(e.value);
    case "float":
      return formatFloat(e.value);
    case "bool":
      return e.value ? "true" : "false";
    case "null":
      return "null";
    case "ident":
      checkIdentPath(e.path);
      return e.path;
    case "searchPath":
      if (!/^[a-zA-Z0-9._+-]+(\/[a-zA-Z0-9._+-]+)*$/.test(e.path)) {
        throw new NixPrintError(`not a search path: ${JSON.stringify(e.path)}`);
      }
      return `<${e.path}>`;
    case "raw":
      return e.text;
    case "list": {
      if (e.items.length === 0) return "[ ]";
      const item = (x: NixExpr, i: number, c: number): string => {
        const t = print(x, i, needsParens(x) ? c + 1 : c, 0);
        return needsParens(x) ? `(${t})` : t;
      };
      if (e.items.every(isScalar)) {
        const inline = `[ ${e.items.map((x) => item(x, indent, 0)).join(" ")} ]`;
        if (col + inline.length + trail <= WIDTH) return inline;
      }
      const inner = indent + 2;
      return `[\n${e.items.map((x) => pad(inner) + item(x, inner, inner)).join("\n")}\n${pad(indent)}]`;
    }
    case "attrs": {
      if (e.bindings.length === 0) return "{ }";
      return `{\n${printBindings(e.bindings, indent + 2, e.collapse !== false)}\n${pad(indent)}}`;
    }
    case "apply": {
      const fnText = e.fn.kind === "lambda" || e.fn.kind === "let" ? `(${print(e.fn, indent, col + 1, 0)})` : print(e.fn, indent, col, 0);
      let out = fnText;
      for (const a of e.args) {
        const lastLine = out.slice(out.lastIndexOf("\n") + 1);
        const c = (out.includes("\n") ? lastLine.length : col + out.length) + 1;
        const t = print(a, indent, needsParens(a) ? c + 1 : c, trail);
        out += needsParens(a) ? ` (${t})` : ` ${t}`;
      }
      return out;
    }
    case "let": {
      if (e.bindings.length === 0) return print(e.body, indent, col, trail);
      return `let\n${printBindings(e.bindings, indent + 2, true)}\n${pad(indent)}in\n${pad(indent)}${print(e.body, indent, indent, trail)}`;
    }
    case "lambda":
      return printLambda(e, indent, col, trail);
  }
}

/** One expression as a file body (ends with a newline). */
export function printNix(expr: NixExpr): string {
  return print(expr, 0, 0, 0) + "\n";
}

/** A whole file: `# header` lines, then the expression, then a newline. */
export function printNixFile(file: NixFile): string {
  const header = (file.header ?? []).map((h) => commentLines(h, 0) + "\n").join("");
  return header + printNix(file.body);
}
