import { readFileSync } from "node:fs";
import path from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";

/**
 * `stack.ts:11:21 error CT0102 unknown service "dbb" … — at services.web.depends_on[0]`
 * followed by a code frame when the source position is known.
 */
export function renderDiagnostic(d: Diagnostic, defaultFile: string | undefined, cwd: string): string {
  const file = d.pos?.file ?? defaultFile;
  const shown = file ? path.relative(cwd, file) || file : undefined;
  const loc = shown ? (d.pos ? `${shown}:${d.pos.line}:${d.pos.col}` : shown) : "";
  const at = d.path && !d.message.includes(d.path) ? ` (at ${d.path})` : "";
  let text = `${loc ? loc + " " : ""}${d.severity} ${d.code} ${d.message}${at}`;
  if (d.pos && file) text += codeFrame(file, d.pos.line, d.pos.col);
  return text;
}

function codeFrame(file: string, line: number, col: number): string {
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split(/\r?\n/);
  } catch {
    return "";
  }
  const from = Math.max(1, line - 1);
  const to = Math.min(lines.length, line + 1);
  const width = String(to).length;
  let out = "";
  for (let n = from; n <= to; n++) {
    const marker = n === line ? ">" : " ";
    // A binary or control-character line would garble the terminal: show it escaped.
    const text = (lines[n - 1] ?? "").replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g, "?").slice(0, 200);
    out += `\n${marker} ${String(n).padStart(width)} | ${text}`;
    if (n === line) out += `\n  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, col - 1))}^`;
  }
  return out;
}
