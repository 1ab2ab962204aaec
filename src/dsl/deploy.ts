import type { DeviceRequest } from "./service-resources.js";
import type { ByteSize, Cpus, Duration, Extensions, Int, Interpolated, ListOrDict, Num } from "./scalars.js";

/** `deploy`: how many containers to run and with which resources (Swarm honours all of it, `docker compose` a subset). */

/** How updates (or rollbacks) roll through the replicas. */
export interface UpdateConfig extends Extensions {
  /** Containers changed at once; `0` means all at once. Default `1`. */
  parallelism?: Int;
  /** Pause between two groups. Default `"0s"`. */
  delay?: Duration;
  /** What to do when a step fails: `"pause"` (default), `"continue"`, or for updates `"rollback"`. */
  failure_action?: "continue" | "pause" | "rollback" | Interpolated;
  /** How long each new container is watched for failure after the step. */
  monitor?: Duration;
  /** Fraction (0–1) of failed containers tolerated. Default `0`. */
  max_failure_ratio?: Num;
  /** `"stop-first"` (default: old container stops before the new one starts) or `"start-first"`. */
  order?: "start-first" | "stop-first";
}

/** Upper bounds on a container's resources. */
export interface ResourceLimits extends Extensions {
  /** CPU cores the container may use, fractions allowed (`0.5`). */
  cpus?: Cpus;
  /** Memory cap: bytes or a unit string (`"512m"`, `"1g"`). */
  memory?: ByteSize;
  /** Maximum number of processes/threads. */
  pids?: Int;
}

/** A discrete generic resource (e.g. a number of GPUs advertised by a Swarm node). */
export interface GenericResource extends Extensions {
  /** A countable resource to reserve. */
  discrete_resource_spec?: Extensions & {
    /** Resource kind as advertised by the node, e.g. `"GPU"`. */
    kind?: string;
    /** How many to reserve. */
    value?: Num;
  };
}

/** Resources the scheduler sets aside for a container. */
export interface ResourceReservations extends Extensions {
  /** CPU cores to reserve, fractions allowed. */
  cpus?: Cpus;
  /** Memory to reserve: bytes or a unit string. */
  memory?: ByteSize;
  /** Node-advertised resources to reserve (Swarm). */
  generic_resources?: readonly GenericResource[];
  /** Devices (GPUs) the container needs; each needs `capabilities`. */
  devices?: readonly (DeviceRequest & { capabilities: readonly string[] })[];
}

/** Resource limits and reservations. */
export interface Resources extends Extensions {
  /** Hard upper bounds. */
  limits?: ResourceLimits;
  /** Guaranteed minimums. */
  reservations?: ResourceReservations;
}

/** When and how Swarm restarts a task's containers (`docker compose` uses the service's `restart`). */
export interface RestartPolicy extends Extensions {
  /** `"none"`, `"on-failure"` or `"any"` (default). */
  condition?: "none" | "on-failure" | "any" | Interpolated;
  /** Wait between attempts. Default `"0s"`. */
  delay?: Duration;
  /** Give up after this many attempts. Default: never give up. */
  max_attempts?: Int;
  /** How long a restart must stay up to count as successful. Default: immediately. */
  window?: Duration;
}

/** Where (on which nodes) containers may be scheduled. */
export interface Placement extends Extensions {
  /** Node conditions, e.g. `"node.role==manager"`, `"node.labels.disk==ssd"`. */
  constraints?: readonly string[];
  /** Spread containers evenly over the values of a node label. */
  preferences?: readonly (Extensions & {
    /** Node label to spread over, e.g. `"node.labels.zone"`. */
    spread?: string;
  })[];
  /** Cap on replicas running on a single node. */
  max_replicas_per_node?: Int;
}

/**
 * `deploy`: replica count, update strategy, resources, restart and placement.
 * @see https://docs.docker.com/reference/compose-file/deploy/
 */
export interface Deploy extends Extensions {
  /** `"replicated"` (default: `replicas` copies), `"global"` (one per node), or their `-job` variants that run to completion. */
  mode?: "replicated" | "global" | "replicated-job" | "global-job" | Interpolated;
  /** How clients reach the replicas: `"vip"` (one virtual IP, default) or `"dnsrr"` (DNS round-robin). */
  endpoint_mode?: "vip" | "dnsrr" | Interpolated;
  /** Number of containers in `replicated` mode. Default `1`. */
  replicas?: Int;
  /** Labels on the service object (not on its containers). */
  labels?: ListOrDict;
  /** How to roll back a failed update. */
  rollback_config?: UpdateConfig;
  /** How to roll out changes. */
  update_config?: UpdateConfig;
  /** CPU, memory, process and device limits/reservations. */
  resources?: Resources;
  /** When to restart containers (Swarm). */
  restart_policy?: RestartPolicy;
  /** Node constraints and preferences (Swarm). */
  placement?: Placement;
}
