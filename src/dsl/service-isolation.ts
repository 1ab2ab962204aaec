import type { NamespaceRef } from "./refs.js";
import type { Bool, Extensions, Interpolated, ListOrDict } from "./scalars.js";

/** Linux capabilities (without the `CAP_` prefix, which is also accepted), offered as completions. */
export type Capability =
  | "ALL" | "AUDIT_CONTROL" | "AUDIT_READ" | "AUDIT_WRITE" | "BLOCK_SUSPEND" | "BPF"
  | "CHECKPOINT_RESTORE" | "CHOWN" | "DAC_OVERRIDE" | "DAC_READ_SEARCH" | "FOWNER" | "FSETID"
  | "IPC_LOCK" | "IPC_OWNER" | "KILL" | "LEASE" | "LINUX_IMMUTABLE" | "MAC_ADMIN" | "MAC_OVERRIDE"
  | "MKNOD" | "NET_ADMIN" | "NET_BIND_SERVICE" | "NET_BROADCAST" | "NET_RAW" | "PERFMON" | "SETFCAP"
  | "SETGID" | "SETPCAP" | "SETUID" | "SYS_ADMIN" | "SYS_BOOT" | "SYS_CHROOT" | "SYS_MODULE"
  | "SYS_NICE" | "SYS_PACCT" | "SYS_PTRACE" | "SYS_RAWIO" | "SYS_RESOURCE" | "SYS_TIME"
  | "SYS_TTY_CONFIG" | "SYSLOG" | "WAKE_ALARM" | (string & {});

/**
 * How far a service's container is isolated from the host and from other containers: kernel
 * namespaces, capabilities, security options, runtime. These keys belong to `Service` (which
 * extends this interface); `S` is the service names that `ipc`/`pid: "service:…"` may name.
 */
export interface ServiceIsolation<S extends string> {
  /**
   * Linux capabilities granted on top of Docker's default set, e.g. `"NET_ADMIN"`.
   * @see https://docs.docker.com/reference/compose-file/services/#cap_add
   */
  cap_add?: readonly Capability[];
  /**
   * Linux capabilities removed from Docker's default set; `"ALL"` drops every one.
   * @see https://docs.docker.com/reference/compose-file/services/#cap_drop
   */
  cap_drop?: readonly Capability[];
  /**
   * cgroup namespace: `"private"` (own namespace) or `"host"` (share the host's). Default: the daemon's setting.
   * @see https://docs.docker.com/reference/compose-file/services/#cgroup
   */
  cgroup?: "host" | "private";
  /**
   * Parent cgroup under which the container's cgroup is created.
   * @see https://docs.docker.com/reference/compose-file/services/#cgroup_parent
   */
  cgroup_parent?: string;
  /**
   * Windows group-managed service account credentials.
   * @see https://docs.docker.com/reference/compose-file/services/#credential_spec
   */
  credential_spec?: CredentialSpec;
  /**
   * IPC namespace: `"private"`, `"shareable"`, `"host"`, `"none"`, or another's via `service:`/`container:`.
   * @see https://docs.docker.com/reference/compose-file/services/#ipc
   */
  ipc?: "none" | "private" | "shareable" | "host" | NamespaceRef<S> | Interpolated;
  /**
   * Isolation technology; on Windows `"process"` or `"hyperv"`, on Linux only `"default"`.
   * @see https://docs.docker.com/reference/compose-file/services/#isolation
   */
  isolation?: "default" | "process" | "hyperv" | (string & {});
  /**
   * PID namespace: `"host"` or another's via `service:`/`container:`. Default: private.
   * @see https://docs.docker.com/reference/compose-file/services/#pid
   */
  pid?: "host" | NamespaceRef<S> | Interpolated | null;
  /**
   * Give the container (nearly) all of the host's privileges. Default `false`.
   * @see https://docs.docker.com/reference/compose-file/services/#privileged
   */
  privileged?: Bool;
  /**
   * OCI runtime to run the container with, e.g. `"runc"`, `"nvidia"`, `"runsc"`.
   * @see https://docs.docker.com/reference/compose-file/services/#runtime
   */
  runtime?: string;
  /**
   * Security options: `"no-new-privileges:true"`, `"seccomp=unconfined"`, `"label=type:…"`, `"apparmor=…"`.
   * @see https://docs.docker.com/reference/compose-file/services/#security_opt
   */
  security_opt?: readonly string[];
  /**
   * Namespaced kernel parameters, map or `"key=value"` list: `{ "net.core.somaxconn": 1024 }`.
   * @see https://docs.docker.com/reference/compose-file/services/#sysctls
   */
  sysctls?: ListOrDict;
  /**
   * User namespace; `"host"` turns off remapping for this container.
   * @see https://docs.docker.com/reference/compose-file/services/#userns_mode
   */
  userns_mode?: "host" | (string & {});
  /**
   * UTS (host name) namespace; `"host"` shares the host's.
   * @see https://docs.docker.com/reference/compose-file/services/#uts
   */
  uts?: "host" | Interpolated;
}

/** Windows managed-service-account credential spec; set exactly one key. */
export interface CredentialSpec extends Extensions {
  /** Name of a declared config holding the spec. */
  config?: string;
  /** Spec file name in Docker's `CredentialSpecs` directory. */
  file?: string;
  /** Registry value name holding the spec. */
  registry?: string;
}
