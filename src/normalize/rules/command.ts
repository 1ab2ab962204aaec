import { Code } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { tokenize } from "./interpolation.js";

/**
 * A `command`/`entrypoint` string → argv, exactly as compose-go splits it (types/command.go:
 * mattn/go-shellwords v1.0.12 `Parse`, ParseEnv and ParseBacktick off). Notably:
 * - quotes group and are removed; `\x` outside single quotes is a literal `x` (so `\n` → `n`);
 * - an unquoted `; & | < >` silently ends the command (`echo a && b` → [echo, a]); before `>`,
 *   a word starting with a digit is dropped too (`cmd 2>&1` → [cmd]);
 * - backticks and `$( … )` are kept literally but group like quotes; a lone `(` or `)` is an error.
 * compose-go interpolates before splitting; compose-ts keeps `${…}` and treats it as one unit,
 * so `${MSG:-a b}` stays a single argument.
 */

export interface SplitResult {
  args: string[];
  /** Index in the line where an unquoted `; & | < >` ended parsing. */
  stoppedAt?: number;
  /** Why the line cannot be split. */
  error?: string;
}

/** Whether the current word has content (go-shellwords `argType`): a quoted "" still counts. */
const Got = { No: 0, Single: 1, Quoted: 2 } as const;

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\r" || c === "\n";
}

export function shellSplit(line: string): SplitResult {
  const args: string[] = [];
  let buf = "";
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuote = false;
  let dollarQuote = false;
  let got: number = Got.No;
  let stoppedAt: number | undefined;

  let i = 0;
  loop: while (i < line.length) {
    const r = line[i]!;
    if (escaped) {
      buf += r;
      escaped = false;
      got = Got.Single;
      i++;
      continue;
    }
    if (r === "$" && line[i + 1] === "{") {
      const t = tokenize(line.slice(i))[0];
      if (t !== undefined && t.kind === "var") {
        buf += t.raw;
        got = Got.Single;
        i += t.raw.length;
        continue;
      }
    }
    if (r === "\\") {
      if (singleQuoted) buf += r;
      else escaped = true;
      i++;
      continue;
    }
    if (isSpace(r)) {
      if (singleQuoted || doubleQuoted || backQuote || dollarQuote) {
        buf += r;
      } else if (got !== Got.No) {
        args.push(buf);
        buf = "";
        got = Got.No;
      }
      i++;
      continue;
    }
    switch (r) {
      case "`":
        if (!singleQuoted && !doubleQuoted && !dollarQuote) backQuote = !backQuote;
        break;
      case ")":
        if (!singleQuoted && !doubleQuoted && !backQuote) dollarQuote = !dollarQuote;
        break;
      case "(":
        if (!singleQuoted && !doubleQuoted && !backQuote) {
          if (!dollarQuote && buf.endsWith("$")) {
            dollarQuote = true;
            buf += "(";
            i++;
            continue;
          }
          return { args: [], error: "unquoted ( (quote it, or use the list form)" };
        }
        break;
      case '"':
        if (!singleQuoted && !dollarQuote) {
          if (doubleQuoted) got = Got.Quoted;
          doubleQuoted = !doubleQuoted;
          i++;
          continue;
        }
        break;
      case "'":
        if (!doubleQuoted && !dollarQuote) {
          if (singleQuoted) got = Got.Quoted;
          singleQuoted = !singleQuoted;
          i++;
          continue;
        }
        break;
      case ";":
      case "&":
      case "|":
      case "<":
      case ">":
        if (!(singleQuoted || doubleQuoted || backQuote || dollarQuote)) {
          // `2>` : the file-descriptor word belongs to the redirection, so it is dropped too.
          if (r === ">" && buf.length > 0 && buf[0]! >= "0" && buf[0]! <= "9") got = Got.No;
          stoppedAt = i;
          break loop;
        }
        break;
    }
    got = Got.Single;
    buf += r;
    i++;
  }
  if (got !== Got.No) args.push(buf);

  if (escaped) return { args: [], error: "ends with an escaping \\" };
  if (singleQuoted || doubleQuoted) return { args: [], error: "unterminated quote" };
  if (backQuote) return { args: [], error: "unterminated `" };
  if (dollarQuote) return { args: [], error: "unbalanced ( )" };
  return stoppedAt === undefined ? { args } : { args, stoppedAt };
}

/**
 * Splits a string `command`/`entrypoint` like compose-go. Where compose-go silently drops the
 * rest of the line at an unquoted `; & | < >`, the same result is returned with a warning.
 */
export function splitCommand(value: string, path: PathSegment[], d: Diagnostics): string[] {
  const r = shellSplit(value);
  if (r.error !== undefined) {
    d.error(Code.InvalidValue, path, `cannot split command ${JSON.stringify(value)}: ${r.error}`);
    return [];
  }
  if (r.stoppedAt !== undefined) {
    const dropped = value.slice(r.stoppedAt).trim();
    d.warn(
      Code.InvalidValue,
      path,
      `command ${JSON.stringify(value)} is cut at an unquoted ${JSON.stringify(value[r.stoppedAt])}: ${JSON.stringify(dropped)} is ignored, as docker compose does; to run it through a shell use the list form ["sh", "-c", ${JSON.stringify(value)}]`,
    );
  }
  return r.args;
}
