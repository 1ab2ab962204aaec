/**
 * Where the DSL's types are stricter than Compose YAML, and how `compose-ts import` bridges the
 * gap without changing what the stack means (the normalizer reads both forms alike):
 * - `bool`: `"true"`/`"false"` (any case) and YAML 1.1's `yes`/`no`/`on`/`off` become booleans;
 * - `int` / `num`: numeric strings become numbers;
 * - `str`: numbers and booleans become strings (`user: 1000` → `"1000"`);
 * - `fields` (a Compose object with fixed keys): a `null` value means "unset", so the key is left
 *   out; `values` (a map keyed by the user: environment, networks, …) keeps `null`.
 * Strings holding `${VAR}` are never touched. Paths not described here are written as they are.
 */

export type ScalarKind = "bool" | "int" | "num" | "str";

export interface Shape {
  scalar?: ScalarKind;
  /** A mapping with fixed keys. */
  fields?: Record<string, Shape>;
  /** A mapping with the user's own keys. */
  values?: Shape;
  /** A sequence. */
  items?: Shape;
  /** What a `null` becomes here (e.g. `{}` for a service written as `web:`). */
  nullAs?: "empty-object";
  /** The DSL requires these keys; the normalizer's default is filled in when they are missing. */
  defaults?: Record<string, unknown>;
}

const B: Shape = { scalar: "bool" };
const I: Shape = { scalar: "int" };
const N: Shape = { scalar: "num" };
const S: Shape = { scalar: "str" };
const STRINGS: Shape = { scalar: "str", items: S };
const MAP_OF_STRINGS: Shape = { values: S };
const KEY_VALUES: Shape = { values: {}, items: S };

const UPDATE: Shape = { fields: { parallelism: I, delay: S, monitor: S, max_failure_ratio: N } };
const DEVICE_REQUEST: Shape = { fields: { count: I, capabilities: { items: S }, device_ids: { items: S }, driver: S } };

const DEPLOY: Shape = {
  fields: {
    replicas: I,
    labels: KEY_VALUES,
    update_config: UPDATE,
    rollback_config: UPDATE,
    resources: {
      fields: {
        limits: { fields: { pids: I, memory: {}, cpus: {} } },
        reservations: { fields: { memory: {}, cpus: {}, devices: { items: DEVICE_REQUEST }, generic_resources: { items: {} } } },
      },
    },
    restart_policy: { fields: { max_attempts: I, delay: S, window: S } },
    placement: { fields: { max_replicas_per_node: I, constraints: { items: S } } },
  },
};

const HOOK: Shape = { fields: { command: STRINGS, user: S, privileged: B, working_dir: S, environment: KEY_VALUES, per_replica: B, image: S } };

const BUILD: Shape = {
  scalar: "str",
  fields: {
    context: S,
    dockerfile: S,
    dockerfile_inline: S,
    args: KEY_VALUES,
    ssh: KEY_VALUES,
    labels: KEY_VALUES,
    cache_from: { items: S },
    cache_to: { items: S },
    no_cache: B,
    pull: B,
    privileged: B,
    network: S,
    target: S,
    shm_size: {},
    extra_hosts: {},
    isolation: S,
    secrets: { items: { scalar: "str", fields: { uid: S, gid: S, target: S } } },
    tags: { items: S },
    platforms: { items: S },
    additional_contexts: KEY_VALUES,
    ulimits: { values: { scalar: "int", fields: { soft: I, hard: I } } },
  },
};

const FILE_REFERENCE: Shape = { scalar: "str", items: { scalar: "str", fields: { uid: S, gid: S, target: S, source: S } } };

