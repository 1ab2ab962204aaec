/**
 * How one string is written in the compose file: plain when every common reader — YAML 1.2
 * (`yaml`, go-yaml v3 in compose-go) and YAML 1.1 (PyYAML pure and libyaml, docker-compose v1)
 * — reads it back as the same string; otherwise quoted or a block literal. Decided with
 * regular expressions, not by parsing: the tests in test/property/ prove the decision against
 * the readers themselves.
 */

import { hasLoneSurrogate } from "../../model/text.js";

/** Characters only an escape can carry: C0 controls but tab and LF, DEL, C1, U+2028/2029, U+FFFE/FFFF. */
const ESCAPE_ONLY = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]/;

/**
 * Plain scalars YAML 1.1 or 1.2 readers resolve to something else than a string: null, booleans
 * (YAML 1.1's y/n/yes/on/off too), integers (binary, octal, hex, `1_000`, sexagesimal `22:22`;
 * Go's `0X1F`/`0B1`/`0O7`, which go-yaml parses with strconv), floats (`1e3`, `.5`, `1.`, `.inf`),
 * timestamps (`2001-12-14`), and YAML 1.1's merge key `<<` and value key `=`.
 */
const NOT_A_STRING = new RegExp(
  "^(?:" +
    [
      "~|null|Null|NULL",
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
      "[-+]?0[bB][0-1_]+",
      "[-+]?0[oO]?[0-7_]+",
      "[-+]?[0-9][0-9_]*",
      "[-+]?0[xX][0-9a-fA-F_]+",
      "[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?",
      "[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN",
      "(?![eE])[-+]?(?:[0-9][0-9_]*)?(?:\\.[0-9_]*)?[eE][-+]?[0-9]+",
      "[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*",
      "[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]+)?(?:[ \\t]*(?:Z|[-+][012]?[0-9](?::[0-9][0-9])?))?)?",
      "<<|=",
    ].join("|") +
    ")$",
);

/**
 * Syntax a plain scalar cannot start with or contain: an indicator first (`-`, `?`, `:` only
 * when a space or the end follows), `: ` or ` #` inside, `:` last, a document marker.
 */
