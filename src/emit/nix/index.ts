import type {
  NixApply,
  NixAttr,
  NixAttrs,
  NixBinding,
  NixExpr,
  NixFloat,
  NixFormals,
  NixIdent,
  NixInherit,
  NixInt,
  NixLambda,
  NixLet,
  NixList,
  NixRaw,
  NixSearchPath,
  NixString,
} from "./ast.js";

export type * from "./ast.js";
export {
  NixPrintError,
  indentedNixString,
  isNixIdentifier,
  isNixRepresentable,
  nixAttrName,
  printNix,
  printNixFile,
  quoteNixString,
} from "./printer.js";

/** Builders, so emitters read like the Nix they produce. */

export const str = (value: string, style?: NixString["style"]): NixString =>
  style === undefined ? { kind: "string", value } : { kind: "string", value, style };
export const int = (value: number | bigint): NixInt => ({ kind: "int", value });
export const float = (value: number): NixFloat => ({ kind: "float", value });
export const bool = (value: boolean): NixExpr => ({ kind: "bool", value });
export const nul: NixExpr = { kind: "null" };
export const ident = (path: string): NixIdent => ({ kind: "ident", path });
export const searchPath = (path: string): NixSearchPath => ({ kind: "searchPath", path });
export const list = (items: NixExpr[]): NixList => ({ kind: "list", items });
export const attrs = (bindings: NixBinding[], opts: { collapse?: boolean } = {}): NixAttrs =>
  opts.collapse === undefined ? { kind: "attrs", bindings } : { kind: "attrs", bindings, collapse: opts.collapse };
/** `attr("a.b", v)` is not split: pass `["a", "b"]` for a path. */
export const attr = (path: string | string[], value: NixExpr, comment?: string): NixAttr => ({
  kind: "attr",
  path: typeof path === "string" ? [path] : path,
  value,
  ...(comment === undefined ? {} : { comment }),
});
export const inherit = (names: string[], from?: NixExpr): NixInherit =>
  from === undefined ? { kind: "inherit", names } : { kind: "inherit", names, from };
export const apply = (fn: NixExpr, ...args: NixExpr[]): NixApply => ({ kind: "apply", fn, args });
export const letIn = (bindings: NixBinding[], body: NixExpr): NixLet => ({ kind: "let", bindings, body });
export const lambda = (params: NixFormals | string, body: NixExpr): NixLambda => ({ kind: "lambda", params, body });
export const formals = (names: NixFormals["names"], ellipsis = true): NixFormals => ({ names, ellipsis });
/** Emitter-written code only; never pass user data here. */
export const raw = (text: string): NixRaw => ({ kind: "raw", text });

/** JSON-like data (what the Compose model holds). */
export type NixData = string | number | boolean | null | readonly NixData[] | { readonly [k: string]: NixData | undefined };

/**
 * Converts data to Nix: integers become ints, other numbers floats, objects attribute sets
 * (keys sorted byte-wise for deterministic output, `undefined` values dropped).
 * Sets made here are never folded into dotted paths: they are data, kept as a set.
 */
export function fromData(value: NixData): NixExpr {
  if (value === null) return nul;
  if (typeof value === "string") return str(value);
  if (typeof value === "boolean") return bool(value);
  if (typeof value === "number") return Number.isInteger(value) ? int(value) : float(value);
  if (Array.isArray(value)) return list((value as readonly NixData[]).map(fromData));
  const obj = value as { readonly [k: string]: NixData | undefined };
  const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bindings: NixBinding[] = [];
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined) bindings.push(attr(k, fromData(v)));
  }
  return attrs(bindings, { collapse: false });
}
