/**
 * Settings for the machine that runs the stack, used by the NixOS targets (they become
 * `virtualisation.docker.*` / `virtualisation.podman.*` options). The docker-compose target
 * ignores this block: Compose has no say over the daemon.
 */

/** An address pool Docker carves bridge-network subnets from. */
export interface AddressPool {
  /** Pool in CIDR notation, e.g. `"10.10.0.0/16"`. */
  base: string;
  /** Prefix length of each subnet taken from the pool, e.g. `24`. */
  size: number;
}

/**
 * `daemon.json` keys. The common ones are typed; any other key is accepted as is, because the
 * daemon grows options faster than this list (and typos here are caught by `dockerd` at start).
 */
export interface DaemonSettings {
  /** Default log driver for containers, e.g. `"journald"` (a natural fit on NixOS). Docker's default: `"json-file"`. */
  "log-driver"?: string;
  /** Default log driver options, e.g. `{ "max-size": "10m", "max-file": "3" }`. */
  "log-opts"?: { readonly [key: string]: string };
  /** Where Docker keeps images, containers and volumes. Default `/var/lib/docker`. */
  "data-root"?: string;
  /** Storage driver, e.g. `"overlay2"`, `"btrfs"`, `"zfs"`. Default: chosen by Docker. */
  "storage-driver"?: string;
  /** Registry mirrors tried before Docker Hub, as URLs. */
  "registry-mirrors"?: readonly string[];
  /** Registries reached over plain HTTP or with unverified TLS, `host:port` or CIDR. */
  "insecure-registries"?: readonly string[];
  /** DNS servers given to containers by default. */
  dns?: readonly string[];
  /** Address and netmask of the default `docker0` bridge, e.g. `"172.26.0.1/16"`. */
  bip?: string;
  /** Pools new networks get their subnets from. */
  "default-address-pools"?: readonly AddressPool[];
  /** Feature toggles, e.g. `{ "containerd-snapshotter": true }`. */
  features?: { readonly [feature: string]: boolean };
  /** Keep containers running while the daemon restarts or upgrades. Default `false`. */
  "live-restore"?: boolean;
  /** Publish ports through the `docker-proxy` process (`true`, default) or kernel NAT only (`false`). */
  "userland-proxy"?: boolean;
  /** IPv6 on the default bridge network. Default `false`. */
  ipv6?: boolean;
  /** IPv6 subnet of the default bridge, in CIDR notation. */
  "fixed-cidr-v6"?: string;
  /** Enable experimental daemon features. Default `false`. */
  experimental?: boolean;
  /** Address the daemon serves Prometheus metrics on, e.g. `"127.0.0.1:9323"`. */
  "metrics-addr"?: string;
  /** Any other `daemon.json` key. */
  [key: string]: unknown;
}

/** Rootless mode: the daemon runs as an unprivileged user. */
export interface RootlessDocker {
  /** Run a per-user rootless daemon. Default `false`. */
  enable?: boolean;
  /** Point `DOCKER_HOST` at the rootless daemon's socket for login shells. Default `false`. */
  setSocketVariable?: boolean;
}

/** Periodic `docker system prune`. */
export interface AutoPrune {
  /** Prune on a timer. Default `false`. */
  enable?: boolean;
  /** When to prune, a systemd calendar expression. Default `"weekly"`. */
  dates?: string;
  /** Extra flags for `docker system prune`, e.g. `["--all", "--volumes"]`. */
  flags?: readonly string[];
}

/** The container engine on the host. */
export interface HostDocker {
  /** Daemon configuration written to `daemon.json`. */
  daemonSettings?: DaemonSettings;
  /** Rootless daemon settings. */
  rootless?: RootlessDocker;
  /** Users added to the `docker` group, i.e. allowed to use the daemon without sudo (root-equivalent!). */
  users?: readonly string[];
  /** Scheduled pruning of unused images, containers and networks. */
  autoPrune?: AutoPrune;
  /** Engine the NixOS module enables and runs containers with. Default `"docker"`. */
  runtime?: "docker" | "podman";
}

/** Host-level settings; only the Nix targets read them. */
export interface Host {
  /** Container engine settings. */
  docker?: HostDocker;
}
