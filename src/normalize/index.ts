import { Code, type Diagnostic, Diagnostics } from "../diagnostics/index.js";
import { Project, orderBySchema } from "../model/index.js";
import { type Ctx, type PathOptions, checkKeys, copyExtensions, declaredNames, makeRebase } from "./context.js";
import { isRecord, typeName } from "../util/values.js";
import type { ProjectDraft } from "./draft.js";
import { type HostConfig, normalizeHost } from "./host.js";
import { applyImplicitRules } from "./implicit.js";
import { RESOURCE_KINDS, normalizeResource } from "./resources.js";
import { toPlainData } from "./plain-data.js";
import { checkInterpolation } from "./rules/interpolation.js";
import { isValidProjectName, normalizeProjectName } from "./rules/project-name.js";
import { normalizeService } from "./service.js";
import { validateProject } from "./validate.js";

export interface NormalizeOptions extends PathOptions {
  /** `--project-name`: wins over the stack's `name`; must already be a valid name. */
  projectName?: string;
  /** Used when neither option nor stack gives a name (Compose uses the project directory's name). */
  fallbackProjectName?: string;
  /**
   * Check the finished model against its zod schema (an assertion on the normalizer: every
   * problem of a stack is reported by the normalizer's own checks first). Costs ~15 % of a large
   * build, so it is off by default and on in the test suite (COMPOSE_TS_CHECK_MODEL=1).
   */
  checkModel?: boolean;
}

export interface NormalizeResult {
  /** The canonical model; absent when there are errors. */
  model?: Project;
  /** compose-ts's own top-level `host` block (NixOS Docker host settings), checked, for the Nix targets. */
  host?: HostConfig;
  diagnostics: Diagnostic[];
}

const TOP_LEVEL = ["version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models", "host"];

/**
 * Input (a TypeScript stack value or a parsed compose document) → the canonical model.
 * All of Compose's semantics live under this folder, once; emitters only print.
 */
export function normalize(raw: unknown, opts: NormalizeOptions = {}): NormalizeResult {
  const d = new Diagnostics();
  const plain = toPlainData(raw);
  if (plain.diagnostics.length > 0) return { diagnostics: plain.diagnostics };
  const input = plain.value;
  if (!isRecord(input)) {
    d.error(Code.InvalidType, "", `a stack must be a mapping with services, got ${typeName(input)}`);
    return { diagnostics: d.items };
  }
  const ctx: Ctx = { d, rebase: makeRebase(opts), declared: declaredNames(input) };
  checkAllInterpolations(input, [], ctx);
  checkKeys(input, TOP_LEVEL, [], ctx, "the stack");

  if (input.version !== undefined) d.warn(Code.Deprecated, ["version"], "the attribute `version` is obsolete and is ignored");
  if (input.include !== undefined) {
    d.error(Code.NotExpressible, ["include"], "include must be resolved before normalization (load the stack with compose-ts import or build)");
  }

  const name = projectName(input, opts, ctx);
  const out: Record<string, unknown> = { name };

  const services: Record<string, Record<string, unknown>> = {};
  const rawServices = input.services;
  if (rawServices === undefined || rawServices === null) {
    d.error(Code.MissingKey, ["services"], "a stack needs services");
  } else if (!isRecord(rawServices)) {
    d.error(Code.InvalidType, ["services"], `services must be a mapping of service names, got ${typeName(rawServices)}`);
  } else {
    for (const [key, raw] of Object.entries(rawServices)) {
      if (key.startsWith("x-")) continue;
      const s = normalizeService(raw, ["services", key], ctx);
      if (s !== undefined) services[key] = s;
    }
  }
  out.services = services;

  for (const kind of RESOURCE_KINDS) {
    const raw = input[kind];
    if (raw === undefined || raw === null) continue;
    if (!isRecord(raw)) {
      d.error(Code.InvalidType, [kind], `${kind} must be a mapping, got ${typeName(raw)}`);
      continue;
    }
    const section: Record<string, unknown> = {};
    for (const [key, def] of Object.entries(raw)) {
      if (key.startsWith("x-")) continue;
      const r = normalizeResource(kind, key, def, name, ctx);
      if (r !== undefined) section[key] = r;
    }
    out[kind] = section;
  }
  copyExtensions(input, out);

  const draft = out as unknown as ProjectDraft;
  applyImplicitRules(draft, ctx);
  validateProject(draft, ctx);

  const host = input.host === undefined ? undefined : normalizeHost(input.host, d);
  if (d.hasErrors()) return { diagnostics: d.items, ...(host ? { host } : {}) };

  for (const kind of RESOURCE_KINDS) {
    if (isRecord(out[kind]) && Object.keys(out[kind]).length === 0) delete out[kind];
  }
  const ordered = orderBySchema(out, Project);
  if (opts.checkModel ?? process.env.COMPOSE_TS_CHECK_MODEL === "1") {
    const checked = Project.safeParse(ordered);
    if (!checked.success) {
      // The normalizer produced something outside the model: a bug in compose-ts, not in the stack.
      throw new Error(`internal error: normalized model does not match the schema: ${JSON.stringify(checked.error.issues.slice(0, 5))}`);
    }
  }
  return { model: ordered as Project, diagnostics: d.items, ...(host ? { host } : {}) };
}

function projectName(input: Record<string, unknown>, opts: NormalizeOptions, ctx: Ctx): string {
  if (opts.projectName !== undefined) {
    if (!isValidProjectName(opts.projectName)) {
      ctx.d.error(
        Code.InvalidProjectName,
        "",
        `invalid project name "${opts.projectName}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
      );
    }
    return opts.projectName;
  }
  const given = input.name;
  if (given !== undefined && given !== null && given !== "") {
    if (typeof given !== "string") {
      ctx.d.error(Code.InvalidType, ["name"], `name must be a string, got ${typeName(given)}`);
      return "";
    }
    if (/\$\{?[A-Za-z_]/.test(given)) {
      ctx.d.error(Code.InvalidProjectName, ["name"], "the project name cannot use ${VAR}: compose-ts needs it to name resources; pass --project-name");
      return given;
    }
    const n = normalizeProjectName(given);
    if (n === "") ctx.d.error(Code.InvalidProjectName, ["name"], `invalid project name "${given}": nothing is left after normalization`);
    return n;
  }
  if (opts.fallbackProjectName !== undefined) {
    const n = normalizeProjectName(opts.fallbackProjectName);
    if (n !== "") return n;
  }
  ctx.d.error(Code.MissingKey, ["name"], "the stack has no name: set name or pass --project-name");
  return "";
}

function checkAllInterpolations(v: unknown, path: (string | number)[], ctx: Ctx): void {
  if (typeof v === "string") {
    if (v.includes("${")) checkInterpolation(v, [...path], ctx.d);
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      checkAllInterpolations(v[i], path, ctx);
      path.pop();
    }
  } else if (isRecord(v)) {
    for (const k of Object.keys(v)) {
      if (path.length === 0 && k === "host") continue;
      path.push(k);
      checkAllInterpolations(v[k], path, ctx);
      path.pop();
    }
  }
}
