import type { Build } from "./build.js";
import type { Deploy } from "./deploy.js";
import type { Develop } from "./develop.js";
import type { NixImage } from "./nix-image.js";
import type { Link, NetworkMode, VolumesFrom } from "./refs.js";
import type { Bool, Duration, Extensions, Int, Interpolated, ListOrDict, StringOrList } from "./scalars.js";
import type { ServiceIsolation } from "./service-isolation.js";
import type { ServiceConfig, ServiceSecret, ServiceVolume } from "./service-mounts.js";
import type {
  Command,
  DependsOn,
  EnvFileObject,
  Extends,
  ExtraHosts,
  Healthcheck,
  Logging,
  Port,
  PreStartHook,
  Provider,
  ServiceHook,
  ServiceModels,
  ServiceNetworks,
} from "./service-parts.js";
import type { ServiceResources } from "./service-resources.js";

/**
 * When Compose restarts the container: never (`"no"`, the default), `"always"`, after a
 * non-zero exit (`"on-failure"`, optionally capped: `"on-failure:5"`), or always unless it
 * was stopped by hand (`"unless-stopped"`).
 */
export type RestartPolicyName = "no" | "always" | "on-failure" | `on-failure:${number}` | "unless-stopped" | Interpolated;

/**
 * When to pull the image: `"always"`, `"never"`, `"missing"` (only if absent, the default;
 * `"if_not_present"` is an alias), `"build"` (build it instead), or when the local copy is older
 * than a period: `"daily"`, `"weekly"`, `"every_12h"`, `"every_1w2d"`. `"refresh"` works with
 * `pull_refresh_after`.
 */
export type PullPolicy =
  | "always"
  | "never"
  | "missing"
  | "if_not_present"
  | "build"
  | "refresh"
  | "daily"
  | "weekly"
  | `every_${string}`
  | Interpolated;

/**
 * The name type of a `Service` written without type arguments. It must accept every name where
 * the service is written (`depends_on: ["db"]`) and fit every stack's declared names where the
 * service is used (`services: { web }`); only `any` is both. With `string` instead, a service
 * annotated `: Service` could never be put into a `defineStack` (`Service<string>` is wider than
 * `Service<"db" | "web">`). Nothing is lost: such a service's references were never checkable by
 * types, and the normalizer checks them when the stack is built.
 */
type UncheckedName = any;

/** Signal names, offered as completions. */
export type StopSignal =
  | "SIGTERM" | "SIGINT" | "SIGQUIT" | "SIGKILL" | "SIGHUP" | "SIGUSR1" | "SIGUSR2" | "SIGWINCH" | (string & {});

/**
 * One service: a container (or set of replicas) and everything about how it runs.
 *
 * Type parameters are the names declared in the stack, so references can be checked:
 * `S` services, `N` networks, `V` volumes, `Se` secrets, `C` configs, `M` models.
 * Left out, names are not checked: a stand-alone `const db: Service = { … }` (or a helper
 * returning `Service`) fits into any `defineStack`, and its references are checked when the
 * stack is built. Keys and values are checked as everywhere.
 *
 * @see https://docs.docker.com/reference/compose-file/services/
 */
export interface Service<
  S extends string = UncheckedName,
  N extends string = UncheckedName,
  V extends string = UncheckedName,
  Se extends string = UncheckedName,
  C extends string = UncheckedName,
  M extends string = UncheckedName,
