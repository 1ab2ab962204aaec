import type { YAMLError } from "yaml";
import type { LineCol } from "./positions.js";

/**
 * The YAML parser's errors → the one message a reader needs. Like go-yaml and PyYAML (and so
 * `docker compose`), only the first error of a file is reported: what follows it is mostly the
 * parser losing its footing. Indentation mistakes are said as such, at the line that is wrong
 * (where PyYAML puts them), not at the end of the line before it or in the leading blanks.
 */
export interface SyntaxProblem {
  at: LineCol;
  message: string;
}

export function firstSyntaxProblem(errors: readonly YAMLError[], text: string, at: (offset: number) => LineCol): SyntaxProblem | undefined {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const first = sorted[0];
  if (!first) return undefined;
  const start = at(first.pos[0]);

  // `image: nginx` followed by a `ports:` indented deeper: the plain scalar runs on into the next
  // line, and its `:` is the error (PyYAML: "mapping values are not allowed here").
  const runOn = sorted.find((e) => e.code === "MULTILINE_IMPLICIT_KEY" && e.pos[0] === first.pos[0] && at(e.pos[1]).line > start.line);
  if (runOn) {
    const colon = at(runOn.pos[1]);
    return {
      at: colon,
      message: `bad indentation: line ${colon.line} is indented deeper than the key before it, so it reads as part of the value on line ${start.line} (mapping values are not allowed here); indent it like its sibling keys`,
    };
  }

  // Errors placed in a line's leading blanks are about what starts that line.
  const lineStart = first.pos[0] - (start.col - 1);
  const indent = /^[ ]*/.exec(text.slice(lineStart))![0].length;
  const where = first.code !== "TAB_AS_INDENT" && start.col - 1 < indent ? { line: start.line, col: indent + 1 } : start;
  switch (first.code) {
    case "BAD_INDENT":
      return { at: where, message: "bad indentation: this key does not start at the same column as the other keys of its mapping" };
    case "BLOCK_AS_IMPLICIT_KEY":
      if (/sequence/.test(first.message)) {
        return { at: where, message: "bad indentation: this list item does not start at the same column as the items before it" };
      }
      return { at: where, message: first.message };
    case "TAB_AS_INDENT":
      return { at: where, message: "tabs cannot indent YAML; use spaces" };
    default:
      return { at: where, message: first.message };
  }
}
