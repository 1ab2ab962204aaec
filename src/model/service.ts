import { z } from "zod";
import {
  Bool,
  ByteSize,
  DeviceRequest,
  Duration,
  EnvMap,
  FileReference,
  Int,
  Num,
  StringMap,
  Ulimits,
  composeObject,
} from "./common.js";

/** The canonical service, in compose-go's struct order (types/types.go `ServiceConfig`). */

export const Port = composeObject({
  name: z.string().optional(),
  mode: z.string(),
  host_ip: z.string().optional(),
  target: Int,
  /** Always a string: a port (`"8080"`) or a range (`"8000-8002"`). */
  published: z.string().optional(),
  protocol: z.string(),
  app_protocol: z.string().optional(),
});

export const VolumeMount = composeObject({
  type: z.enum(["bind", "volume", "tmpfs", "cluster", "npipe", "image"]),
  source: z.string().optional(),
  target: z.string(),
  read_only: Bool.optional(),
  consistency: z.string().optional(),
  bind: composeObject({
    selinux: z.string().optional(),
    propagation: z.string().optional(),
    /** Printed only when false (compose-go `OptOut`). */
    create_host_path: Bool.optional(),
    recursive: z.string().optional(),
  }).optional(),
  volume: composeObject({
    labels: StringMap.optional(),
    nocopy: Bool.optional(),
    subpath: z.string().optional(),
  }).optional(),
  tmpfs: composeObject({
    size: ByteSize.optional(),
    mode: Int.optional(),
  }).optional(),
  image: composeObject({
    subpath: z.string().optional(),
  }).optional(),
});

export const Dependency = composeObject({
  condition: z.enum(["service_started", "service_healthy", "service_completed_successfully"]),
  /** Printed only when true. */
  restart: Bool.optional(),
  required: Bool,
});

export const Healthcheck = composeObject({
  test: z.array(z.string()).optional(),
  timeout: Duration.optional(),
  interval: Duration.optional(),
  retries: Int.optional(),
  start_period: Duration.optional(),
  start_interval: Duration.optional(),
  disable: Bool.optional(),
});

const ThrottleDevice = composeObject({ path: z.string(), rate: z.union([z.string(), z.number()]) });

export const Build = composeObject({
  context: z.string().optional(),
  dockerfile: z.string().optional(),
  dockerfile_inline: z.string().optional(),
  entitlements: z.array(z.string()).optional(),
  args: EnvMap.optional(),
  provenance: z.union([z.string(), z.boolean()]).optional(),
  sbom: z.union([z.string(), z.boolean()]).optional(),
  ssh: z.array(z.string()).optional(),
  labels: StringMap.optional(),
  cache_from: z.array(z.string()).optional(),
  cache_to: z.array(z.string()).optional(),
  no_cache: Bool.optional(),
  no_cache_filter: z.array(z.string()).optional(),
  additional_contexts: StringMap.optional(),
  pull: Bool.optional(),
  extra_hosts: z.array(z.string()).optional(),
  isolation: z.string().optional(),
  network: z.string().optional(),
  target: z.string().optional(),
  secrets: z.array(FileReference).optional(),
  shm_size: ByteSize.optional(),
  tags: z.array(z.string()).optional(),
  ulimits: Ulimits.optional(),
  platforms: z.array(z.string()).optional(),
  privileged: Bool.optional(),
});

export const ServiceHook = composeObject({
  command: z.array(z.string()).optional(),
  image: z.string().optional(),
  user: z.string().optional(),
  privileged: Bool.optional(),
  working_dir: z.string().optional(),
  environment: EnvMap.optional(),
  per_replica: Bool.optional(),
});

export const Develop = composeObject({
  watch: z
    .array(
      composeObject({
        path: z.string(),
        action: z.string(),
        target: z.string().optional(),
        exec: ServiceHook.optional(),
        include: z.array(z.string()).optional(),
        ignore: z.array(z.string()).optional(),
        initial_sync: Bool.optional(),
      }),
    )
    .optional(),
});

const UpdateConfig = composeObject({
  parallelism: Int.optional(),
  delay: Duration.optional(),
  failure_action: z.string().optional(),
  monitor: Duration.optional(),
  max_failure_ratio: Num.optional(),
  order: z.string().optional(),
});

