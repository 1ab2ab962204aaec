import type { Bool, ByteSize, Cpus, Duration, Extensions, Int, ListOrDict, Num } from "./scalars.js";

/**
 * What a service's container may take from the host: CPU time, memory, block IO, processes and
 * devices. These keys belong to `Service` (which extends this interface); they are kept here
 * because they are read together, with the value types only they use.
 */
export interface ServiceResources {
  /**
   * Disk IO bandwidth weights and throttles.
   * @see https://docs.docker.com/reference/compose-file/services/#blkio_config
   */
  blkio_config?: BlkioConfig;
  /**
   * Number of CPUs usable by the container (Windows).
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_count
   */
  cpu_count?: Int;
  /**
   * Percentage (0–100) of the CPUs usable by the container (Windows).
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_percent
   */
  cpu_percent?: Num;
  /**
   * CFS scheduler period in microseconds (pairs with `cpu_quota`). Default `100000`.
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_period
   */
  cpu_period?: Int;
  /**
   * CFS quota in microseconds of CPU time per `cpu_period`.
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_quota
   */
  cpu_quota?: Int;
  /**
   * Real-time scheduler period in microseconds (or a duration string).
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_rt_period
   */
  cpu_rt_period?: Int | Duration;
  /**
   * Real-time CPU time per period in microseconds (or a duration string).
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_rt_runtime
   */
  cpu_rt_runtime?: Int | Duration;
  /**
   * Relative CPU weight against other containers when CPUs are contended. Default `1024`.
   * @see https://docs.docker.com/reference/compose-file/services/#cpu_shares
   */
  cpu_shares?: Int;
  /**
   * CPU cores the container may use, fractions allowed: `1.5`, `"0.5"`.
   * @see https://docs.docker.com/reference/compose-file/services/#cpus
   */
  cpus?: Cpus;
  /**
   * Which CPUs the container may run on: `"0-3"`, `"0,2"`.
   * @see https://docs.docker.com/reference/compose-file/services/#cpuset
   */
  cpuset?: string;
  /**
   * Device cgroup rules such as `"c 1:3 mr"` (type major:minor access).
   * @see https://docs.docker.com/reference/compose-file/services/#device_cgroup_rules
   */
  device_cgroup_rules?: readonly string[];
  /**
   * Host devices passed into the container: `"/dev/ttyUSB0[:/dev/ttyUSB0[:rwm]]"`, a CDI name, or long form.
   * @see https://docs.docker.com/reference/compose-file/services/#devices
   */
  devices?: readonly (string | DeviceObject)[];
  /**
   * GPUs for the container: `"all"`, or a list of device requests.
   * @see https://docs.docker.com/reference/compose-file/services/#gpus
   */
  gpus?: "all" | readonly DeviceRequest[];
  /**
   * Memory cap: bytes or a unit string (`"512m"`).
   * @see https://docs.docker.com/reference/compose-file/services/#mem_limit
   */
  mem_limit?: ByteSize;
  /**
   * Soft memory reservation, below `mem_limit`.
   * @see https://docs.docker.com/reference/compose-file/services/#mem_reservation
   */
  mem_reservation?: ByteSize;
  /**
   * How eagerly the kernel swaps the container's anonymous pages, 0–100.
   * @see https://docs.docker.com/reference/compose-file/services/#mem_swappiness
   */
  mem_swappiness?: Int;
  /**
   * Memory plus swap cap; `-1` allows unlimited swap. Default: twice `mem_limit`.
   * @see https://docs.docker.com/reference/compose-file/services/#memswap_limit
   */
  memswap_limit?: ByteSize;
  /**
   * Keep the kernel's OOM killer away from this container. Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#oom_kill_disable
   */
  oom_kill_disable?: Bool;
  /**
   * OOM killer preference, −1000 (never kill) to 1000 (kill first). Default `0`.
   * @see https://docs.docker.com/reference/compose-file/services/#oom_score_adj
   */
  oom_score_adj?: Int;
  /**
   * Maximum processes/threads in the container; `-1` for unlimited.
   * @see https://docs.docker.com/reference/compose-file/services/#pids_limit
   */
  pids_limit?: Int;
  /**
   * Size of `/dev/shm`: bytes or a unit string (`"1g"`). Default `"64m"`.
   * @see https://docs.docker.com/reference/compose-file/services/#shm_size
   */
  shm_size?: ByteSize;
  /**
   * Storage driver options for the container's filesystem, e.g. `{ size: "20G" }`.
   * @see https://docs.docker.com/reference/compose-file/services/#storage_opt
   */
  storage_opt?: { readonly [key: string]: string };
  /**
   * Per-process limits, e.g. `{ nofile: { soft: 20000, hard: 40000 }, nproc: 65535 }`.
   * @see https://docs.docker.com/reference/compose-file/services/#ulimits
   */
  ulimits?: Ulimits;
}