const NOT_PLAIN_SYNTAX = /^[#&*!|>'"%{}[\]]|^[-?:](?: |$)|^(?:---|\.\.\.)(?: |$)|: | #|:$/;
/** Indicators `yaml` reads as text but will not write plain: quoted, single quotes when that needs no escapes. */
const QUOTED_INDICATOR = /^[,@`]/;
/** Lines of a document starting so end or start a document: only matters at column 0 (root keys). */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;

export type ScalarStyle = "plain" | "single" | "double" | "literal";

/**
 * The style for a string. `key`: it is a mapping key; `root`: a key of the document's top-level
 * mapping (written at column 0). A multi-line string is a block literal where that keeps it
 * exactly (as a key too, then written `? |`), else double-quoted.
 */
export function scalarStyle(s: string, key: boolean, root: boolean): ScalarStyle {
  if (ESCAPE_ONLY.test(s) || hasLoneSurrogate(s)) return "double";
  if (s.includes("\n")) return literalFits(s) ? "literal" : "double";
  if (s === "" || s.trim() !== s || s.includes("\t") || s.includes("\r")) return "double";
  if (NOT_A_STRING.test(s) || NOT_PLAIN_SYNTAX.test(s)) return "double";
  if (QUOTED_INDICATOR.test(s) || (key && root && DOCUMENT_MARKER.test(s))) {
    return s.includes('"') && !s.includes("'") ? "single" : "double";
  }
  return "plain";
}

/**
 * A block literal cannot start a line with a space or tab (indentation), end one with them
 * (trailing spaces), or hold CR or the YAML 1.1 line breaks.
 */
function literalFits(s: string): boolean {
  return !/(?:^|\n)[ \t]|[ \t]\n|[\r\u0085\u2028\u2029]/.test(s);
}

/**
 * Whether a multi-line key is written as an explicit `? key` entry: one a block literal could
 * hold but for escapes (then written `? "…"`), as compose-ts has always written them.
 */
export function isExplicitKey(s: string): boolean {
  return s.includes("\n") && literalFits(s);
}

/** Escapes JSON.stringify leaves raw that YAML readers refuse or read as line breaks. */
const RAW_FOR_JSON = /[\x7f-\x9f\u2028\u2029\ufffe\uffff]/g;
const MULTI_LINE_MIN = 40;

/**
 * `"…"`: JSON's escapes in YAML's spelling (`\x01`, `\0`, `\a`, `\v`, `\e`, `\N`, `\L`, `\P`),
 * a space before a line break escaped (`\ `). A long value (not a key) that holds line breaks is
 * folded over lines at them, indented by `indent`, as the `yaml` package writes it.
 */
export function doubleQuoted(value: string, indent: string, key: boolean): string {
  if (hasLoneSurrogate(value)) {
    throw new Error(`a string with an unpaired surrogate has no YAML form: ${JSON.stringify(value)}`);
  }
  let json = JSON.stringify(value);
  if (RAW_FOR_JSON.test(json)) {
    json = json.replace(RAW_FOR_JSON, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }
  if (!json.includes("\\")) return json;
  let str = "";
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
      str += json.slice(start, i) + "\\ ";
      i += 1;
      start = i;
      ch = "\\";
    }
    if (ch !== "\\") continue;
    const next = json[i + 1];
    if (next === "u") {
      str += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      str += NAMED_ESCAPES[code] ?? (code.startsWith("00") ? "\\x" + code.slice(2) : json.substr(i, 6));
      i += 5;
      start = i + 1;
    } else if (next === "n") {
      if (key || json[i + 2] === '"' || json.length < MULTI_LINE_MIN) {
        i += 1;
      } else {
        str += json.slice(start, i) + "\n\n";
        while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
          str += "\n";
          i += 2;
        }
        str += indent;
        if (json[i + 2] === " ") str += "\\";
        i += 1;
        start = i + 1;
      }
    } else {
      i += 1;
    }
  }
  return start ? str + json.slice(start) : json;
}

const NAMED_ESCAPES: Record<string, string> = {
  "0000": "\\0",
  "0007": "\\a",
  "000b": "\\v",
  "001b": "\\e",
  "0085": "\\N",
  "00a0": "\\_",
  "2028": "\\L",
  "2029": "\\P",
};

/** `'…'` (only chosen for single-line strings that need no escape). */
export function singleQuoted(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/**
 * `|`, `|-` or `|+` and the lines, each indented by `indent` (empty lines stay empty). Only for
 * strings `scalarStyle` gives "literal": no line starts or ends with a space or tab.
 */
export function blockLiteral(value: string, indent: string): string {
  let endStart = value.length;
  while (endStart > 0) {
    const ch = value[endStart - 1];
    if (ch !== "\n" && ch !== "\t" && ch !== " ") break;
    endStart--;
  }
  let end = value.substring(endStart);
  const endNl = end.indexOf("\n");
  const chomp = endNl === -1 ? "-" : value === end || endNl !== end.length - 1 ? "+" : "";
  let body = value;
  if (end) {
    body = body.slice(0, -end.length);
    if (end.endsWith("\n")) end = end.slice(0, -1);
    end = end.replace(/(^|(?<!\n))\n+(?!\n|$)/g, `$&${indent}`);
  }
  let startEnd = 0;
  let startNl = -1;
  for (; startEnd < body.length; startEnd++) {
    const ch = body[startEnd];
    if (ch === "\n") startNl = startEnd;
    else break;
  }
  let start = body.substring(0, startNl < startEnd ? startNl + 1 : startEnd);
  if (start) {
    body = body.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  return `|${chomp}\n${indent}${start}${body.replace(/\n+/g, `$&${indent}`)}${end}`;
}
