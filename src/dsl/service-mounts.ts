import type { ShortVolume } from "./refs.js";
import type { Bool, ByteSize, Extensions, Interpolated, ListOrDict } from "./scalars.js";

/**
 * What a service mounts into its container: volumes and bind mounts (`volumes`), and declared
 * secrets and configs, each in its short and long form.
 */


/** Mount kinds of the long volume syntax. */
export type VolumeType = "bind" | "volume" | "tmpfs" | "cluster" | "npipe" | "image";

interface MountCommon extends Extensions {
  /** Path inside the container where the mount appears. */
  target: string;
  /** Mount read-only. Default `false`. */
  read_only?: Bool;
  /** macOS Docker Desktop sync hint: `"consistent"`, `"cached"` or `"delegated"`. */
  consistency?: "consistent" | "cached" | "delegated" | (string & {});
}

/** Options of a bind mount. */
export interface BindOptions extends Extensions {
  /** How nested mounts propagate: `"rprivate"` (default), `"private"`, `"rshared"`, `"shared"`, `"rslave"`, `"slave"`. */
  propagation?: "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave" | Interpolated;
  /** Create the host directory when it does not exist. Default `true`. */
  create_host_path?: Bool;
  /** Treatment of sub-mounts: `"enabled"` (default), `"disabled"`, `"writable"`, `"readonly"`. */
  recursive?: "enabled" | "disabled" | "writable" | "readonly";
  /** SELinux relabel: `"z"` content shared between containers, `"Z"` private to this one. */
  selinux?: "z" | "Z";
}

/** Options of a named-volume mount. */
export interface VolumeOptions extends Extensions {
  /** Labels set on the volume if this mount creates it. */
  labels?: ListOrDict;
  /** Do not copy the image's files at `target` into a new, empty volume. Default `false`. */
  nocopy?: Bool;
  /** Mount only this sub-directory of the volume. */
  subpath?: string;
}

/** Options of a tmpfs mount. */
export interface TmpfsOptions extends Extensions {
  /** Size cap: bytes, or a string with a unit such as `"64m"`. Default: unlimited. */
  size?: ByteSize;
  /** File mode of the mount point, e.g. `0o1777` or `"1777"`. */
  mode?: number | string;
}

/** Options of an image mount. */
export interface ImageOptions extends Extensions {
  /** Mount only this path of the image. */
  subpath?: string;
}

/** Long-form mount of a named volume declared under the top-level `volumes`. */
export interface VolumeMount<V extends string = string> extends MountCommon {
  /** A named (or anonymous) volume managed by Docker. */
  type: "volume";
  /** Name of a volume declared at the top level. Omit for an anonymous volume. */
  source?: V;
  /** Volume-specific options. */
  volume?: VolumeOptions;
}

/** Long-form bind mount of a host path. */
export interface BindMount extends MountCommon {
  /** A file or directory of the host. */
  type: "bind";
  /** Host path; relative paths are resolved against the project directory. */
  source: string;
  /** Bind-specific options. */
  bind?: BindOptions;
}

/** Long-form in-memory mount. */
export interface TmpfsMount extends MountCommon {
  /** An in-memory filesystem, gone when the container stops. */
  type: "tmpfs";
  /** tmpfs-specific options. */
  tmpfs?: TmpfsOptions;
}

/** Long-form mount of (part of) an image's filesystem. */
export interface ImageMount extends MountCommon {
  /** Another image's filesystem, read-only. */
  type: "image";
  /** Image reference to mount. */
  source: string;
  /** Image-specific options. */
  image?: ImageOptions;
}

/** Long-form Windows named pipe mount. */
export interface NpipeMount extends MountCommon {
  /** A Windows named pipe of the host. */
  type: "npipe";
  /** Pipe path on the host, e.g. `"\\\\.\\pipe\\docker_engine"`. */
  source: string;
}

/** Long-form Swarm cluster volume mount. */
export interface ClusterMount extends MountCommon {
  /** A Swarm cluster (CSI) volume. */
  type: "cluster";
  /** Cluster volume name or group. */
  source?: string;
}

/**
 * A `volumes` entry of a service: the short string `SOURCE:TARGET[:MODE]` (SOURCE is a declared
 * volume name or a host path starting with `.`, `/`, `~` or `$`), or a long-form mount object
 * whose `type` decides which options apply.
 * @see https://docs.docker.com/reference/compose-file/services/#volumes
 */
export type ServiceVolume<V extends string = string> =
  | ShortVolume<V>
  | VolumeMount<V>
  | BindMount
  | TmpfsMount
  | ImageMount
  | NpipeMount
  | ClusterMount;

// ---------------------------------------------------------------------------------------------
// secrets / configs

/** Long form of a service's `secrets` entry. */
export interface ServiceSecretObject<Se extends string = string> extends Extensions {
  /** Name of a secret declared at the top level. */
  source: Se;
  /** File name under `/run/secrets/` or an absolute path. Default `/run/secrets/<source>`. */
  target?: string;
  /** Owner user id of the file in the container. Default `"0"`. */
  uid?: string;
  /** Owner group id of the file in the container. Default `"0"`. */
  gid?: string;
  /** Permission bits, octal: `0o440` or `"0440"`. Default `0444`. */
  mode?: number | string;
}

/**
 * A `secrets` entry: a declared secret's name (mounted at `/run/secrets/<name>`) or the long form.
 * @see https://docs.docker.com/reference/compose-file/services/#secrets
 */
export type ServiceSecret<Se extends string = string> = Se | ServiceSecretObject<Se>;

/** Long form of a service's `configs` entry. */
export interface ServiceConfigObject<C extends string = string> extends Extensions {
  /** Name of a config declared at the top level. */
  source: C;
  /** Where the file appears in the container. Default `/<source>`. */
  target?: string;
  /** Owner user id of the file in the container. Default `"0"`. */
  uid?: string;
  /** Owner group id of the file in the container. Default `"0"`. */
  gid?: string;
  /** Permission bits, octal: `0o440` or `"0440"`. Default `0444`. */
  mode?: number | string;
}

/**
 * A service's `configs` entry: a declared config's name (mounted at `/<name>`) or the long form.
 * @see https://docs.docker.com/reference/compose-file/services/#configs
 */
export type ServiceConfig<C extends string = string> = C | ServiceConfigObject<C>;