const Resource = composeObject({
  cpus: Num.optional(),
  memory: ByteSize.optional(),
  pids: Int.optional(),
  devices: z.array(DeviceRequest).optional(),
  generic_resources: z
    .array(
      composeObject({
        discrete_resource_spec: composeObject({ kind: z.string(), value: Int }).optional(),
      }),
    )
    .optional(),
});

export const Deploy = composeObject({
  mode: z.string().optional(),
  replicas: Int.optional(),
  labels: StringMap.optional(),
  update_config: UpdateConfig.optional(),
  rollback_config: UpdateConfig.optional(),
  resources: composeObject({
    limits: Resource.optional(),
    reservations: Resource.optional(),
  }).optional(),
  restart_policy: composeObject({
    condition: z.string().optional(),
    delay: Duration.optional(),
    max_attempts: Int.optional(),
    window: Duration.optional(),
  }).optional(),
  placement: composeObject({
    constraints: z.array(z.string()).optional(),
    preferences: z.array(composeObject({ spread: z.string() })).optional(),
    max_replicas_per_node: Int.optional(),
  }).optional(),
  endpoint_mode: z.string().optional(),
});

/**
 * compose-ts's recipe for an image built by Nix (the service's `x-nix-image` key). The service's
 * `image` is `<name>:<tag>`, the name `docker load` gives the built image. Fields in the order
 * they are documented; `layered` and `useHostStore` are printed only when not the default.
 */
export const NixImage = composeObject({
  name: z.string(),
  tag: z.string(),
  /** Nixpkgs attribute paths (`hello`, `python3Packages.flask`). */
  contents: z.array(z.string()),
  command: z.array(z.string()).optional(),
  env: StringMap.optional(),
  workingDir: z.string().optional(),
  /** `port/protocol`, e.g. `80/tcp`. */
  exposedPorts: z.array(z.string()).optional(),
  /** Printed only when false (`dockerTools.buildImage`). */
  layered: z.literal(false).optional(),
  /** Printed only when true (Arion's `service.useHostStore`). */
  useHostStore: z.literal(true).optional(),
});

export const ServiceNetwork = composeObject({
  aliases: z.array(z.string()).optional(),
  driver_opts: StringMap.optional(),
  gw_priority: Int.optional(),
  interface_name: z.string().optional(),
  ipv4_address: z.string().optional(),
  ipv6_address: z.string().optional(),
  link_local_ips: z.array(z.string()).optional(),
  mac_address: z.string().optional(),
  priority: Int.optional(),
}).nullable();

