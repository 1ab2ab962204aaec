import { z } from "zod";

/**
 * Building blocks of the canonical model. Field order in every object schema is
 * compose-go's struct order: the YAML emitter and `orderBySchema` rely on it.
 */

/** `x-*` extension keys allowed beside the defined ones. */
export const EXTENSION_KEY = /^x-/;

/**
 * An object with Compose's fields in compose-go order, plus `x-*` extensions.
 * Any other key is rejected, so the model never carries what the normalizer did not understand.
 */
export function composeObject<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine((value, ctx) => {
      for (const key of Object.keys(value)) {
        if (!(key in shape) && !EXTENSION_KEY.test(key)) {
          ctx.addIssue({ code: "custom", message: `unexpected key "${key}"`, path: [key] });
        }
      }
    });
}

/**
 * A string that still holds an un-interpolated `${VAR}`: Compose keeps interpolation for
 * the machine that runs the file, so typed fields (booleans, numbers) may carry one.
 */
export const Interpolated = z.string().regex(/\$\{?[A-Za-z_]/, "expected a ${VAR} expression");

export const Bool = z.union([z.boolean(), Interpolated]);
export const Int = z.union([z.number().int(), Interpolated]);
export const Num = z.union([z.number(), Interpolated]);

/** String-to-string map (labels, sysctls, driver_opts, …); keys are emitted sorted. */
export const StringMap = z.record(z.string(), z.string());
/** Environment: a `null` value means "taken from the environment of whoever runs compose". */
export const EnvMap = z.record(z.string(), z.string().nullable());

/** Go `time.Duration.String()` form: `1m30s`, `500ms`, `0s` (or a `${VAR}`). */
export const Duration = z.string();
/** Byte sizes in canonical decimal-bytes form, as strings: `"536870912"` (or `-1`, or a `${VAR}`). */
export const ByteSize = z.string();

export const Ulimit = z.union([
  Int,
  composeObject({
    soft: Int,
    hard: Int,
  }),
]);
export const Ulimits = z.record(z.string(), Ulimit);

export const FileReference = composeObject({
  source: z.string(),
  target: z.string().optional(),
  uid: z.string().optional(),
  gid: z.string().optional(),
  /** Octal string, `"0440"`. */
  mode: z.string().optional(),
});

export const DeviceRequest = composeObject({
  capabilities: z.array(z.string()).optional(),
  driver: z.string().optional(),
  /** `-1` means all devices. */
  count: Int.optional(),
  device_ids: z.array(z.string()).optional(),
  options: StringMap.optional(),
});

export const ExternalFlag = z.union([z.literal(true), Interpolated]);
