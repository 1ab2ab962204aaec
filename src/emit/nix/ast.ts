/**
 * A small Nix expression tree: just what the Nix emitters (Arion, NixOS module, flake) build.
 * Values from the user only ever enter as `NixString`/`NixInt`/`NixFloat`/`NixBool`/`NixNull`
 * or as attribute names; the printer escapes those, so no value can change the code's meaning.
 * `NixIdent`, `NixSearchPath` and `NixRaw` are for the emitter's own code, never for user data.
 */

export type NixExpr =
  | NixString
  | NixInt
  | NixFloat
  | NixBool
  | NixNull
  | NixIdent
  | NixSearchPath
  | NixList
  | NixAttrs
  | NixApply
  | NixLet
  | NixLambda
  | NixRaw;

export interface NixString {
  kind: "string";
  value: string;
  /** `"auto"` (default): an indented `''…''` string for multi-line values it can hold exactly. */
  style?: "auto" | "double";
}

/** A 64-bit signed integer. */
export interface NixInt {
  kind: "int";
  value: number | bigint;
}

/** A finite double; printed so Nix parses back the same double. */
export interface NixFloat {
  kind: "float";
  value: number;
}

export interface NixBool {
  kind: "bool";
  value: boolean;
}

export interface NixNull {
  kind: "null";
}

/** A variable or a select path made of plain identifiers: `pkgs`, `lib.mkForce`, `pkgs.hello`. */
export interface NixIdent {
  kind: "ident";
  path: string;
}

/** `<nixpkgs>`. */
export interface NixSearchPath {
  kind: "searchPath";
  path: string;
}

export interface NixList {
  kind: "list";
  items: NixExpr[];
}

export interface NixAttrs {
  kind: "attrs";
  bindings: NixBinding[];
  /**
   * Whether this set, when it has a single binding, may be folded into the binding that holds
   * it as a dotted path (`a.b.c = v;`), as people write Nix. Default true. Data sets (labels,
   * environment, …) pass false so they keep their shape.
   */
  collapse?: boolean;
}

export type NixBinding = NixAttr | NixInherit;

export interface NixAttr {
  kind: "attr";
  /** Attribute path segments; any string is allowed (quoted when not a plain identifier). */
  path: string[];
  value: NixExpr;
  /** Printed as `# …` line(s) above the binding. */
  comment?: string;
}

export interface NixInherit {
  kind: "inherit";
  from?: NixExpr;
  names: string[];
}

/** Function application `f a b`. */
export interface NixApply {
  kind: "apply";
  fn: NixExpr;
  args: NixExpr[];
}

export interface NixLet {
  kind: "let";
  bindings: NixBinding[];
  body: NixExpr;
}

/** `{ pkgs, lib ? x, ... }: body` (formals) or `x: body` (a single parameter). */
export interface NixLambda {
  kind: "lambda";
  params: NixFormals | string;
  body: NixExpr;
}

export interface NixFormals {
  names: Array<string | { name: string; default: NixExpr }>;
  ellipsis: boolean;
}

/** Verbatim code written by an emitter. Never built from user data. */
export interface NixRaw {
  kind: "raw";
  text: string;
}

/** A whole file: header comment lines, then one expression. */
export interface NixFile {
  header?: string[];
  body: NixExpr;
}
