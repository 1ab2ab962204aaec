import { Diagnostics } from "../../diagnostics/index.js";
import { interpolate } from "../../normalize/rules/interpolation.js";
import { setOwn } from "../../util/values.js";
import { parseDotenv } from "../dotenv.js";

/**
 * The variables a project is interpolated with, as `docker compose` builds them: the process
 * environment over the env files (`.env` in the project directory, or the `--env-file`s), each
 * file's values interpolated with what came before them (compose-go dotenv).
 *
 * compose-ts keeps `${VAR}` verbatim in what it writes; these variables only resolve what must be
 * known to read the files at all: `include` paths and `extends.file`.
 */
export type Lookup = (name: string) => string | undefined;

export interface EnvSource {
  /** Env files in order (later wins); a missing one is an error. */
  files?: string[];
  /** Used when no files are given, if it exists. */
  defaultFile?: string;
}

export function projectEnvironment(
  source: EnvSource,
  read: (p: string) => string,
  report: (message: string, file: string) => void,
  processEnv: NodeJS.ProcessEnv = process.env,
): Lookup {
  const texts: { file: string; text: string }[] = [];
  if (source.files && source.files.length > 0) {
    for (const file of source.files) {
      try {
        texts.push({ file, text: read(file) });
      } catch (e) {
        report(`cannot read env file ${file}: ${e instanceof Error ? e.message : String(e)}`, file);
      }
    }
  } else if (source.defaultFile !== undefined) {
    try {
      texts.push({ file: source.defaultFile, text: read(source.defaultFile) });
    } catch {
      // No `.env` in the project directory: the process environment alone.
    }
  }
  const values = new Map<string, string>();
  const fromProcess = (name: string) => (Object.hasOwn(processEnv, name) ? processEnv[name] : undefined);
  for (const { file, text } of texts) {
    const parsed = parseDotenv(text, file);
    for (const d of parsed.diagnostics) report(d.message, file);
    for (const [k, raw] of parsed.values) {
      // Unset variables in a .env value become "" quietly, as compose-go's dotenv does.
      values.set(k, interpolate(raw, (n) => fromProcess(n) ?? values.get(n), [], new Diagnostics()));
    }
  }
  return (name) => fromProcess(name) ?? values.get(name);
}

/** `lookup`, falling back to an included project's own variables (Compose templates). */
export function withIncludeEnv(lookup: Lookup, env: ReadonlyMap<string, string>): Lookup {
  if (env.size === 0) return lookup;
  return (name) => {
    const own = lookup(name);
    if (own !== undefined) return own;
    const template = env.get(name);
    return template === undefined ? undefined : interpolate(template, lookup, [], new Diagnostics());
  };
}

/**
 * `--interpolate`: every string value (never a key) with `${VAR}` resolved, as `docker compose
 * config` prints it. Unset variables and `${VAR:?error}` are reported at the value's path.
 */
export function interpolateDocument(v: unknown, lookup: Lookup, d: Diagnostics, path: (string | number)[] = []): unknown {
  if (typeof v === "string") return v.includes("$") ? interpolate(v, lookup, path, d) : v;
  if (Array.isArray(v)) return v.map((x, i) => interpolateDocument(x, lookup, d, [...path, i]));
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, interpolateDocument(x, lookup, d, [...path, k]));
    return out;
  }
  return v;
}
