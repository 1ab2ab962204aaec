import type { z } from "zod";
import { isRecord } from "../util/values.js";
import { EXTENSION_KEY } from "./common.js";

/**
 * Re-creates `value` with keys in canonical order, guided by its schema:
 * struct-like objects follow the schema's field order (compose-go's struct order) with
 * `x-*` extensions last and sorted; maps (records) are sorted by key; lists keep their order.
 * This is what makes the output byte-deterministic whatever order the user wrote.
 */
export function orderBySchema(value: unknown, schema: z.ZodType): unknown {
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
      return value === undefined || value === null ? value : orderBySchema(value, def.innerType!);
    case "lazy":
      return orderBySchema(value, def.getter!());
    case "pipe":
      return orderBySchema(value, def.in!);
    case "array":
      return Array.isArray(value) ? value.map((v) => orderBySchema(v, def.element!)) : value;
    case "record":
      return isRecord(value) ? orderRecord(value, def.valueType!) : value;
    case "object":
      return isRecord(value) ? orderObject(value, def.shape!) : value;
    case "union": {
      // The first object-shaped option for objects; scalars need no ordering.
      if (!isRecord(value) && !Array.isArray(value)) return value;
      for (const option of def.options!) {
        const t = (option as unknown as { _zod: { def: SchemaDef } })._zod.def.type;
        if ((t === "object" || t === "record") && isRecord(value)) return orderBySchema(value, option);
        if (t === "array" && Array.isArray(value)) return orderBySchema(value, option);
      }
      return value;
    }
    default:
      return isRecord(value) ? orderRecord(value, undefined) : value;
  }
}

interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
}

function orderRecord(value: Record<string, unknown>, valueSchema: z.ZodType | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    out[key] = valueSchema ? orderBySchema(value[key], valueSchema) : sortDeep(value[key]);
  }
  return out;
}

function orderObject(value: Record<string, unknown>, shape: Record<string, z.ZodType>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    if (value[key] !== undefined) out[key] = orderBySchema(value[key], shape[key]!);
  }
  const extensions = Object.keys(value)
    .filter((k) => !(k in shape) && EXTENSION_KEY.test(k))
    .sort(compareKeys);
  for (const key of extensions) out[key] = sortDeep(value[key]);
  return out;
}

/** Extension values are free-form: their maps are sorted like any Compose map. */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (isRecord(value)) return orderRecord(value, undefined);
  return value;
}

/** Byte-wise order, like Go's sort.Strings (not locale-aware). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
