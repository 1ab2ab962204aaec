import { z } from "zod";
import { Bool, ExternalFlag, Int, StringMap, composeObject } from "./common.js";
import { Service } from "./service.js";

/** Top-level resources, in compose-go's struct order (types/types.go). */

export const Network = composeObject({
  name: z.string().optional(),
  driver: z.string().optional(),
  driver_opts: StringMap.optional(),
  ipam: composeObject({
    driver: z.string().optional(),
    config: z
      .array(
        composeObject({
          subnet: z.string().optional(),
          gateway: z.string().optional(),
          ip_range: z.string().optional(),
          aux_addresses: StringMap.optional(),
        }),
      )
      .optional(),
    options: StringMap.optional(),
  }).optional(),
  external: ExternalFlag.optional(),
  internal: Bool.optional(),
  attachable: Bool.optional(),
  labels: StringMap.optional(),
  enable_ipv4: Bool.optional(),
  enable_ipv6: Bool.optional(),
});

export const Volume = composeObject({
  name: z.string().optional(),
  driver: z.string().optional(),
  driver_opts: StringMap.optional(),
  external: ExternalFlag.optional(),
  labels: StringMap.optional(),
});

/** Secrets and configs share compose-go's `FileObjectConfig`. */
const fileObject = {
  name: z.string().optional(),
  file: z.string().optional(),
  /** The name of an environment variable holding the content; its value is never printed. */
  environment: z.string().optional(),
  content: z.string().optional(),
  external: ExternalFlag.optional(),
  labels: StringMap.optional(),
  driver: z.string().optional(),
  driver_opts: StringMap.optional(),
  template_driver: z.string().optional(),
};
export const Secret = composeObject(fileObject);
export const Config = composeObject(fileObject);

export const Model = composeObject({
  name: z.string().optional(),
  model: z.string().optional(),
  context_size: Int.optional(),
  runtime_flags: z.array(z.string()).optional(),
});

/** The canonical project: what `build` prints, and what every emitter reads. */
export const Project = composeObject({
  name: z.string(),
  services: z.record(z.string(), Service),
  networks: z.record(z.string(), Network).optional(),
  volumes: z.record(z.string(), Volume).optional(),
  secrets: z.record(z.string(), Secret).optional(),
  configs: z.record(z.string(), Config).optional(),
  models: z.record(z.string(), Model).optional(),
});

export type Network = z.infer<typeof Network>;
export type Volume = z.infer<typeof Volume>;
export type Secret = z.infer<typeof Secret>;
export type Config = z.infer<typeof Config>;
export type Model = z.infer<typeof Model>;
export type Project = z.infer<typeof Project>;