export const Service = composeObject({
  profiles: z.array(z.string()).optional(),
  annotations: StringMap.optional(),
  attach: Bool.optional(),
  build: Build.optional(),
  develop: Develop.optional(),
  blkio_config: composeObject({
    weight: Int.optional(),
    weight_device: z.array(composeObject({ path: z.string(), weight: Int })).optional(),
    device_read_bps: z.array(ThrottleDevice).optional(),
    device_read_iops: z.array(ThrottleDevice).optional(),
    device_write_bps: z.array(ThrottleDevice).optional(),
    device_write_iops: z.array(ThrottleDevice).optional(),
  }).optional(),
  cap_add: z.array(z.string()).optional(),
  cap_drop: z.array(z.string()).optional(),
  cgroup_parent: z.string().optional(),
  cgroup: z.string().optional(),
  cpu_count: Int.optional(),
  cpu_percent: Num.optional(),
  cpu_period: Int.optional(),
  cpu_quota: Int.optional(),
  cpu_rt_period: Int.optional(),
  cpu_rt_runtime: Int.optional(),
  cpus: Num.optional(),
  cpuset: z.string().optional(),
  cpu_shares: Int.optional(),
  /** An empty list clears the image's command. */
  command: z.array(z.string()).optional(),
  configs: z.array(FileReference).optional(),
  container_name: z.string().optional(),
  credential_spec: composeObject({
    config: z.string().optional(),
    file: z.string().optional(),
    registry: z.string().optional(),
  }).optional(),
  depends_on: z.record(z.string(), Dependency).optional(),
  deploy: Deploy.optional(),
  device_cgroup_rules: z.array(z.string()).optional(),
  devices: z
    .array(composeObject({ source: z.string(), target: z.string(), permissions: z.string() }))
    .optional(),
  dns: z.array(z.string()).optional(),
  dns_opt: z.array(z.string()).optional(),
  dns_search: z.array(z.string()).optional(),
  domainname: z.string().optional(),
  entrypoint: z.array(z.string()).optional(),
  provider: composeObject({
    type: z.string(),
    options: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]))
      .optional(),
  }).optional(),
  environment: EnvMap.optional(),
  env_file: z.array(composeObject({ path: z.string(), required: Bool.optional(), format: z.string().optional() })).optional(),
  expose: z.array(z.string()).optional(),
  external_links: z.array(z.string()).optional(),
  extra_hosts: z.array(z.string()).optional(),
  group_add: z.array(z.string()).optional(),
  gpus: z.array(DeviceRequest).optional(),
  hostname: z.string().optional(),
  healthcheck: Healthcheck.optional(),
  image: z.string().optional(),
  init: Bool.optional(),
  ipc: z.string().optional(),
  isolation: z.string().optional(),
  labels: StringMap.optional(),
  label_file: z.array(z.string()).optional(),
  links: z.array(z.string()).optional(),
  logging: composeObject({ driver: z.string().optional(), options: z.record(z.string(), z.string().nullable()).optional() }).optional(),
  mem_limit: ByteSize.optional(),
  mem_reservation: ByteSize.optional(),
  memswap_limit: ByteSize.optional(),
  mem_swappiness: ByteSize.optional(),
  mac_address: z.string().optional(),
  models: z
    .record(z.string(), composeObject({ endpoint_var: z.string().optional(), model_var: z.string().optional() }).nullable())
    .optional(),
  network_mode: z.string().optional(),
  networks: z.record(z.string(), ServiceNetwork).optional(),
  oom_kill_disable: Bool.optional(),
  oom_score_adj: Int.optional(),
  pid: z.string().optional(),
  pids_limit: Int.optional(),
  platform: z.string().optional(),
  ports: z.array(Port).optional(),
  privileged: Bool.optional(),
  pull_policy: z.string().optional(),
  pull_refresh_after: z.string().optional(),
  read_only: Bool.optional(),
  restart: z.string().optional(),
  runtime: z.string().optional(),
  scale: Int.optional(),
  secrets: z.array(FileReference).optional(),
  security_opt: z.array(z.string()).optional(),
  shm_size: ByteSize.optional(),
  stdin_open: Bool.optional(),
  stop_grace_period: Duration.optional(),
  stop_signal: z.string().optional(),
  storage_opt: StringMap.optional(),
  sysctls: StringMap.optional(),
  tmpfs: z.array(z.string()).optional(),
  tty: Bool.optional(),
  ulimits: Ulimits.optional(),
  use_api_socket: Bool.optional(),
  user: z.string().optional(),
  userns_mode: z.string().optional(),
  uts: z.string().optional(),
  volume_driver: z.string().optional(),
  volumes: z.array(VolumeMount).optional(),
  volumes_from: z.array(z.string()).optional(),
  working_dir: z.string().optional(),
  pre_start: z.array(ServiceHook).optional(),
  post_start: z.array(ServiceHook).optional(),
  pre_stop: z.array(ServiceHook).optional(),
  /** Not Compose: an `x-*` key, so the file stays valid Compose; typed here so it is checked and ordered. */
  "x-nix-image": NixImage.optional(),
});

export type Service = z.infer<typeof Service>;
export type Port = z.infer<typeof Port>;
export type VolumeMount = z.infer<typeof VolumeMount>;
export type Dependency = z.infer<typeof Dependency>;
export type Healthcheck = z.infer<typeof Healthcheck>;
export type Build = z.infer<typeof Build>;
export type Deploy = z.infer<typeof Deploy>;
export type ServiceNetwork = z.infer<typeof ServiceNetwork>;
export type NixImage = z.infer<typeof NixImage>;
