import { Code, formatPath } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";

/**
 * Compose variable interpolation, with compose-go's template/template.go semantics.
 *
 * compose-go finds expressions with a regexp whose `${NAME<op>…}` branch is greedy up to the
 * last `}` on the line, then cuts it back at the first *balanced* closing brace
 * (`getFirstBraceClosingIndex`, which skips the character after every `{`). The tokenizer below
 * reproduces that cut exactly, so `${A:-${B:-x}} y}` and friends split the same way.
 */

/** `$$` (a literal `$`), `$NAME`, `${NAME}`, `${NAME<op>arg}`, or a `${` that is not an expression. */
export type Token =
  | { kind: "text"; text: string }
  | { kind: "escaped"; raw: "$$" }
  | { kind: "var"; raw: string; name: string; braced: boolean; op?: Operator; arg?: string }
  | { kind: "invalid"; raw: "${" };

export type Operator = ":-" | "-" | ":+" | "+" | ":?" | "?";

const NAME_START = /[_A-Za-z]/;
const NAME_CHAR = /[_A-Za-z0-9]/;

/** Index of the brace closing the first `{` of `s`, counted as compose-go does, or -1. */
function firstBalancedClose(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "}") {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === "{") {
      open++;
      i++;
    }
  }
  return -1;
}

function readName(s: string, from: number): number {
  if (from >= s.length || !NAME_START.test(s[from]!)) return from;
  let j = from + 1;
  while (j < s.length && NAME_CHAR.test(s[j]!)) j++;
  return j;
}

/** Parses the `${…}` starting at `start` (where `s[start] === "$"`); undefined when malformed. */
function readBraced(s: string, start: number): { token: Token; end: number } | undefined {
  const nameStart = start + 2;
  const nameEnd = readName(s, nameStart);
  if (nameEnd === nameStart) return undefined;
  const name = s.slice(nameStart, nameEnd);
  if (s[nameEnd] === "}") {
    return { token: { kind: "var", raw: s.slice(start, nameEnd + 1), name, braced: true }, end: nameEnd + 1 };
  }
  let op: Operator;
  let argStart: number;
  const c = s[nameEnd];
  const c2 = s[nameEnd + 1];
  if (c === ":" && (c2 === "-" || c2 === "+" || c2 === "?")) {
    op = `:${c2}`;
    argStart = nameEnd + 2;
  } else if (c === "-" || c === "+" || c === "?") {
    op = c;
    argStart = nameEnd + 1;
  } else {
    return undefined;
  }
  // The regexp's `(.*)}` cannot cross a newline and ends at the last `}` before it.
  const nl = s.indexOf("\n", argStart);
  const lineEnd = nl === -1 ? s.length : nl;
  const lastBrace = s.lastIndexOf("}", lineEnd - 1);
  if (lastBrace < argStart) return undefined;
  const matchEnd = lastBrace + 1;
  const close = firstBalancedClose(s.slice(start, matchEnd));
  const end = close > -1 ? start + close + 1 : matchEnd;
  return {
    token: { kind: "var", raw: s.slice(start, end), name, braced: true, op, arg: s.slice(argStart, end - 1) },
    end,
  };
}

/** Splits a string into literal text and interpolation tokens. */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") out.push({ kind: "text", text });
    text = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c !== "$") {
      text += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      flush();
      out.push({ kind: "escaped", raw: "$$" });
      i += 2;
    } else if (next !== undefined && NAME_START.test(next)) {
      flush();
      const end = readName(s, i + 1);
      out.push({ kind: "var", raw: s.slice(i, end), name: s.slice(i + 1, end), braced: false });
      i = end;
    } else if (next === "{") {
      flush();
      const b = readBraced(s, i);
      if (b === undefined) {
        out.push({ kind: "invalid", raw: "${" });
        i += 2;
      } else {
        out.push(b.token);
        i = b.end;
      }
    } else {
      // `$1`, `$ `, a trailing `$`: compose leaves these alone.
      text += c;
      i++;
    }
  }
  flush();
  return out;
}

/** True when `s` holds a `$VAR` or `${…}` that Compose would substitute (`$$` does not count). */
export function hasInterpolation(s: string): boolean {
  if (!s.includes("$")) return false;
  return tokenize(s).some((t) => t.kind === "var" || t.kind === "invalid");
}

