import { Code, type Diagnostic } from "../diagnostics/index.js";

/**
 * Reads a `.env` file the way Compose does (compose-go dotenv): `KEY=value`, an optional
 * `export ` prefix, `#` comments, single quotes literal, double quotes with `\n \t \\ \"`
 * escapes, unquoted values cut at ` #` and trimmed. Values are NOT interpolated here; the
 * caller resolves `${VAR}` with the whole environment.
 */
export function parseDotenv(text: string, file: string): { values: Map<string, string>; diagnostics: Diagnostic[] } {
  const values = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("export ")) line = line.slice(7).trimStart();
    const m = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s?(.*)$/.exec(line);
    if (!m) {
      diagnostics.push({
        code: Code.InvalidValue,
        severity: "error",
        path: "",
        message: `cannot read line ${i + 1} of ${file}: expected KEY=value`,
        pos: { file, line: i + 1, col: 1 },
      });
      continue;
    }
    const key = m[1]!;
    let rest = m[2]!;
    let value: string;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value may span lines until its closing quote.
      let body = rest.slice(1);
      while (!hasClosingQuote(body, quote) && i + 1 < lines.length) body += "\n" + lines[++i]!;
      const end = closingQuoteIndex(body, quote);
      const raw = end < 0 ? body : body.slice(0, end);
      value = quote === "'" ? raw : unescapeDouble(raw);
    } else {
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      value = rest.trim();
    }
    values.set(key, value);
  }
  return { values, diagnostics };
}

function closingQuoteIndex(s: string, quote: string): number {
  for (let i = 0; i < s.length; i++) {
    if (quote === '"' && s[i] === "\\") {
      i++;
      continue;
    }
    if (s[i] === quote) return i;
  }
  return -1;
}

function hasClosingQuote(s: string, quote: string): boolean {
  return closingQuoteIndex(s, quote) >= 0;
}

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\$])/g, (_, c: string) => ({ n: "\n", r: "\r", t: "\t" })[c] ?? c);
}