/**
 * Per-process resource limits: a number sets soft and hard limit together, `{ soft, hard }` sets
 * them apart.
 */
export type Ulimit =
  | Int
  | (Extensions & {
      /** The limit the kernel enforces; the process may raise it up to `hard`. */
      soft: Int;
      /** The ceiling for `soft`; only a privileged process may raise it. */
      hard: Int;
    });

/** Resource limits by name (`nofile`, `nproc`, `memlock`, …). */
export type Ulimits = {
  readonly [name in UlimitName]?: Ulimit;
} & { readonly [name: string]: Ulimit | undefined };

/** Common ulimit names, offered as completions; any other lowercase name is accepted. */
export type UlimitName =
  | "core" | "cpu" | "data" | "fsize" | "locks" | "memlock" | "msgqueue" | "nice"
  | "nofile" | "nproc" | "rss" | "rtprio" | "rttime" | "sigpending" | "stack";

/** A `devices` entry in long form. */
export interface DeviceObject extends Extensions {
  /** Device path on the host. */
  source: string;
  /** Path inside the container. Default: same as `source`. */
  target?: string;
  /** cgroup permissions: any of `r`, `w`, `m`. Default `"rwm"`. */
  permissions?: string;
}

/** A device request: hardware (typically GPUs) handed to the container. */
export interface DeviceRequest extends Extensions {
  /** Capabilities the device must offer, e.g. `["gpu"]`, `["gpu", "utility"]`. */
  capabilities?: readonly string[];
  /** Number of devices, or `"all"`. Default: all (unless `device_ids` is set). */
  count?: Int | "all";
  /** Specific device ids to use (exclusive with `count`). */
  device_ids?: readonly string[];
  /** Driver providing the devices, e.g. `"nvidia"`. */
  driver?: string;
  /** Driver-specific options. */
  options?: ListOrDict;
}

/** Block IO throttle for one device. */
export interface BlkioLimit {
  /** Device path, e.g. `"/dev/sda"`. */
  path: string;
  /** Limit: bytes (or a unit string such as `"10mb"`) per second, or operations per second for the `*_iops` keys. */
  rate: Int | string;
}

/** Block IO weight for one device. */
export interface BlkioWeight {
  /** Device path, e.g. `"/dev/sda"`. */
  path: string;
  /** Relative weight, 10–1000. */
  weight: Int;
}

/** Block IO (disk) bandwidth controls. */
export interface BlkioConfig {
  /** Relative share of disk bandwidth, 10–1000. Default `500`. */
  weight?: Int;
  /** Relative weight for particular devices. */
  weight_device?: readonly BlkioWeight[];
  /** Maximum bytes per second read from a device. */
  device_read_bps?: readonly BlkioLimit[];
  /** Maximum read operations per second from a device. */
  device_read_iops?: readonly BlkioLimit[];
  /** Maximum bytes per second written to a device. */
  device_write_bps?: readonly BlkioLimit[];
  /** Maximum write operations per second to a device. */
  device_write_iops?: readonly BlkioLimit[];
}