/** The first malformed `${` in `s`, including inside defaults and error messages, or undefined. */
function findInvalid(s: string): boolean {
  // Only a `${` can be malformed (most strings have none).
  if (!s.includes("${")) return false;
  for (const t of tokenize(s)) {
    if (t.kind === "invalid") return true;
    if (t.kind === "var" && t.arg !== undefined && findInvalid(t.arg)) return true;
  }
  return false;
}

function invalidMessage(value: string, path: readonly PathSegment[]): string {
  return `invalid interpolation format for ${formatPath(path) || "value"}: ${JSON.stringify(value)}. You may need to escape any $ with another $`;
}

/**
 * Reports a malformed `${…}` in `value`. Unlike compose-go (which only looks at a default when it
 * is used), nested defaults are always checked: the value is kept verbatim and may be
 * interpolated later with any environment.
 */
export function checkInterpolation(value: string, path: readonly PathSegment[], d: Diagnostics): void {
  if (findInvalid(value)) d.error(Code.InvalidInterpolation, path, invalidMessage(value, path));
}

/**
 * Substitutes variables like `docker compose` does before loading (unset without default →
 * "" with a warning; `${V:?e}` unset → error; `$$` → `$`). Errors leave "" in place of the
 * expression, so the result is always a string.
 */
export function interpolate(
  value: string,
  lookup: (name: string) => string | undefined,
  path: readonly PathSegment[],
  d: Diagnostics,
): string {
  let invalid = false;
  const run = (s: string): string => {
    let out = "";
    for (const t of tokenize(s)) {
      if (t.kind === "text") out += t.text;
      else if (t.kind === "escaped") out += "$";
      else if (t.kind === "invalid") invalid = true;
      else out += evaluate(t, run);
    }
    return out;
  };
  const evaluate = (t: Extract<Token, { kind: "var" }>, sub: (s: string) => string): string => {
    const v = lookup(t.name);
    const arg = t.arg ?? "";
    const missing = (): string => {
      const reason = sub(arg);
      d.error(
        Code.InvalidInterpolation,
        path,
        reason === ""
          ? `required variable ${t.name} is missing a value`
          : `required variable ${t.name} is missing a value: ${reason}`,
      );
      return "";
    };
    switch (t.op) {
      case undefined:
        if (v === undefined) {
          d.warn(Code.InvalidInterpolation, path, `the "${t.name}" variable is not set, defaulting to a blank string`);
        }
        return v ?? "";
      case ":-":
        return v === undefined || v === "" ? sub(arg) : v;
      case "-":
        return v === undefined ? sub(arg) : v;
      case ":+":
        return v !== undefined && v !== "" ? sub(arg) : (v ?? "");
      case "+":
        return v !== undefined ? sub(arg) : "";
      case ":?":
        return v === undefined || v === "" ? missing() : v;
      case "?":
        return v === undefined ? missing() : v;
    }
  };
  const result = run(value);
  if (invalid) d.error(Code.InvalidInterpolation, path, invalidMessage(value, path));
  return result;
}

/**
 * Splits `s` at `sep` characters that are outside `${…}` expressions, so `${P:-80}:80` splits
 * into `${P:-80}` and `80`.
 */
export function splitOutsideInterpolation(s: string, sep: string): string[] {
  const parts: string[] = [""];
  for (const t of tokenize(s)) {
    if (t.kind === "text") {
      const pieces = t.text.split(sep);
      parts[parts.length - 1] += pieces[0]!;
      for (const p of pieces.slice(1)) parts.push(p);
    } else {
      parts[parts.length - 1] += t.raw;
    }
  }
  return parts;
}

/**
 * `s` with each variable replaced by its default (`${V:-d}` → `d`) or "" — a best guess at
 * what a value will look like, used where a kind must be chosen before interpolation
 * (a bind mount vs a named volume).
 */
