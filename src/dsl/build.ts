import type { ServiceSecret } from "./service-mounts.js";
import type { ExtraHosts } from "./service-parts.js";
import type { Ulimits } from "./service-resources.js";
import type { Bool, ByteSize, Extensions, ListOrDict, StringOrList } from "./scalars.js";

/**
 * The long form of `build`: how to build the service's image.
 * @see https://docs.docker.com/reference/compose-file/build/
 */
export interface Build<Se extends string = string> extends Extensions {
  /** Directory (relative to the stack's project directory) or URL (git, https tarball) sent to the builder. Default `"."`. */
  context?: string;
  /** Dockerfile path, relative to `context`. Default `"Dockerfile"`. Ignored when `dockerfile_inline` is set. */
  dockerfile?: string;
  /** The Dockerfile's text written right here instead of in a file. */
  dockerfile_inline?: string;
  /** Extra privileges the build may use, e.g. `"network.host"`, `"security.insecure"`. */
  entitlements?: readonly string[];
  /** Build arguments (`ARG`), as a map or `"KEY=value"` list; a key without value is taken from the environment. */
  args?: ListOrDict;
  /** SSH agent sockets or keys the build may use: `"default"` or `"id=/path/to/key"`. */
  ssh?: ListOrDict;
  /** Labels set on the built image. */
  labels?: ListOrDict;
  /** Images or cache sources to reuse layers from (`"user/app:cache"`, `"type=local,src=path"`). */
  cache_from?: readonly string[];
  /** Where to export the build cache (`"type=local,dest=path"`, `"user/app:cache"`). */
  cache_to?: readonly string[];
  /** Rebuild every layer, ignoring the cache. Default `false`. */
  no_cache?: Bool;
  /** Stages of a multi-stage build that must not use the cache. */
  no_cache_filter?: StringOrList;
  /** Named extra contexts (`FROM name` / `COPY --from=name`): paths, URLs, `docker-image://…` or `service:<name>`. */
  additional_contexts?: ListOrDict;
  /** Network used by `RUN` steps: `"default"`, `"host"`, `"none"` or a network name. */
  network?: "default" | "host" | "none" | (string & {});
  /** Attach a provenance attestation to the image (`true`, or a BuildKit mode string such as `"mode=max"`). */
  provenance?: string | boolean;
  /** Attach a software bill of materials (`true`, or a BuildKit generator string). */
  sbom?: string | boolean;
  /** Always look for newer versions of base images before building. Default `false`. */
  pull?: Bool;
  /** Stage of a multi-stage Dockerfile to stop at. */
  target?: string;
  /** Size of `/dev/shm` for `RUN` steps: bytes, or a string with a unit such as `"2g"`. */
  shm_size?: ByteSize;
  /** Extra `/etc/hosts` entries for `RUN` steps. */
  extra_hosts?: ExtraHosts;
  /** Container isolation used while building (Windows: `"process"`, `"hyperv"`). */
  isolation?: string;
  /** Run `RUN` steps with extended privileges. Default `false`. */
  privileged?: Bool;
  /** Declared secrets the build may mount (`RUN --mount=type=secret,id=…`). */
  secrets?: readonly ServiceSecret<Se>[];
  /** More tags for the built image, besides `image`. */
  tags?: readonly string[];
  /** Resource limits for `RUN` steps. */
  ulimits?: Ulimits;
  /** Platforms to build for, e.g. `"linux/amd64"`, `"linux/arm64"`. */
  platforms?: readonly string[];
}
