import type {
  Bool,
  ByteSize,
  DriverOpts,
  Duration,
  Extensions,
  Int,
  Interpolated,
  ListOrDict,
} from "./scalars.js";

/** Pieces of a service: each value type that one service key accepts. */

// ---------------------------------------------------------------------------------------------
// depends_on

/** When a dependency counts as ready. */
export type DependsOnCondition = "service_started" | "service_healthy" | "service_completed_successfully";

/** The long form of one `depends_on` entry. */
export interface Dependency extends Extensions {
  /**
   * What to wait for: `"service_started"` (the container runs), `"service_healthy"` (its
   * healthcheck passes) or `"service_completed_successfully"` (it exited with status 0).
   */
  condition: DependsOnCondition;
  /** Restart this service when Compose restarts the dependency (e.g. after `docker compose up` updates it). Default `false`. */
  restart?: Bool;
  /** When `false`, a dependency that is missing or fails to start only produces a warning. Default `true`. */
  required?: boolean;
}

/**
 * `depends_on`: a list of service names (each waits for `service_started`), or a map from service
 * name to the condition to wait for.
 * @see https://docs.docker.com/reference/compose-file/services/#depends_on
 */
export type DependsOn<S extends string = string> = readonly S[] | { readonly [K in S]?: Dependency };

// ---------------------------------------------------------------------------------------------
// ports

/** Transport protocol of a port. Default `"tcp"`. */
export type PortProtocol = "tcp" | "udp" | "sctp" | Interpolated;

/** `"ingress"` (Swarm routing mesh, the default) or `"host"` (publish on the node running the task). */
export type PortMode = "ingress" | "host" | Interpolated;

/** The long form of a `ports` entry. */
export interface PortObject extends Extensions {
  /** A label for the mapping, for humans and tools. */
  name?: string;
  /** `"ingress"` (default) or `"host"`. */
  mode?: PortMode;
  /** Host address to bind, e.g. `"127.0.0.1"`. Default: all interfaces. */
  host_ip?: string;
  /** Port inside the container. */
  target: number | string;
  /** Port (or `"8000-8002"` range) on the host. Default: a random free port. */
  published?: string | number;
  /** `"tcp"` (default), `"udp"` or `"sctp"`. */
  protocol?: PortProtocol;
  /** Application protocol spoken on the port (`"http"`, `"grpc"`, …), as a hint to tools. */
  app_protocol?: string;
}

/**
 * A `ports` entry: a container port number (`80`), the short string syntax
 * `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` (ranges allowed: `"8000-8002:80"`), or the long form.
 * @see https://docs.docker.com/reference/compose-file/services/#ports
 */
export type Port = number | string | PortObject;

// ---------------------------------------------------------------------------------------------
// networks

/** How a service is attached to one network. */
export interface ServiceNetwork extends Extensions {
  /** Extra DNS names for this service on that network. */
  aliases?: readonly string[];
  /** Name of the network interface inside the container, e.g. `"eth1"`. */
  interface_name?: string;
  /** Fixed IPv4 address (must lie in the network's IPAM subnet). */
  ipv4_address?: string;
  /** Fixed IPv6 address (must lie in the network's IPAM subnet). */
  ipv6_address?: string;
  /** Link-local addresses to add. */
  link_local_ips?: readonly string[];
  /** Fixed MAC address on that network. */
  mac_address?: string;
  /** Options for the network driver, for this attachment only. */
  driver_opts?: DriverOpts;
  /** Connection order: higher numbers are connected first. Default `0`. */
  priority?: number;
  /** The network with the highest value provides the default gateway. Default `0`. */
  gw_priority?: number;
}

/**
 * `networks` of a service: a list of declared network names, or a map from name to attachment
 * options (`null` for none). `"default"` is the network Compose creates implicitly.
 * @see https://docs.docker.com/reference/compose-file/services/#networks
 */
export type ServiceNetworks<N extends string = string> =
  | readonly (N | "default")[]
  | { readonly [K in N | "default"]?: ServiceNetwork | null };

// ---------------------------------------------------------------------------------------------
// healthcheck

/**
 * A health probe command: `["CMD", exe, ...args]` runs without a shell, `["CMD-SHELL", "cmd"]`
 * (or a plain string) runs through `/bin/sh -c`, `["NONE"]` turns the image's check off.
 */
export type HealthcheckTest =
  | string
  | readonly ["CMD", string, ...string[]]
  | readonly ["CMD-SHELL", string]
  | readonly ["NONE"];

/**
 * How Docker decides the container is healthy; `depends_on` with `service_healthy` waits on it.
 * @see https://docs.docker.com/reference/compose-file/services/#healthcheck
 */