export function withDefaults(s: string): string {
  let out = "";
  for (const t of tokenize(s)) {
    if (t.kind === "text") out += t.text;
    else if (t.kind === "escaped") out += "$";
    else if (t.kind === "var" && (t.op === ":-" || t.op === "-")) out += withDefaults(t.arg ?? "");
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// An included project's own variables, carried into the parent's file

/**
 * The outcome of `applyIncludeEnv`: the rewritten value, and the variables for which the
 * rewrite could not keep compose-go's meaning in full.
 */
export interface IncludeEnvRewrite {
  value: string;
  /** Their include value is written in place (it cannot be a default): the parent can no longer override them. */
  pinned: string[];
  /** Nested in another expression with a value that cannot be written there: left as they were. */
  unexpressed: string[];
}

/**
 * compose-go interpolates an included file with the parent's environment, falling back to the
 * include's own `env_file`/`.env` (loader/include.go: `environment.Clone().Merge(envFromFile)`).
 * compose-ts keeps `${VAR}` for the machine that runs the output, where only the parent's
 * environment exists, so every reference to a variable the include defines is rewritten into an
 * expression that falls back to the include's value and still lets a parent value win.
 *
 * `env` maps each include variable to a Compose template that evaluates to its value (a `.env`
 * value is itself interpolated, so it is a template already; a literal needs `literalTemplate`).
 * Each rewrite below is exact in every case of the parent's variable (unset, empty, non-empty),
 * except `${V:+a}` with a non-empty include value, for which no expression over the parent's
 * variable alone exists: it becomes `a`, wrong only when the parent sets V to "".
 */
export function applyIncludeEnv(value: string, env: ReadonlyMap<string, string>): IncludeEnvRewrite {
  const pinned = new Set<string>();
  const unexpressed = new Set<string>();

  const run = (s: string, nested: boolean): string => {
    let out = "";
    for (const t of tokenize(s)) {
      if (t.kind === "text") out += t.text;
      else if (t.kind === "escaped" || t.kind === "invalid") out += t.raw;
      else out += rewrite(t, nested);
    }
    return out;
  };

  const rewrite = (t: Extract<Token, { kind: "var" }>, nested: boolean): string => {
    // The argument is evaluated with the same lookup as the expression around it.
    const arg = t.arg === undefined ? undefined : run(t.arg, true);
    const own = env.get(t.name);
    if (own === undefined) return t.op === undefined ? t.raw : `\${${t.name}${t.op}${arg}}`;
    const v = t.name;
    const a = arg ?? "";
    const empty = isEmptyTemplate(own);
    // With the include's value as fallback, the expression is never "unset" for compose-go.
    const fallback = (build: (d: string) => string): string => {
      if (fitsInDefault(own)) return build(own);
      if (nested) {
        unexpressed.add(v);
        return t.raw;
      }
      pinned.add(v);
      return canonicalTemplate(own);
    };
    switch (t.op) {
      case undefined:
      case "-":
      case "?":
        return fallback((d) => `\${${v}-${d}}`);
      case "+":
        return nested ? a : canonicalTemplate(a);
      case ":+":
        if (empty) return `\${${v}:+${a}}`;
        return nested ? a : canonicalTemplate(a);
      case ":-":
        if (empty) return `\${${v}:-${a}}`;
        if (a === "") return fallback((d) => `\${${v}-${d}}`);
        if (a === own) return fallback((d) => `\${${v}:-${d}}`);
        // Parent non-empty → its value; parent set but empty → the default; unset → ours.
        return fallback((d) => `\${${v}:-\${${v}+${a}}\${${v}-${d}}}`);
      case ":?":
        if (empty) return `\${${v}:?${a}}`;
        // As `:-`, but a parent that sets it empty still fails with the file's own message.
        return fallback((d) => `\${${v}:-\${${v}+\${${v}:?${a}}}\${${v}-${d}}}`);
    }
  };

  const out = run(value, false);
  return { value: out, pinned: [...pinned], unexpressed: [...unexpressed] };
}

/** A literal string as a Compose template (`$` → `$$`). */
export function literalTemplate(s: string): string {
  return s.replaceAll("$", "$$$$");
}

/**
 * The same template with every lone `$` (`$1`, a trailing `$`) written as `$$`, so that it can
 * be placed next to other text without joining into a new expression.
 */
function canonicalTemplate(s: string): string {
  let out = "";
  for (const t of tokenize(s)) out += t.kind === "text" ? literalTemplate(t.text) : t.raw;
  return out;
}

/** True when the template can only evaluate to "" (no variables in it and no text). */
function isEmptyTemplate(s: string): boolean {
  return tokenize(s).every((t) => t.kind === "text" && t.text === "");
}

/**
 * Whether `s` survives as the default of `${V-s}` wherever that is placed: compose-go ends an
 * expression at the first balanced `}` on its line (counting `{` oddly), so an unbalanced `}`
 * or `{`, or a line break, would end it elsewhere.
 */
function fitsInDefault(s: string): boolean {
  // The trailing `}` stands for whatever follows on the line: it must not be taken in.
  const probe = tokenize(`\${_-${s}}}`);
  const [expr, rest] = probe;
  return probe.length === 2 && expr?.kind === "var" && expr.arg === s && rest?.kind === "text" && !findInvalid(s);
}
