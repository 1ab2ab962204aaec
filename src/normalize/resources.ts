import { Code, type PathSegment } from "../diagnostics/index.js";
import type { Ctx } from "./context.js";
import { isRecord } from "../util/values.js";
import { type FieldTable, applyTable, bool, dropZeroValues, int, labels, list, listOf, object, str } from "./fields.js";
import { asString } from "./values.js";

/** Top-level networks, volumes, secrets, configs and models. */

/** `external: true`, or the deprecated `external: {name: x}` (→ `name: x, external: true`). */
function external(kind: string) {
  return (v: unknown, path: PathSegment[], ctx: Ctx): unknown => {
    if (isRecord(v)) {
      ctx.d.warn(Code.Deprecated, path, `external.name is deprecated for ${kind}s; set name and external: true`);
      return { __externalName: v.name ?? null };
    }
    const b = bool(v, path, ctx);
    return b === false ? undefined : b;
  };
}

const pathField = (v: unknown, path: PathSegment[], ctx: Ctx): unknown => {
  const s = asString(v, path, ctx);
  return s === undefined ? undefined : ctx.rebase(s);
};

const NETWORK: FieldTable = {
  name: str,
  driver: str,
  driver_opts: labels,
  ipam: object(
    {
      driver: str,
      config: listOf(object({ subnet: str, gateway: str, ip_range: str, aux_addresses: labels }, "ipam pool")),
      options: labels,
    },
    "ipam",
  ),
  external: external("network"),
  internal: bool,
  attachable: bool,
  labels,
  enable_ipv4: bool,
  enable_ipv6: bool,
};

const VOLUME: FieldTable = {
  name: str,
  driver: str,
  driver_opts: labels,
  external: external("volume"),
  labels,
};

const FILE_OBJECT: FieldTable = {
  name: str,
  file: pathField,
  environment: str,
  content: str,
  external: external("secret"),
  labels,
  driver: str,
  driver_opts: labels,
  template_driver: str,
};
const { content: _content, ...SECRET } = FILE_OBJECT;

const MODEL: FieldTable = { name: str, model: str, context_size: int, runtime_flags: list };

/** `enable_ipv4`/`enable_ipv6` are pointers in compose-go: `false` there turns the default off. */
const RESOURCE_POINTERS = new Set(["enable_ipv4", "enable_ipv6"]);

const TABLES = {
  networks: NETWORK,
  volumes: VOLUME,
  secrets: SECRET,
  configs: FILE_OBJECT,
  models: MODEL,
} satisfies Record<string, FieldTable>;

export type ResourceKind = keyof typeof TABLES;
export const RESOURCE_KINDS = Object.keys(TABLES) as ResourceKind[];

const SINGULAR: Record<ResourceKind, string> = {
  networks: "network",
  volumes: "volume",
  secrets: "secret",
  configs: "config",
  models: "model",
};

/**
 * Normalizes one top-level resource and gives it its engine name: `<project>_<key>` unless
 * `name` is set; an external resource is named after its key (compose-go `setNameFromKey`).
 */
export function normalizeResource(
  kind: ResourceKind,
  key: string,
  raw: unknown,
  project: string,
  ctx: Ctx,
): Record<string, unknown> | undefined {
  const path: PathSegment[] = [kind, key];
  const what = SINGULAR[kind];
  const rec = raw === null || raw === undefined ? {} : isRecord(raw) ? raw : undefined;
  if (rec === undefined) {
    ctx.d.error(Code.InvalidType, path, `${what} definition must be a mapping`);
    return undefined;
  }
  const out = applyTable(rec, TABLES[kind], path, ctx, what);
  dropZeroValues(out, RESOURCE_POINTERS);
  if (isRecord(out.external)) {
    const legacy = out.external.__externalName;
    if (typeof legacy === "string") {
      if (out.name !== undefined && out.name !== legacy) {
        ctx.d.error(Code.Conflict, [...path, "name"], `${what} "${key}": name and external.name conflict`);
      }
      out.name = legacy;
    }
    out.external = true;
  }
  if (out.external !== undefined) {
    const extra = Object.keys(out).filter((k) => k !== "name" && k !== "external" && !k.startsWith("x-"));
    if (extra.length > 0) {
      ctx.d.error(Code.Conflict, path, `${what} "${key}" is external: only name can be set beside it, not ${extra.join(", ")}`);
    }
  }
  if (kind === "secrets" || kind === "configs") checkFileObject(kind, key, out, ctx);
  if (kind !== "models" && out.name === undefined) out.name = out.external !== undefined ? key : `${project}_${key}`;
  return out;
}

/** A secret or config comes from exactly one source, unless it is external or driver-managed. */
function checkFileObject(kind: "secrets" | "configs", key: string, out: Record<string, unknown>, ctx: Ctx): void {
  if (out.external !== undefined || out.driver !== undefined) return;
  const sources = ["file", "environment", ...(kind === "configs" ? ["content"] : [])].filter((k) => out[k] !== undefined);
  if (sources.length !== 1) {
    const what = SINGULAR[kind];
    ctx.d.error(
      sources.length === 0 ? Code.MissingKey : Code.Conflict,
      [kind, key],
      `${what} "${key}" must have exactly one of ${kind === "configs" ? "file, environment or content" : "file or environment"}`,
    );
  }
}