export interface Healthcheck extends Extensions {
  /** The probe; exit status 0 means healthy. Overrides the image's `HEALTHCHECK`. */
  test?: HealthcheckTest;
  /** Time between probes. Default `"30s"`. */
  interval?: Duration;
  /** A probe running longer than this counts as failed. Default `"30s"`. */
  timeout?: Duration;
  /** Consecutive failures before the container is marked unhealthy. Default `3`. */
  retries?: Int;
  /** Grace period after start during which failures are not counted. Default `"0s"`. */
  start_period?: Duration;
  /** Time between probes during `start_period`. Default `"5s"`. */
  start_interval?: Duration;
  /** Turn off any healthcheck, including the image's. Default `false`. */
  disable?: Bool;
}

// ---------------------------------------------------------------------------------------------
// lifecycle hooks

/** A command run inside the service's container at a lifecycle point (`post_start`, `pre_stop`, `develop.watch[].exec`). */
export interface ServiceHook extends Extensions {
  /** Command to run; a string goes through a shell-like split, a list is used as is. */
  command: Command;
  /** User to run it as. Default: the container's user. */
  user?: string;
  /** Run with extended privileges. Default `false`. */
  privileged?: Bool;
  /** Directory the command starts in. Default: the container's. */
  working_dir?: string;
  /** Extra environment variables for the command. */
  environment?: ListOrDict;
}

/** A one-off container run to completion before the service's container starts (an "init container"). */
export interface PreStartHook extends Extensions {
  /** Command to run. Default: the image's own entrypoint/command. */
  command?: Command;
  /** Image of the one-off container. Default: the service's image. */
  image?: string;
  /** User to run it as. Default: the image's user (or the service's when `image` is omitted). */
  user?: string;
  /** Run with extended privileges. Default `false`. */
  privileged?: Bool;
  /** Directory the command starts in. Default: the service's. */
  working_dir?: string;
  /** Environment variables, added to (or replacing) the service's. */
  environment?: ListOrDict;
  /** Run once per replica (`true`) instead of once before any replica starts. Default `false`. */
  per_replica?: Bool;
}

// ---------------------------------------------------------------------------------------------
// small value types

/**
 * A command: a string (split into words like a shell would, without running one) or a list of
 * words used as is. `null` keeps the image's default; an empty list or string clears it.
 */
export type Command = string | readonly string[] | null;

/**
 * Extra `/etc/hosts` lines: a list of `"host=ip"` (or `"host:ip"`) strings, or a map from host
 * name to one address or a list of them.
 */
export type ExtraHosts = readonly string[] | { readonly [host: string]: string | readonly string[] };

/** An `env_file` entry in long form. */
export interface EnvFileObject {
  /** Path of the file, relative to the project directory. */
  path: string;
  /** Fail when the file is missing (`true`) or skip it silently. Default `true`. */
  required?: Bool;
  /** File syntax; default is Compose's own `KEY=value` dotenv dialect (`"raw"` takes values verbatim). */
  format?: string;
}

/** Where the container's output goes. */
export interface Logging extends Extensions {
  /** Log driver. Default: the daemon's (`"json-file"` unless configured otherwise). */
  driver?: LogDriver;
  /** Driver options, e.g. `{ "max-size": "10m", "max-file": 3 }` for `json-file`. */
  options?: { readonly [key: string]: string | number | null };
}

/** Docker's built-in log drivers, offered as completions; plugins use their own names. */
export type LogDriver =
  | "json-file" | "local" | "journald" | "syslog" | "gelf" | "fluentd" | "awslogs"
  | "splunk" | "etwlogs" | "gcplogs" | "none" | (string & {});

/** A service run by an external provider instead of as a container. */
export interface Provider extends Extensions {
  /** The provider: a Compose plugin name or an executable. */
  type: string;
  /** Options passed to the provider as flags. */
  options?: {
    readonly [key: string]: string | number | boolean | readonly (string | number | boolean)[];
  };
}

/** How a service sees one model. */
export interface ServiceModel extends Extensions {
  /** Environment variable that receives the model runner's URL. Default `<MODEL>_URL`. */
  endpoint_var?: string;
  /** Environment variable that receives the model's name. Default `<MODEL>_MODEL`. */
  model_var?: string;
}

/**
 * Models a service uses: a list of names declared under the top-level `models`, or a map from
 * name to the environment variable names that expose it.
 */
export type ServiceModels<M extends string = string> =
  | readonly M[]
  | { readonly [K in M]?: ServiceModel | null };

/**
 * `extends`: the name of a service of this stack to start from, or `{ service, file }` to start
 * from a service of another Compose file (whose names are not checked here).
 */
export type Extends<S extends string = string> =
  | S
  | {
      /** Service of this stack to start from. */
      service: S;
      /** Leave out to extend a service of this stack. */
      file?: undefined;
    }
  | {
      /** Service of `file` to start from. */
      service: string;
      /** Compose file (relative to this stack) that defines `service`. */
      file: string;
    };