> extends Extensions,
    ServiceResources,
    ServiceIsolation<S> {
  /**
   * Free-form key/value metadata for the container runtime (OCI annotations), map or `"k=v"` list.
   * @see https://docs.docker.com/reference/compose-file/services/#annotations
   */
  annotations?: ListOrDict;
  /**
   * Collect this service's logs in `docker compose up`'s attached output. Default `true`.
   * @see https://docs.docker.com/reference/compose-file/services/#attach
   */
  attach?: Bool;
  /**
   * Build the image from source: a context path/URL, or the long form with Dockerfile, args, targets, ….
   * With `image` too, the build result gets that name.
   * @see https://docs.docker.com/reference/compose-file/services/#build
   */
  build?: string | Build<Se>;
  /**
   * Replaces the image's `CMD`: a string (split into words, no shell) or a list of words.
   * An empty list clears it; `null` keeps the image's.
   * @see https://docs.docker.com/reference/compose-file/services/#command
   */
  command?: Command;
  /**
   * Declared configs mounted as files: names or long-form `{ source, target, mode, … }`.
   * @see https://docs.docker.com/reference/compose-file/services/#configs
   */
  configs?: readonly ServiceConfig<C>[];
  /**
   * Fixed container name instead of `<project>-<service>-<n>`; the service then cannot have more than one replica.
   * @see https://docs.docker.com/reference/compose-file/services/#container_name
   */
  container_name?: string;
  /**
   * Services to start first: a list of names, or a map with the condition to wait for
   * (`service_started`, `service_healthy`, `service_completed_successfully`).
   * @see https://docs.docker.com/reference/compose-file/services/#depends_on
   */
  depends_on?: DependsOn<S>;
  /**
   * Replicas, resources, update and placement policy.
   * @see https://docs.docker.com/reference/compose-file/services/#deploy
   */
  deploy?: Deploy | null;
  /**
   * `docker compose watch` rules for local development.
   * @see https://docs.docker.com/reference/compose-file/services/#develop
   */
  develop?: Develop | null;
  /**
   * DNS servers for the container, one address or a list.
   * @see https://docs.docker.com/reference/compose-file/services/#dns
   */
  dns?: StringOrList;
  /**
   * Resolver options written to `resolv.conf`, e.g. `"use-vc"`, `"ndots:2"`.
   * @see https://docs.docker.com/reference/compose-file/services/#dns_opt
   */
  dns_opt?: readonly string[];
  /**
   * DNS search domains, one or a list.
   * @see https://docs.docker.com/reference/compose-file/services/#dns_search
   */
  dns_search?: StringOrList;
  /**
   * The container's NIS domain name.
   * @see https://docs.docker.com/reference/compose-file/services/#domainname
   */
  domainname?: string;
  /**
   * Replaces the image's `ENTRYPOINT` (and drops its `CMD` unless `command` is given): string or word list.
   * @see https://docs.docker.com/reference/compose-file/services/#entrypoint
   */
  entrypoint?: Command;
  /**
   * Files of `KEY=value` lines loaded into the environment; later files win, `environment` wins over all.
   * @see https://docs.docker.com/reference/compose-file/services/#env_file
   */
  env_file?: string | readonly (string | EnvFileObject)[];
  /**
   * Environment variables: a map (`null` = take the value from the shell running Compose) or `"KEY=value"` list.
   * @see https://docs.docker.com/reference/compose-file/services/#environment
   */
  environment?: ListOrDict;
  /**
   * Ports reachable by other services but not published on the host: `80`, `"8000-8010"`, `"53/udp"`.
   * @see https://docs.docker.com/reference/compose-file/services/#expose
   */
  expose?: readonly (string | number)[];
  /**
   * Start from another service's definition and override it with this one's keys.
   * @see https://docs.docker.com/reference/compose-file/services/#extends
   */
  extends?: Extends<S>;
  /**
   * Links to containers not managed by this stack, `"container"` or `"container:alias"` (legacy).
   * @see https://docs.docker.com/reference/compose-file/services/#external_links
   */
  external_links?: readonly string[];
  /**
   * Extra `/etc/hosts` entries: `["db.local=10.0.0.2"]` or `{ "db.local": "10.0.0.2" }`.
   * @see https://docs.docker.com/reference/compose-file/services/#extra_hosts
   */
  extra_hosts?: ExtraHosts;
  /**
   * Extra groups (names or GIDs) for the container's user.
   * @see https://docs.docker.com/reference/compose-file/services/#group_add
   */
  group_add?: readonly (string | number)[];
  /**
   * Health probe; replaces the image's `HEALTHCHECK`.
   * @see https://docs.docker.com/reference/compose-file/services/#healthcheck
   */
  healthcheck?: Healthcheck;
  /**
   * Host name inside the container. Default: the container id.
   * @see https://docs.docker.com/reference/compose-file/services/#hostname
   */
  hostname?: string;
  /**
   * Image to run: `name[:tag]` or `name@sha256:…`. Required unless `build` is given.
   * Or an image built by Nix: `nixImage({ name, contents, command, tag })` (not with `build`).
   * @see https://docs.docker.com/reference/compose-file/services/#image
   */
  image?: string | NixImage;
  /**
   * Run a tiny init (tini) as PID 1 to forward signals and reap zombies. Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#init
   */
  init?: Bool;
  /**
   * Container labels, map or `"key=value"` list; reverse-DNS keys (`com.example.x`) avoid clashes.
   * @see https://docs.docker.com/reference/compose-file/services/#labels
   */
  labels?: ListOrDict;
  /**
   * Files of `key=value` lines added as labels.
   * @see https://docs.docker.com/reference/compose-file/services/#label_file
   */
  label_file?: StringOrList;
  /**
   * Legacy links to other services, `"service"` or `"service:alias"`; networks make them unnecessary.
   * @see https://docs.docker.com/reference/compose-file/services/#links
   */
  links?: readonly Link<S>[];
  /**
   * Log driver and its options.
   * @see https://docs.docker.com/reference/compose-file/services/#logging
   */
  logging?: Logging;
  /**
   * MAC address of the container (per-network `mac_address` is preferred).
   * @see https://docs.docker.com/reference/compose-file/services/#mac_address
   */
  mac_address?: string;
  /**
   * Models (from the top-level `models`) the service uses; their URL and name arrive as environment variables.
   * @see https://docs.docker.com/reference/compose-file/services/#models
   */
  models?: ServiceModels<M>;
  /**
   * Network stack: `"bridge"`, `"host"`, `"none"`, `"service:<name>"` or `"container:<name>"`.
   * Excludes `networks`.
   * @see https://docs.docker.com/reference/compose-file/services/#network_mode
   */
  network_mode?: NetworkMode<S>;
  /**
   * Declared networks to join (default: the stack's `default` network), as a list or with per-network options.
   * @see https://docs.docker.com/reference/compose-file/services/#networks
   */
  networks?: ServiceNetworks<N>;
  /**
   * Platform of the image to pull/build and run, `os[/arch[/variant]]`: `"linux/arm64"`.
   * @see https://docs.docker.com/reference/compose-file/services/#platform
   */
  platform?: "linux/amd64" | "linux/arm64" | "linux/arm/v7" | "linux/386" | "windows/amd64" | (string & {});
  /**
   * Ports published on the host: `"8080:80"`, `"127.0.0.1:53:53/udp"`, `3000`, or long form.
   * @see https://docs.docker.com/reference/compose-file/services/#ports
   */
  ports?: readonly Port[];
  /**
   * Commands run inside the container right after it starts.
   * @see https://docs.docker.com/reference/compose-file/services/#post_start
   */
  post_start?: readonly ServiceHook[];
  /**
   * One-off containers run to completion, in order, before the service's container starts.
   * @see https://docs.docker.com/reference/compose-file/services/#pre_start
   */
  pre_start?: readonly PreStartHook[];
  /**
   * Commands run inside the container before it is stopped (not when it exits by itself).
   * @see https://docs.docker.com/reference/compose-file/services/#pre_stop
   */
  pre_stop?: readonly ServiceHook[];
  /**
   * Profiles that enable this service; a service without profiles always runs.
   * @see https://docs.docker.com/reference/compose-file/services/#profiles
   */
  profiles?: readonly string[];
  /**
   * Hand the service to an external provider (a plugin) instead of running a container.
   * @see https://docs.docker.com/reference/compose-file/services/#provider
   */
  provider?: Provider;
  /**
   * When to pull the image: `"always"`, `"never"`, `"missing"` (default), `"build"`, `"daily"`, `"every_6h"`, ….
   * @see https://docs.docker.com/reference/compose-file/services/#pull_policy
   */
  pull_policy?: PullPolicy;
  /**
   * With `pull_policy: "refresh"`, how old the local image may get before it is pulled again.
   * @see https://docs.docker.com/reference/compose-file/services/#pull_refresh_after
   */
  pull_refresh_after?: string;
  /**
   * Mount the container's root filesystem read-only. Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#read_only
   */
  read_only?: Bool;
  /**
   * Restart policy: `"no"` (default), `"always"`, `"on-failure"`, `"on-failure:3"`, `"unless-stopped"`.
   * @see https://docs.docker.com/reference/compose-file/services/#restart
   */
  restart?: RestartPolicyName;
  /**
   * Number of containers to run; `deploy.replicas` is the newer spelling.
   * @see https://docs.docker.com/reference/compose-file/services/#scale
   */
  scale?: Int;
  /**
   * Declared secrets mounted under `/run/secrets/`: names or long-form `{ source, target, mode, … }`.
   * @see https://docs.docker.com/reference/compose-file/services/#secrets
   */
  secrets?: readonly ServiceSecret<Se>[];
  /**
   * Keep stdin open (`docker run -i`). Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#stdin_open
   */
  stdin_open?: Bool;
  /**
   * How long to wait after `stop_signal` before killing the container. Default `"10s"`.
   * @see https://docs.docker.com/reference/compose-file/services/#stop_grace_period
   */
  stop_grace_period?: Duration;
  /**
   * Signal sent to stop the container. Default: the image's `STOPSIGNAL`, else `"SIGTERM"`.
   * @see https://docs.docker.com/reference/compose-file/services/#stop_signal
   */
  stop_signal?: StopSignal;
  /**
   * In-memory filesystems mounted at these container paths, `"/run"` or `"/run:size=64m,mode=1777"`.
   * @see https://docs.docker.com/reference/compose-file/services/#tmpfs
   */
  tmpfs?: StringOrList;
  /**
   * Give the container a terminal (`docker run -t`). Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#tty
   */
  tty?: Bool;
  /**
   * Mount the Docker API socket (and the user's registry credentials) into the container. Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#use_api_socket
   */
  use_api_socket?: boolean;
  /**
   * User (and group) to run the process as: `"app"`, `"1000"`, `"1000:1000"`. Default: the image's.
   * @see https://docs.docker.com/reference/compose-file/services/#user
   */
  user?: string;
  /**
   * Mounts: `"volume:/path[:ro]"`, `"./host/dir:/path"`, `"/anonymous"`, or long form with `type`.
   * @see https://docs.docker.com/reference/compose-file/services/#volumes
   */
  volumes?: readonly ServiceVolume<V>[];
  /**
   * Mount every volume of another service (or `container:<name>`), optionally `:ro`.
   * @see https://docs.docker.com/reference/compose-file/services/#volumes_from
   */
  volumes_from?: readonly VolumesFrom<S>[];
  /**
   * Working directory of the process. Default: the image's `WORKDIR`.
   * @see https://docs.docker.com/reference/compose-file/services/#working_dir
   */
  working_dir?: string;
}