export const SERVICE: Shape = {
  nullAs: "empty-object",
  fields: {
    annotations: KEY_VALUES,
    attach: B,
    build: BUILD,
    blkio_config: {
      fields: {
        weight: I,
        weight_device: { items: { fields: { weight: I, path: S } } },
        device_read_bps: { items: { fields: { path: S } } },
        device_read_iops: { items: { fields: { path: S } } },
        device_write_bps: { items: { fields: { path: S } } },
        device_write_iops: { items: { fields: { path: S } } },
      },
    },
    cap_add: { items: S },
    cap_drop: { items: S },
    cgroup_parent: S,
    command: STRINGS,
    configs: FILE_REFERENCE,
    container_name: S,
    cpu_count: I,
    cpu_percent: N,
    cpu_period: I,
    cpu_quota: I,
    cpu_shares: I,
    cpuset: S,
    depends_on: {
      items: S,
      values: { fields: { restart: B, required: B }, defaults: { condition: "service_started" } },
    },
    deploy: DEPLOY,
    develop: { fields: { watch: { items: { fields: { path: S, target: S, exec: HOOK, initial_sync: B } } } } },
    device_cgroup_rules: { items: S },
    dns: STRINGS,
    dns_opt: { items: S },
    dns_search: STRINGS,
    domainname: S,
    entrypoint: STRINGS,
    env_file: { scalar: "str", items: { scalar: "str", fields: { path: S, required: B, format: S } } },
    environment: KEY_VALUES,
    external_links: { items: S },
    extra_hosts: { items: S },
    gpus: { items: DEVICE_REQUEST },
    healthcheck: {
      fields: { test: STRINGS, interval: S, timeout: S, start_period: S, start_interval: S, retries: I, disable: B },
    },
    hostname: S,
    image: S,
    init: B,
    isolation: S,
    labels: KEY_VALUES,
    label_file: STRINGS,
    links: { items: S },
    logging: { fields: { driver: S, options: { values: {} } } },
    mac_address: S,
    mem_swappiness: I,
    network_mode: S,
    networks: {
      items: S,
      values: {
        fields: {
          aliases: { items: S },
          ipv4_address: S,
          ipv6_address: S,
          link_local_ips: { items: S },
          mac_address: S,
          interface_name: S,
          priority: N,
          gw_priority: N,
          driver_opts: {},
        },
      },
    },
    oom_kill_disable: B,
    oom_score_adj: I,
    pid: S,
    pids_limit: I,
    platform: S,
    ports: { items: { fields: { published: {}, target: {}, host_ip: S, protocol: S, mode: S, name: S, app_protocol: S } } },
    post_start: { items: HOOK },
    pre_start: { items: HOOK },
    pre_stop: { items: HOOK },
    privileged: B,
    profiles: { items: S },
    pull_policy: S,
    read_only: B,
    restart: S,
    runtime: S,
    scale: I,
    secrets: FILE_REFERENCE,
    security_opt: { items: S },
    stdin_open: B,
    stop_grace_period: S,
    stop_signal: S,
    storage_opt: MAP_OF_STRINGS,
    sysctls: KEY_VALUES,
    tmpfs: STRINGS,
    tty: B,
    ulimits: { values: { scalar: "int", fields: { soft: I, hard: I } } },
    use_api_socket: B,
    user: S,
    userns_mode: S,
    uts: S,
    volumes: {
      items: {
        scalar: "str",
        fields: {
          read_only: B,
          bind: { fields: { create_host_path: B, propagation: S, selinux: S } },
          volume: { fields: { nocopy: B, subpath: S, labels: KEY_VALUES } },
          tmpfs: { fields: {} },
          image: { fields: { subpath: S } },
          source: S,
          target: S,
          consistency: S,
        },
      },
    },
    volumes_from: { items: S },
    working_dir: S,
  },
};

const EXTERNAL: Shape = { scalar: "bool", fields: { name: S } };

export const STACK: Shape = {
  fields: {
    name: S,
    services: { values: SERVICE },
    networks: {
      values: {
        fields: {
          name: S,
          driver: S,
          driver_opts: {},
          external: EXTERNAL,
          internal: B,
          attachable: B,
          enable_ipv4: B,
          enable_ipv6: B,
          labels: KEY_VALUES,
          ipam: { fields: { driver: S, config: { items: { fields: { subnet: S, ip_range: S, gateway: S, aux_addresses: MAP_OF_STRINGS } } }, options: MAP_OF_STRINGS } },
        },
      },
    },
    volumes: { values: { fields: { name: S, driver: S, driver_opts: {}, external: EXTERNAL, labels: KEY_VALUES } } },
    secrets: { values: { nullAs: "empty-object", fields: { name: S, file: S, environment: S, external: EXTERNAL, labels: KEY_VALUES } } },
    configs: { values: { nullAs: "empty-object", fields: { name: S, file: S, environment: S, content: S, external: EXTERNAL, labels: KEY_VALUES } } },
    models: { values: { nullAs: "empty-object", fields: { model: S, context_size: I } } },
  },
};

/** The shape of `key` inside a value of shape `parent` (given whether the value is a mapping). */
export function childShape(parent: Shape | undefined, key: string | number): Shape | undefined {
  if (!parent) return undefined;
  if (typeof key === "number") return parent.items;
  if (key.startsWith("x-")) return undefined;
  if (parent.fields && Object.hasOwn(parent.fields, key)) return parent.fields[key];
  return parent.values;
}

/** Whether a mapping of this shape has fixed keys (so `null` means "leave the key out"). */
export function hasFixedKeys(shape: Shape | undefined): boolean {
  return shape?.fields !== undefined && shape.values === undefined;
}

const YAML11_TRUE = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const YAML11_FALSE = new Set(["n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

/** The typed form of a scalar at a place of this shape (unchanged when nothing applies). */
export function coerceScalar(v: unknown, shape: Shape | undefined): unknown {
  const kind = shape?.scalar;
  if (kind === undefined) return v;
  if (typeof v === "string") {
    if (/\$\{?[A-Za-z_]/.test(v)) return v;
    const t = v.trim();
    if (kind === "bool") {
      if (t.toLowerCase() === "true") return true;
      if (t.toLowerCase() === "false") return false;
      if (YAML11_TRUE.has(v)) return true;
      if (YAML11_FALSE.has(v)) return false;
    }
    if (kind === "int" && /^[+-]?\d+$/.test(t)) return Number.parseInt(t, 10);
    if (kind === "num" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.parseFloat(t);
    return v;
  }
  if (kind === "str" && (typeof v === "number" || typeof v === "boolean")) return String(v);
  return v;
}
