import type { Bool, DriverOpts, Extensions, Int, ListOrDict, StringOrList } from "./scalars.js";

/** Top-level resources that services refer to by name. */

/**
 * Marks a resource as created outside the stack: Compose only looks it up (by `name`, or by its
 * key) and never creates or removes it. The object form `{ name }` is a deprecated spelling of
 * the resource's `name`.
 */
export type External = Bool | { name?: string };

/** Network drivers that ship with Docker, offered as completions; plugins use their own names. */
export type NetworkDriver = "bridge" | "host" | "overlay" | "macvlan" | "ipvlan" | "none" | (string & {});

/** One address pool of a network's IPAM configuration. */
export interface IpamPool extends Extensions {
  /** Subnet in CIDR notation, e.g. `"172.28.0.0/16"`. */
  subnet?: string;
  /** Sub-range containers get addresses from, in CIDR notation. */
  ip_range?: string;
  /** Gateway address of the subnet. */
  gateway?: string;
  /** Addresses the driver must not hand out, by host name. */
  aux_addresses?: { readonly [host: string]: string };
}

/** IP address management of a network. */
export interface Ipam extends Extensions {
  /** IPAM driver. Default `"default"`. */
  driver?: string;
  /** Address pools. */
  config?: readonly IpamPool[];
  /** IPAM driver options. */
  options?: { readonly [key: string]: string };
}

/**
 * A network services can join. `{}` (or `null`) gets a bridge network named `<project>_<key>`.
 * @see https://docs.docker.com/reference/compose-file/networks/
 */
export interface Network extends Extensions {
  /** Actual network name, used as is (no project prefix). Default `<project>_<key>`. */
  name?: string;
  /** Network driver. Default `"bridge"` (`"overlay"` on Swarm). */
  driver?: NetworkDriver;
  /** Driver options, e.g. `{ "com.docker.network.bridge.name": "br-app" }`. */
  driver_opts?: DriverOpts;
  /** Custom subnets, gateways and IPAM driver. */
  ipam?: Ipam;
  /** The network exists already; Compose neither creates nor removes it. Default `false`. */
  external?: External;
  /** Cut the network off from the outside (no route to the host's networks). Default `false`. */
  internal?: Bool;
  /** Let containers outside this stack attach (overlay networks). Default `false`. */
  attachable?: Bool;
  /** Give containers IPv4 addresses on this network. Default `true`. */
  enable_ipv4?: Bool;
  /** Give containers IPv6 addresses on this network. Default `false`. */
  enable_ipv6?: Bool;
  /** Labels set on the network. */
  labels?: ListOrDict;
}

/** Volume drivers, offered as completions; plugins use their own names. */
export type VolumeDriver = "local" | (string & {});

/**
 * Persistent storage services can mount by name. `{}` (or `null`) gets a local volume named
 * `<project>_<key>`.
 * @see https://docs.docker.com/reference/compose-file/volumes/
 */
export interface Volume extends Extensions {
  /** Actual volume name, used as is (no project prefix). Default `<project>_<key>`. */
  name?: string;
  /** Volume driver. Default `"local"`. */
  driver?: VolumeDriver;
  /** Driver options, e.g. for `local`: `{ type: "nfs", o: "addr=10.0.0.1,rw", device: ":/export" }`. */
  driver_opts?: DriverOpts;
  /** The volume exists already; Compose neither creates nor removes it. Default `false`. */
  external?: External;
  /** Labels set on the volume. */
  labels?: ListOrDict;
}

/**
 * Sensitive data services can mount as a file under `/run/secrets/`. Give one source: `file`,
 * `environment`, or `external`.
 * @see https://docs.docker.com/reference/compose-file/secrets/
 */
export interface Secret extends Extensions {
  /** Actual secret name on the platform. Default `<project>_<key>`. */
  name?: string;
  /** Read the value from this file (relative to the project directory). */
  file?: string;
  /** Read the value from this environment variable of the shell running Compose. */
  environment?: string;
  /** The secret exists already on the platform (Swarm). Default `false`. */
  external?: External;
  /** Labels set on the secret. */
  labels?: ListOrDict;
  /** Secret store driver (Swarm). */
  driver?: string;
  /** Options for `driver`. */
  driver_opts?: DriverOpts;
  /** Templating engine applied to the value, e.g. `"golang"`. */
  template_driver?: string;
}

/**
 * Non-sensitive configuration services can mount as a file. Give one source: `file`,
 * `environment`, `content`, or `external`.
 * @see https://docs.docker.com/reference/compose-file/configs/
 */
export interface Config extends Extensions {
  /** Actual config name on the platform. Default `<project>_<key>`. */
  name?: string;
  /** The file's text, written inline (interpolated like any value). */
  content?: string;
  /** Read the value from this environment variable of the shell running Compose. */
  environment?: string;
  /** Read the value from this file (relative to the project directory). */
  file?: string;
  /** The config exists already on the platform (Swarm). Default `false`. */
  external?: External;
  /** Labels set on the config. */
  labels?: ListOrDict;
  /** Templating engine applied to the value, e.g. `"golang"`. */
  template_driver?: string;
}

/**
 * An AI model served by Docker Model Runner (or another provider) for services to call.
 * @see https://docs.docker.com/reference/compose-file/models/
 */
export interface Model extends Extensions {
  /** Actual model name exposed to services. Default: the key. */
  name?: string;
  /** Model to pull and serve, an OCI reference such as `"ai/smollm2"`. */
  model: string;
  /** Token window the runner allocates. Default: the model's own. */
  context_size?: Int;
  /** Extra command-line flags for the inference engine. */
  runtime_flags?: readonly string[];
}

/** Long form of an `include` entry. */
export interface IncludeObject {
  /** The Compose file(s) to load; several are merged like `-f a -f b`. */
  path: StringOrList;
  /** `.env`-style files supplying defaults for interpolation inside the included files. */
  env_file?: StringOrList;
  /** Directory relative paths of the included files resolve against. Default: the first file's directory. */
  project_directory?: string;
}

/**
 * An `include` entry: a Compose file path, or the long form. The included project's services
 * and resources are added to this stack.
 * @see https://docs.docker.com/reference/compose-file/include/
 */
export type Include = string | IncludeObject;
