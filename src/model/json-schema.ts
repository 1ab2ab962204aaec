import { z } from "zod";
import { Project } from "./project.js";

/**
 * JSON Schema (draft 2020-12) of the canonical model: what `compose-ts build --format json`
 * prints, for tools that read it. Generated from the zod schemas, so it cannot say more than
 * they do (cross-field rules such as "no unknown service" live in the normalizer).
 */
export function composeModelJsonSchema(): Record<string, unknown> {
  const schema = onlyExtensions(z.toJSONSchema(Project, { target: "draft-2020-12", unrepresentable: "any", io: "output" })) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: "compose-ts canonical Compose model",
    description: "The normalized project compose-ts emits (docker compose config's canonical form).",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/**
 * `composeObject`'s catch-all exists only for `x-*` keys (its refinement rejects the rest), which
 * JSON Schema can say directly: extensions as `patternProperties`, nothing else.
 */
function onlyExtensions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(onlyExtensions);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = onlyExtensions(v);
  const extra = out.additionalProperties;
  if (out.type === "object" && out.properties !== undefined && typeof extra === "object" && extra !== null && Object.keys(extra).length === 0) {
    out.patternProperties = { "^x-": {} };
    out.additionalProperties = false;
  }
  return out;
}
