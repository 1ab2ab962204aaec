import path from "node:path";
import { looksLikeSecretName } from "../normalize/rules/secret-name.js";
import { Code, Diagnostics, type Diagnostic, type PathSegment } from "../diagnostics/index.js";
import type { Deploy, Healthcheck, Network, Project, Service, ServiceNetwork, Volume, VolumeMount } from "../model/index.js";
import { compareKeys } from "../model/order.js";
import type { HostConfig } from "../normalize/host.js";
import { parseDuration } from "../normalize/rules/duration.js";
import { imageReferenceProblem } from "../normalize/rules/image.js";
import { interpolate } from "../normalize/rules/interpolation.js";
import {
  apply,
  attr,
  attrs,
  bool,
  formals,
  fromData,
  ident,
  int,
  isNixRepresentable,
  lambda,
  letIn,
  list,
  printNixFile,
  raw,
  str,
  type NixBinding,
  type NixData,
  type NixExpr,
} from "./nix/index.js";
import { dockerToolsCall } from "./nix-image.js";

/**
 * Compose model → a NixOS module in compose2nix's conventions (aksiksi/compose2nix):
 * one `virtualisation.oci-containers.containers.<name>` per service, a `systemd.services` unit
 * per container (restart policy mapped to systemd), oneshot units that create networks and
 * volumes, all `partOf` a root target. Settings oci-containers has no option for become
 * `docker run` flags in `extraOptions`.
 *
 * Nothing runs Compose on NixOS, so variables are substituted here, and every string the
 * module holds is final. Host paths (env files, secret files, bind sources) stay strings, so
 * nothing is copied into the world-readable Nix store.
 */

export type Runtime = "docker" | "podman";

export interface NixosOptions {
  /** Container engine; default `host.docker.runtime`, else `"docker"`. */
  runtime?: Runtime;
  /** Variables for `${VAR}` interpolation (and `environment: { X: null }`); default: none set. */
  env?: (name: string) => string | undefined;
  /** Report what NixOS cannot express as warnings (and leave it out) instead of errors. */
  allowLossy?: boolean;
  /** The stack's `host` block, normalized (`normalizeHost`). */
  host?: HostConfig;
  /** Named in the header comment (e.g. `stack.ts`). */
  sourceName?: string;
  /**
   * Absolute directory that relative host paths (`./data`) are resolved against. Without it a
   * relative path is not expressible: systemd runs the units in `/`.
   */
  projectDir?: string;
}

export interface NixosResult {
  text: string;
  diagnostics: Diagnostic[];
}

/**
 * How each service key reaches NixOS. `mapped`: an oci-containers option, a flag, or a systemd
 * setting (the handler reports any value it cannot express). `ignored`: Compose itself does not
 * act on it outside Swarm or development tooling — a warning says it is left out.
 * `unsupported`: not expressible — an error, or a warning with `allowLossy`.
 * A unit test checks this table against the model's schema, so no key can be dropped silently.
 */
export const SERVICE_KEYS = {
  profiles: { how: "mapped", nixos: "autoStart = false (start the unit by hand), not part of the root target" },
  annotations: { how: "mapped", nixos: "--annotation=K=V" },
  attach: { how: "ignored", nixos: "units are never attached; logs go to the log driver (journald)" },
  build: { how: "unsupported", nixos: "build the image beforehand; `image` is pulled/used" },
  develop: { how: "ignored", nixos: "`docker compose watch` only" },
  blkio_config: { how: "mapped", nixos: "--blkio-weight, --blkio-weight-device, --device-{read,write}-{bps,iops}" },
  cap_add: { how: "mapped", nixos: "--cap-add=" },
  cap_drop: { how: "mapped", nixos: "--cap-drop=" },
  cgroup_parent: { how: "mapped", nixos: "--cgroup-parent=" },
  cgroup: { how: "mapped", nixos: "--cgroupns=" },
  cpu_count: { how: "mapped", nixos: "--cpu-count=" },
  cpu_percent: { how: "mapped", nixos: "--cpu-percent=" },
  cpu_period: { how: "mapped", nixos: "--cpu-period=" },
  cpu_quota: { how: "mapped", nixos: "--cpu-quota=" },
  cpu_rt_period: { how: "mapped", nixos: "--cpu-rt-period=" },
  cpu_rt_runtime: { how: "mapped", nixos: "--cpu-rt-runtime=" },
  cpus: { how: "mapped", nixos: "--cpus=" },
  cpuset: { how: "mapped", nixos: "--cpuset-cpus=" },
  cpu_shares: { how: "mapped", nixos: "--cpu-shares=" },
  command: { how: "mapped", nixos: "cmd (an empty list cannot clear the image's CMD)" },
  configs: { how: "mapped", nixos: "volumes: \"<file>:<target>:ro\" (file configs only)" },
  container_name: { how: "mapped", nixos: "the containers.<name> attribute (default <project>-<service>)" },
  credential_spec: { how: "unsupported", nixos: "Windows only" },
  depends_on: { how: "mapped", nixos: "dependsOn / after+wants; service_healthy: preStart wait; service_completed_successfully: dependency unit Type=oneshot" },
  deploy: { how: "mapped", nixos: "resources → --cpus/--memory/--memory-reservation/--pids-limit/--gpus; restart_policy → systemd; Swarm keys ignored" },
  device_cgroup_rules: { how: "mapped", nixos: "--device-cgroup-rule=" },
  devices: { how: "mapped", nixos: "--device=SRC:DST:PERM" },
  dns: { how: "mapped", nixos: "--dns=" },
  dns_opt: { how: "mapped", nixos: "--dns-option=" },
  dns_search: { how: "mapped", nixos: "--dns-search=" },
  domainname: { how: "mapped", nixos: "--domainname=" },
  entrypoint: { how: "mapped", nixos: "entrypoint (first word; docker: the rest is prepended to cmd; podman: a JSON list)" },
  provider: { how: "unsupported", nixos: "provider services run a Compose plugin" },
  environment: { how: "mapped", nixos: "environment (a null value is taken from `env` now, or left out)" },
  env_file: { how: "mapped", nixos: "environmentFiles (path strings; `required: false` and `format` not expressible)" },
  expose: { how: "mapped", nixos: "--expose=" },
  external_links: { how: "mapped", nixos: "--link=" },
  extra_hosts: { how: "mapped", nixos: "--add-host=HOST:IP" },
  group_add: { how: "mapped", nixos: "--group-add=" },
  gpus: { how: "mapped", nixos: "--gpus=" },
  hostname: { how: "mapped", nixos: "--hostname=" },
  healthcheck: { how: "mapped", nixos: "--health-cmd/--health-interval/--health-timeout/--health-retries/--health-start-period/--health-start-interval, --no-healthcheck" },
  image: { how: "mapped", nixos: "image" },
  init: { how: "mapped", nixos: "--init / --init=false" },
  ipc: { how: "mapped", nixos: "--ipc= (service:S → container:<name>)" },
  isolation: { how: "mapped", nixos: "--isolation=" },
  labels: { how: "mapped", nixos: "labels" },
  label_file: { how: "mapped", nixos: "--label-file=" },
  links: { how: "mapped", nixos: "--link=<container>:<alias>" },
  logging: { how: "mapped", nixos: "log-driver, --log-opt=K=V" },
  mem_limit: { how: "mapped", nixos: "--memory=" },
  mem_reservation: { how: "mapped", nixos: "--memory-reservation=" },
  memswap_limit: { how: "mapped", nixos: "--memory-swap=" },
  mem_swappiness: { how: "mapped", nixos: "--memory-swappiness=" },
  mac_address: { how: "mapped", nixos: "--mac-address=" },
  models: { how: "unsupported", nixos: "Docker Model Runner is driven by docker compose" },
  network_mode: { how: "mapped", nixos: "--network= (service:S → container:<name>)" },
  networks: { how: "mapped", nixos: "--network=, --network-alias=, --ip=, --ip6=, --link-local-ip= (or --network=name=…,alias=…)" },
  oom_kill_disable: { how: "mapped", nixos: "--oom-kill-disable" },
  oom_score_adj: { how: "mapped", nixos: "--oom-score-adj=" },
  pid: { how: "mapped", nixos: "--pid= (service:S → container:<name>)" },
  pids_limit: { how: "mapped", nixos: "--pids-limit=" },
  platform: { how: "mapped", nixos: "--platform=" },
  ports: { how: "mapped", nixos: "ports" },
  privileged: { how: "mapped", nixos: "--privileged" },
  pull_policy: { how: "mapped", nixos: "--pull= (always, missing, never)" },
  pull_refresh_after: { how: "unsupported", nixos: "no timed re-pull in docker run" },
  read_only: { how: "mapped", nixos: "--read-only" },
  restart: { how: "mapped", nixos: "systemd Restart=, StartLimitBurst, StartLimitIntervalSec, RestartSec backoff" },
  runtime: { how: "mapped", nixos: "--runtime=" },
  scale: { how: "mapped", nixos: "1: one container; 0: autoStart = false; more: not expressible" },
  secrets: { how: "mapped", nixos: "volumes: \"<file>:/run/secrets/<target>:ro\" (file secrets only)" },
  security_opt: { how: "mapped", nixos: "--security-opt=" },
  shm_size: { how: "mapped", nixos: "--shm-size=" },
  stdin_open: { how: "mapped", nixos: "--interactive" },
  stop_grace_period: { how: "mapped", nixos: "--stop-timeout= (seconds) and TimeoutStopSec when longer than the unit's" },
  stop_signal: { how: "mapped", nixos: "--stop-signal=" },
  storage_opt: { how: "mapped", nixos: "--storage-opt=K=V" },
  sysctls: { how: "mapped", nixos: "--sysctl=K=V" },
  tmpfs: { how: "mapped", nixos: "--tmpfs=" },
  tty: { how: "mapped", nixos: "--tty" },
  ulimits: { how: "mapped", nixos: "--ulimit=NAME=V or NAME=SOFT:HARD" },
  use_api_socket: { how: "unsupported", nixos: "bind-mount the Docker socket explicitly instead" },
  user: { how: "mapped", nixos: "user" },
  userns_mode: { how: "mapped", nixos: "--userns=" },
  uts: { how: "mapped", nixos: "--uts=" },
  volume_driver: { how: "mapped", nixos: "--volume-driver=" },
  volumes: { how: "mapped", nixos: "volumes \"SRC:DST:OPTS\", --mount= (subpath, create_host_path: false, …), --tmpfs=" },
  volumes_from: { how: "mapped", nixos: "--volumes-from=<container>[:ro|rw]" },
  working_dir: { how: "mapped", nixos: "--workdir=" },
  pre_start: { how: "unsupported", nixos: "lifecycle hooks need docker compose" },
  post_start: { how: "unsupported", nixos: "lifecycle hooks need docker compose" },
  pre_stop: { how: "unsupported", nixos: "lifecycle hooks need docker compose" },
  "x-nix-image": { how: "mapped", nixos: "imageFile = pkgs.dockerTools.buildLayeredImage { … } (image names what it loads)" },
} as const satisfies Record<string, { how: KeyHandling; nixos: string }>;

export type KeyHandling = "mapped" | "ignored" | "unsupported";

/** `deploy.*`, the same way. */
export const DEPLOY_KEYS = {
  mode: { how: "mapped", nixos: "replicated/global: one container" },
  replicas: { how: "mapped", nixos: "like scale" },
  labels: { how: "ignored", nixos: "Swarm service labels" },
  update_config: { how: "ignored", nixos: "Swarm only" },
  rollback_config: { how: "ignored", nixos: "Swarm only" },
  resources: { how: "mapped", nixos: "limits.cpus/memory/pids → --cpus/--memory/--pids-limit; reservations.memory → --memory-reservation; devices → --gpus" },
  restart_policy: { how: "mapped", nixos: "systemd Restart=, RestartSec (delay), StartLimitBurst (max_attempts), StartLimitIntervalSec (window)" },
  placement: { how: "ignored", nixos: "Swarm only" },
  endpoint_mode: { how: "ignored", nixos: "Swarm only" },
} as const satisfies Record<string, { how: KeyHandling; nixos: string }>;

/** Names docker accepts for containers, networks and volumes; oci-containers puts them in shell code unquoted. */
const OBJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** `log-driver` and `image` are also spliced into the unit's script unquoted. */
const SHELL_SAFE = /^[A-Za-z0-9._/:@+-]+$/;
/** oci-containers' own `TimeoutStopSec` for container units. */
const UNIT_STOP_TIMEOUT = 120;
const OVERRIDE = 90;

type Obj = Record<string, unknown>;

export function emitNixos(model: Project, options: NixosOptions = {}): NixosResult {
  const d = new Diagnostics();
  const rt: Runtime = options.runtime ?? options.host?.docker?.runtime ?? "docker";
  const env = options.env ?? (() => undefined);
  const project = resolveStrings(model, [], env, d) as Project;
  const e = new Emitter(project, rt, env, options, d);
  return { text: e.module(), diagnostics: d.items };
}

/**
 * Substitutes variables in every string value (never in keys, nor in `x-*` extensions, which
 * nothing reads here) and replaces what a Nix string cannot hold (NUL, lone surrogates).
 */
function resolveStrings(v: unknown, at: PathSegment[], env: (n: string) => string | undefined, d: Diagnostics): unknown {
  if (typeof v === "string") {
    const s = interpolate(v, env, at, d);
    if (isNixRepresentable(s)) return s;
    d.error(Code.NotExpressible, at, "Nix strings cannot hold NUL or unpaired surrogate characters");
    return s.replace(/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  }
  if (Array.isArray(v)) return v.map((x, i) => resolveStrings(x, [...at, i], env, d));
  if (typeof v === "object" && v !== null) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (!isNixRepresentable(k)) {
        d.error(Code.NotExpressible, [...at, k], "Nix attribute names cannot hold NUL or unpaired surrogate characters");
        continue;
      }
      out[k] = k.startsWith("x-") ? x : resolveStrings(x, [...at, k], env, d);
    }
    return out;
  }
  return v;
}

const sorted = <T>(m: Record<string, T> | undefined): Array<[string, T]> =>
  Object.entries(m ?? {}).sort((a, b) => compareKeys(a[0], b[0]));

/** A word for a shell script: bare when it cannot be misread, else single-quoted. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A `key=value` field of docker's CSV-parsed flags (`--mount`, `--network`, `--gpus`). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s.trim() !== s ? `"${s.replace(/"/g, '""')}"` : s;
}

const override = (v: NixExpr): NixExpr => apply(ident("lib.mkOverride"), int(OVERRIDE), v);

interface Unit {
  /** systemd `Restart=` value chosen for the container. */
  restart?: string;
  serviceConfig: Array<[string, NixExpr]>;
  /** `[Unit]` directives; the start limits live there (systemd ignores them in `[Service]`). */
  unitConfig: Array<[string, NixExpr]>;
  preStart: string[];
  after: Set<string>;
  requires: Set<string>;
  wants: Set<string>;
}

interface Container {
  name: string;
  service: string;
  image?: string;
  /** The Nix-built image the host loads before starting the container (oci-containers `imageFile`). */
  imageFile?: NixExpr;
  environment: Record<string, string>;
  environmentFiles: string[];
  volumes: string[];
  ports: string[];
  cmd?: string[];
  entrypoint?: string;
  labels: Record<string, string>;
  dependsOn: Set<string>;
  user?: string;
  logDriver?: string;
  autoStart: boolean;
  extraOptions: string[];
  unit: Unit;
}

class Emitter {
  private readonly names = new Map<string, string>();
  /** Containers another service waits on with `service_completed_successfully`. */
  private readonly completionDeps = new Map<string, PathSegment[]>();

  constructor(
    private readonly p: Project,
    private readonly rt: Runtime,
    private readonly env: (n: string) => string | undefined,
    private readonly o: NixosOptions,
    private readonly d: Diagnostics,
  ) {
    for (const [svc, s] of sorted(p.services)) {
      const name = s.container_name ?? `${p.name}-${svc}`;
      if (!OBJECT_NAME.test(name)) {
        d.error(Code.InvalidValue, ["services", svc, s.container_name === undefined ? "name" : "container_name"], `container name "${name}" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
      }
      this.names.set(svc, name);
    }
  }

  private lossy(at: PathSegment[], msg: string): void {
    if (this.o.allowLossy) this.d.warn(Code.NotExpressible, at, `${msg}; left out of the NixOS module`);
    else this.d.error(Code.NotExpressible, at, `${msg} (allow lossy output to leave it out)`);
  }

  private ignored(at: PathSegment[], msg: string): void {
    this.d.warn(Code.NotExpressible, at, `${msg}; left out of the NixOS module`);
  }

  private unitName(container: string): string {
    return `${this.rt}-${container}.service`;
  }

  private get rootTarget(): string {
    return `${this.rt}-compose-${this.p.name}-root`;
  }

  module(): string {
    const top: NixBinding[] = [...this.runtimeBindings()];

    const containers: Container[] = [];
    for (const [svc, s] of sorted(this.p.services)) containers.push(this.container(svc, s));
    for (const c of containers) this.applyCompletionDep(c);
    containers.sort((a, b) => compareKeys(a.name, b.name));
    containers.forEach((c, i) => top.push(...this.containerBindings(c, i === 0 ? "Containers" : undefined)));

    const networks = sorted(this.p.networks).filter(([, n]) => !isExternal(n.external));
    networks.forEach(([key, n], i) => top.push(this.networkUnit(key, n, i === 0)));
    const volumes = sorted(this.p.volumes).filter(([, v]) => !isExternal(v.external));
    volumes.forEach(([key, v], i) => top.push(this.volumeUnit(key, v, i === 0)));

    top.push(
      attr(
        ["systemd", "targets", this.rootTarget],
        attrs([
          attr("description", str(`Root target of project ${this.p.name}, generated by compose-ts.`)),
          attr("wantedBy", list([str("multi-user.target")])),
        ]),
        "Root target: starting it creates the networks and volumes and starts the containers;\nstopping it stops them all.",
      ),
    );

    const args = this.rt === "podman" ? ["pkgs", "lib", "config"] : ["pkgs", "lib"];
    const header = [
      `NixOS module generated by compose-ts${this.o.sourceName === undefined ? "" : ` from ${this.o.sourceName}`}; do not edit.`,
      `Project ${this.p.name}: import it from configuration.nix (imports = [ ./this-file.nix ];).`,
    ];
    return printNixFile({ header, body: lambda(formals(args), attrs(top)) });
  }

  // ── host / runtime ────────────────────────────────────────────────────────────────────────

  private runtimeBindings(): NixBinding[] {
    const docker = this.o.host?.docker;
    const at: PathSegment[] = ["host", "docker"];
    const out: NixBinding[] = [];
    const engine: NixBinding[] = [attr("enable", bool(true))];
    if (this.rt === "docker") {
      const settings = { ...docker?.daemonSettings };
      // NixOS's docker module defines `group = "docker"` itself (the group of its socket); a
      // string defined twice with two values fails the build ("conflicting definition values").
      if (settings.group !== undefined && settings.group !== "docker") {
        this.lossy([...at, "daemonSettings", "group"], 'NixOS sets the daemon\'s group to "docker" (the group of its socket); another group conflicts with it');
        delete settings.group;
      }
      if (Object.keys(settings).length > 0) engine.push(attr(["daemon", "settings"], fromData(settings as NixData)));
      if (docker?.rootless) {
        const r: NixBinding[] = [];
        if (docker.rootless.enable !== undefined) r.push(attr("enable", bool(docker.rootless.enable)));
        if (docker.rootless.setSocketVariable !== undefined) r.push(attr("setSocketVariable", bool(docker.rootless.setSocketVariable)));
        if (r.length > 0) engine.push(attr("rootless", attrs(r)));
      }
    } else {
      // No dockerCompat: nothing here calls `docker`, and it conflicts with a host that also enables Docker.
      if (docker?.daemonSettings) this.lossy([...at, "daemonSettings"], "Podman has no daemon.json");
      if (docker?.rootless) this.lossy([...at, "rootless"], "rootless is Docker's setting; oci-containers runs Podman containers as root");
    }
    const prune = docker?.autoPrune;
    if (prune) {
      const b: NixBinding[] = [];
      if (prune.enable !== undefined) b.push(attr("enable", bool(prune.enable)));
      if (prune.dates !== undefined) b.push(attr("dates", str(prune.dates)));
      if (prune.flags !== undefined) b.push(attr("flags", list(prune.flags.map((f) => str(f)))));
      if (b.length > 0) engine.push(attr("autoPrune", attrs(b)));
    }
    out.push(attr(["virtualisation", this.rt], attrs(engine), "Runtime"));

    if (docker?.users && docker.users.length > 0) {
      if (this.rt === "docker") {
        for (const u of [...docker.users].sort(compareKeys)) out.push(attr(["users", "users", u, "extraGroups"], list([str("docker")])));
      } else {
        this.lossy([...at, "users"], "Podman has no daemon group to join");
      }
    }
    if (this.rt === "podman") {
      // Containers resolve each other by name through Podman's DNS on port 53 of the bridge.
      out.push(
        attr(
          ["networking", "firewall", "interfaces"],
          letIn(
            [attr("matchAll", raw('if config.networking.nftables.enable or false then "podman*" else "podman+"'))],
            raw('{ "${matchAll}".allowedUDPPorts = [ 53 ]; }'),
          ),
          "Container name DNS on Podman networks.",
        ),
      );
    }
    out.push(attr(["virtualisation", "oci-containers", "backend"], str(this.rt)));
    return out;
  }

  // ── one service ───────────────────────────────────────────────────────────────────────────

  private container(svc: string, s: Service): Container {
    const at: PathSegment[] = ["services", svc];
    const c: Container = {
      name: this.names.get(svc)!,
      service: svc,
      environment: {},
      environmentFiles: [],
      volumes: [],
      ports: [],
      labels: {},
      dependsOn: new Set(),
      autoStart: true,
      extraOptions: [],
      unit: { serviceConfig: [], unitConfig: [], preStart: [], after: new Set(), requires: new Set(), wants: new Set() },
    };
    const flag = (name: string, value?: string | number) => c.extraOptions.push(value === undefined ? `--${name}` : `--${name}=${value}`);
    const flags = (name: string, values: readonly string[] | undefined) => values?.forEach((v) => flag(name, v));
    const kv = (name: string, m: Record<string, string> | undefined) => sorted(m).forEach(([k, v]) => flag(name, `${k}=${v}`));
    const boolFlag = (name: string, key: keyof Service) => {
      const v = this.bool(s[key], [...at, key]);
      if (v !== undefined) flag(name, v ? undefined : "false");
    };
    const scalar = (name: string, key: keyof Service) => {
      const v = s[key];
      if (typeof v === "string" || typeof v === "number") flag(name, v);
    };
    const intFlag = (name: string, key: keyof Service) => {
      const v = this.int(s[key], [...at, key]);
      if (v !== undefined) flag(name, v);
    };
    const numFlag = (name: string, key: keyof Service) => {
      const v = this.num(s[key], [...at, key]);
      if (v !== undefined) flag(name, v);
    };
    const deploy = s.deploy;
    const limits = deploy?.resources?.limits;
    const reservations = deploy?.resources?.reservations;

    for (const key of Object.keys(s)) {
      if (key.startsWith("x-")) continue;
      const entry = (SERVICE_KEYS as Record<string, { how: KeyHandling; nixos: string }>)[key];
      if (entry === undefined) this.lossy([...at, key], `"${key}" is not known to the NixOS target`);
      else if (entry.how === "ignored") this.ignored([...at, key], `${key}: ${entry.nixos}`);
      else if (entry.how === "unsupported") this.lossy([...at, key], `${key} cannot be expressed on NixOS: ${entry.nixos}`);
    }

    // image (oci-containers splices it into the script unquoted)
    if (s.image !== undefined) {
      const problem = imageReferenceProblem(s.image) ?? (SHELL_SAFE.test(s.image) ? undefined : "unexpected characters");
      if (problem !== undefined) this.d.error(Code.InvalidImage, [...at, "image"], `invalid image "${s.image}": ${problem}`);
      c.image = s.image;
      if (s["x-nix-image"]) c.imageFile = dockerToolsCall(s["x-nix-image"]);
    } else if (this.o.allowLossy && s.build) {
      c.image = `${this.p.name}-${svc}`;
    } else if (!s.build) {
      this.d.error(Code.MissingKey, [...at, "image"], "a container on NixOS needs an image");
    }

    if (s.profiles && s.profiles.length > 0) c.autoStart = false;
    const scale = this.int(s.scale, [...at, "scale"]) ?? this.int(deploy?.replicas, [...at, "deploy", "replicas"]);
    if (scale === 0) c.autoStart = false;
    else if (scale !== undefined && scale > 1) this.lossy(s.scale !== undefined ? [...at, "scale"] : [...at, "deploy", "replicas"], `${scale} replicas: a NixOS module runs one container per service`);

    kv("annotation", s.annotations);

    if (s.blkio_config) {
      const b = s.blkio_config;
      const bat = [...at, "blkio_config"];
      const w = this.int(b.weight, [...bat, "weight"]);
      if (w !== undefined) flag("blkio-weight", w);
      for (const x of b.weight_device ?? []) flag("blkio-weight-device", `${x.path}:${x.weight}`);
      for (const [k, f] of [
        ["device_read_bps", "device-read-bps"],
        ["device_read_iops", "device-read-iops"],
        ["device_write_bps", "device-write-bps"],
        ["device_write_iops", "device-write-iops"],
      ] as const) {
        for (const x of b[k] ?? []) flag(f, `${x.path}:${x.rate}`);
      }
    }
    flags("cap-add", s.cap_add);
    flags("cap-drop", s.cap_drop);
    scalar("cgroup-parent", "cgroup_parent");
    scalar("cgroupns", "cgroup");
    intFlag("cpu-count", "cpu_count");
    numFlag("cpu-percent", "cpu_percent");
    intFlag("cpu-period", "cpu_period");
    intFlag("cpu-quota", "cpu_quota");
    intFlag("cpu-rt-period", "cpu_rt_period");
    intFlag("cpu-rt-runtime", "cpu_rt_runtime");
    const cpus = this.num(s.cpus, [...at, "cpus"]) ?? this.num(limits?.cpus, [...at, "deploy", "resources", "limits", "cpus"]);
    if (cpus !== undefined) flag("cpus", cpus);
    scalar("cpuset-cpus", "cpuset");
    intFlag("cpu-shares", "cpu_shares");

    this.commandAndEntrypoint(s, at, c);
    this.fileMounts(s, at, c);

    this.dependsOn(s, at, c);
    if (deploy) this.deploy(deploy, [...at, "deploy"]);
    flags("device-cgroup-rule", s.device_cgroup_rules);
    for (const x of s.devices ?? []) {
      const cdi = !x.source.startsWith("/");
      flag("device", cdi && x.target === x.source ? x.source : `${x.source}:${x.target}:${x.permissions}`);
    }
    flags("dns", s.dns);
    flags("dns-option", s.dns_opt);
    flags("dns-search", s.dns_search);
    scalar("domainname", "domainname");
    this.environment(s, at, c);
    flags("expose", s.expose);
    flags("link", s.external_links);
    for (const h of s.extra_hosts ?? []) {
      const i = h.indexOf("=");
      flag("add-host", i === -1 ? h : `${h.slice(0, i)}:${h.slice(i + 1)}`);
    }
    flags("group-add", s.group_add);
    const gpus = [...(s.gpus ?? []).map((g, i) => ({ g, at: [...at, "gpus", i] })), ...(reservations?.devices ?? []).map((g, i) => ({ g, at: [...at, "deploy", "resources", "reservations", "devices", i] }))];
    for (const { g, at: gat } of gpus) {
      const spec = this.gpuSpec(g, gat);
      if (spec !== undefined) flag("gpus", spec);
    }
    scalar("hostname", "hostname");
    if (s.healthcheck) this.healthcheck(s.healthcheck, [...at, "healthcheck"], c);
    boolFlag("init", "init");
    if (s.ipc !== undefined) flag("ipc", this.serviceRef(s.ipc));
    scalar("isolation", "isolation");
    if (s.labels) Object.assign(c.labels, s.labels);
    for (const f of s.label_file ?? []) {
      const p = this.hostPath(f, [...at, "label_file"]);
      if (p !== undefined) flag("label-file", p);
    }
    for (const l of s.links ?? []) {
      const [target, alias] = l.includes(":") ? [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)] : [l, l];
      flag("link", `${this.names.get(target) ?? target}:${alias}`);
    }
    if (s.logging) {
      const lat = [...at, "logging"];
      if (s.logging.driver !== undefined) {
        if (SHELL_SAFE.test(s.logging.driver)) c.logDriver = s.logging.driver;
        else this.d.error(Code.InvalidValue, [...lat, "driver"], `invalid log driver "${s.logging.driver}"`);
      }
      for (const [k, v] of sorted(s.logging.options)) {
        if (v === null) this.lossy([...lat, "options", k], "a log option without a value");
        else flag("log-opt", `${k}=${v}`);
      }
    }
    const mem = s.mem_limit ?? limits?.memory;
    if (mem !== undefined) flag("memory", mem);
    const memRes = s.mem_reservation ?? reservations?.memory;
    if (memRes !== undefined) flag("memory-reservation", memRes);
    scalar("memory-swap", "memswap_limit");
    scalar("memory-swappiness", "mem_swappiness");
    scalar("mac-address", "mac_address");
    if (s.network_mode !== undefined) flag("network", this.serviceRef(s.network_mode));
    if (s.networks) this.networks(svc, s.networks, [...at, "networks"], c);
    boolFlag("oom-kill-disable", "oom_kill_disable");
    intFlag("oom-score-adj", "oom_score_adj");
    if (s.pid !== undefined) flag("pid", this.serviceRef(s.pid));
    const pids = this.int(s.pids_limit, [...at, "pids_limit"]) ?? this.int(limits?.pids, [...at, "deploy", "resources", "limits", "pids"]);
    if (pids !== undefined) flag("pids-limit", pids);
    scalar("platform", "platform");
    (s.ports ?? []).forEach((port, i) => {
      const pat = [...at, "ports", i];
      if (port.name !== undefined) this.ignored([...pat, "name"], "a port's name is metadata docker run has no place for");
      if (port.app_protocol !== undefined) this.ignored([...pat, "app_protocol"], "a port's app_protocol is metadata docker run has no place for");
      const ip = port.host_ip === undefined ? undefined : port.host_ip.includes(":") ? `[${port.host_ip}]` : port.host_ip;
      const host = ip !== undefined ? `${ip}:${port.published ?? ""}:` : port.published !== undefined ? `${port.published}:` : "";
      c.ports.push(`${host}${port.target}/${port.protocol}`);
    });
    boolFlag("privileged", "privileged");
    if (s.pull_policy !== undefined) {
      if (["always", "missing", "never"].includes(s.pull_policy)) flag("pull", s.pull_policy);
      else this.lossy([...at, "pull_policy"], `pull_policy "${s.pull_policy}" has no docker run equivalent`);
    }
    boolFlag("read-only", "read_only");
    scalar("runtime", "runtime");
    flags("security-opt", s.security_opt);
    scalar("shm-size", "shm_size");
    boolFlag("interactive", "stdin_open");
    if (s.stop_grace_period !== undefined) this.stopGracePeriod(s.stop_grace_period, [...at, "stop_grace_period"], c);
    scalar("stop-signal", "stop_signal");
    kv("storage-opt", s.storage_opt);
    kv("sysctl", s.sysctls);
    flags("tmpfs", s.tmpfs);
    boolFlag("tty", "tty");
    for (const [name, u] of sorted(s.ulimits)) {
      const uat = [...at, "ulimits", name];
      if (typeof u === "object") {
        const soft = this.int(u.soft, [...uat, "soft"]);
        const hard = this.int(u.hard, [...uat, "hard"]);
        if (soft !== undefined && hard !== undefined) flag("ulimit", `${name}=${soft}:${hard}`);
      } else {
        const v = this.int(u, uat);
        if (v !== undefined) flag("ulimit", `${name}=${v}`);
      }
    }
    if (s.user !== undefined) c.user = s.user;
    scalar("userns", "userns_mode");
    scalar("uts", "uts");
    scalar("volume-driver", "volume_driver");
    for (const v of s.volumes_from ?? []) {
      const [ref, mode] = v.startsWith("container:") ? splitMode(v.slice("container:".length)) : splitMode(v);
      const target = v.startsWith("container:") ? ref : (this.names.get(ref) ?? ref);
      flag("volumes-from", mode === undefined ? target : `${target}:${mode}`);
    }
    scalar("workdir", "working_dir");

    this.restart(s, at, c.unit);
    return c;
  }

  /** `service:S` (network_mode, ipc, pid) → `container:<S's container name>`. */
  private serviceRef(v: string): string {
    if (!v.startsWith("service:")) return v;
    const svc = v.slice("service:".length);
    return `container:${this.names.get(svc) ?? svc}`;
  }

  private bool(v: unknown, at: PathSegment[]): boolean | undefined {
    if (v === undefined) return undefined;
    if (typeof v === "boolean") return v;
    const s = String(v).toLowerCase();
    if (["true", "y", "yes", "on"].includes(s)) return true;
    if (["false", "n", "no", "off"].includes(s)) return false;
    this.d.error(Code.InvalidType, at, `expected true or false, got ${JSON.stringify(v)}`);
    return undefined;
  }

  private int(v: unknown, at: PathSegment[]): number | undefined {
    if (v === undefined) return undefined;
    const n = typeof v === "number" ? v : /^[+-]?\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN;
    if (Number.isSafeInteger(n)) return n;
    this.d.error(Code.InvalidType, at, `expected an integer, got ${JSON.stringify(v)}`);
    return undefined;
  }

  private num(v: unknown, at: PathSegment[]): number | undefined {
    if (v === undefined) return undefined;
    const n = typeof v === "number" ? v : String(v).trim() === "" ? NaN : Number(v);
    if (Number.isFinite(n)) return n;
    this.d.error(Code.InvalidType, at, `expected a number, got ${JSON.stringify(v)}`);
    return undefined;
  }

  /** An absolute host path, or undefined (reported) when it cannot be one. */
  private hostPath(p: string, at: PathSegment[]): string | undefined {
    if (p.startsWith("/")) return p;
    if (p.startsWith("~")) {
      this.lossy(at, `"${p}": the home directory of the user running the stack has no meaning in a system unit; use an absolute path`);
      return undefined;
    }
    if (this.o.projectDir !== undefined) return path.posix.join(this.o.projectDir, p);
    this.lossy(at, `"${p}" is relative, and systemd runs the unit in /; use an absolute path (or give the project directory)`);
    return undefined;
  }

  private commandAndEntrypoint(s: Service, at: PathSegment[], c: Container): void {
    const ep = s.entrypoint;
    let cmd = s.command;
    if (ep !== undefined) {
      if (ep.length === 0) c.entrypoint = "";
      else if (this.rt === "podman" && (ep.length > 1 || ep[0]!.startsWith("["))) c.entrypoint = JSON.stringify(ep);
      else {
        // docker run --entrypoint takes one word; the rest of Compose's entrypoint comes first in CMD.
        c.entrypoint = ep[0]!;
        if (this.rt === "docker" && ep.length > 1) cmd = [...ep.slice(1), ...(cmd ?? [])];
      }
    }
    // Setting an entrypoint clears the image's CMD anyway; without one, an empty list cannot.
    if (s.command !== undefined && s.command.length === 0 && ep === undefined) {
      this.lossy([...at, "command"], "an empty command (clearing the image's CMD) has no docker run form");
    }
    if (cmd !== undefined && cmd.length > 0) c.cmd = cmd;
  }

  private environment(s: Service, at: PathSegment[], c: Container): void {
    for (const [k, v] of sorted(s.environment)) {
      const eat = [...at, "environment", k];
      const value = v ?? this.env(k);
      if (value === undefined) {
        this.d.warn(Code.NotExpressible, eat, `${k} has no value here and Compose would take it from the environment of whoever runs it; left out of the container`);
        continue;
      }
      c.environment[k] = value;
      if (looksLikeSecretName(k) && value !== "") {
        this.d.warn(Code.SecretExposure, eat, `${k} is written into the Nix store, which every local user can read; use \`secrets:\` with a file, or \`env_file\`, instead`);
      }
    }
    (s.env_file ?? []).forEach((f, i) => {
      const fat = [...at, "env_file", i];
      if (this.bool(f.required, [...fat, "required"]) === false) this.lossy([...fat, "required"], "docker fails on a missing env file; it cannot be optional");
      if (f.format !== undefined) this.lossy([...fat, "format"], `env file format "${f.format}": docker reads env files as KEY=VALUE lines only`);
      const p = this.hostPath(f.path, [...fat, "path"]);
      if (p !== undefined) c.environmentFiles.push(p);
    });
  }

  /** volumes, secrets, configs: all become mounts. */
  private fileMounts(s: Service, at: PathSegment[], c: Container): void {
    (s.volumes ?? []).forEach((v, i) => this.volumeMount(v, [...at, "volumes", i], c));
    for (const kind of ["secrets", "configs"] as const) {
      (s[kind] ?? []).forEach((ref, i) => {
        const rat = [...at, kind, i];
        const top = this.p[kind]?.[ref.source];
        for (const k of ["uid", "gid", "mode"] as const) {
          if (ref[k] !== undefined) this.lossy([...rat, k], `${k} of a bind-mounted ${kind.slice(0, -1)}: the host file keeps its own`);
        }
        if (top === undefined) {
          this.d.error(Code.UnknownReference, [...rat, "source"], `${kind.slice(0, -1)} "${ref.source}" is not declared`);
          return;
        }
        const tat: PathSegment[] = [kind, ref.source];
        if (top.file === undefined) {
          const how = isExternal(top.external) ? "an external one" : top.environment !== undefined ? "one read from an environment variable (its value would have to be written into the world-readable Nix store)" : top.content !== undefined ? "one with inline content" : "one without `file`";
          this.lossy(tat, `only file-based ${kind} can be mounted on NixOS, not ${how}; use \`file:\` with a path outside the store`);
          return;
        }
        const file = this.hostPath(top.file, [...tat, "file"]);
        if (file === undefined) return;
        const dir = kind === "secrets" ? "/run/secrets/" : "/";
        const target = ref.target === undefined ? `${dir}${ref.source}` : ref.target.startsWith("/") ? ref.target : `${dir}${ref.target}`;
        c.volumes.push(`${file}:${target}:ro`);
      });
    }
  }

  private volumeMount(v: VolumeMount, at: PathSegment[], c: Container): void {
    const ro = this.bool(v.read_only, [...at, "read_only"]) === true;
    if (v.type === "tmpfs") {
      const opts: string[] = [];
      if (ro) opts.push("ro");
      if (v.tmpfs?.size !== undefined) opts.push(`size=${v.tmpfs.size}`);
      const mode = this.int(v.tmpfs?.mode, [...at, "tmpfs", "mode"]);
      if (mode !== undefined) opts.push(`mode=${mode.toString(8)}`);
      c.extraOptions.push(`--tmpfs=${v.target}${opts.length > 0 ? `:${opts.join(",")}` : ""}`);
      return;
    }
    if (v.type === "npipe" || v.type === "cluster") {
      this.lossy([...at, "type"], `${v.type} mounts do not exist on Linux hosts`);
      return;
    }
    if (v.consistency !== undefined && v.type !== "bind") this.ignored([...at, "consistency"], "consistency only matters to Docker Desktop");
    if (v.type === "image") {
      if (v.source === undefined) return this.d.error(Code.MissingKey, [...at, "source"], "an image mount needs a source");
      const fields = [`type=image`, `source=${v.source}`, `target=${v.target}`];
      if (ro) fields.push("readonly");
      if (v.image?.subpath !== undefined) fields.push(`image-subpath=${v.image.subpath}`);
      c.extraOptions.push(`--mount=${fields.map(csvField).join(",")}`);
      return;
    }
    if (v.type === "bind") {
      if (v.source === undefined) return this.d.error(Code.MissingKey, [...at, "source"], "a bind mount needs a source");
      const src = this.hostPath(v.source, [...at, "source"]);
      if (src === undefined) return;
      const b = v.bind ?? {};
      const create = this.bool(b.create_host_path, [...at, "bind", "create_host_path"]);
      // `-v` creates a missing source directory and cannot hold `:` in paths; `--mount` does neither.
      if (create === false || b.recursive !== undefined || src.includes(":") || v.target.includes(":")) {
        if (b.selinux !== undefined) this.lossy([...at, "bind", "selinux"], "SELinux relabeling needs the -v form, which cannot express this mount");
        const fields = [`type=bind`, `source=${src}`, `target=${v.target}`];
        if (ro) fields.push("readonly");
        if (b.propagation !== undefined) fields.push(`bind-propagation=${b.propagation}`);
        if (b.recursive !== undefined) fields.push(`bind-recursive=${b.recursive}`);
        if (v.consistency !== undefined) fields.push(`consistency=${v.consistency}`);
        c.extraOptions.push(`--mount=${fields.map(csvField).join(",")}`);
        return;
      }
      const opts = [ro ? "ro" : "rw"];
      if (b.selinux !== undefined) opts.push(b.selinux);
      if (b.propagation !== undefined) opts.push(b.propagation);
      if (v.consistency !== undefined) opts.push(v.consistency);
      c.volumes.push(`${src}:${v.target}:${opts.join(",")}`);
      return;
    }
    // type volume
    if (v.source === undefined) {
      // Anonymous: created with the container, removed with it (oci-containers runs with --rm).
      // `-v <target>` has no room for nocopy; `--mount` has.
      if (this.bool(v.volume?.nocopy, [...at, "volume", "nocopy"]) === true) {
        c.extraOptions.push(`--mount=${["type=volume", `target=${v.target}`, ...(ro ? ["readonly"] : []), "volume-nocopy"].map(csvField).join(",")}`);
        return;
      }
      c.volumes.push(ro ? `${v.target}:ro` : v.target);
      return;
    }
    const top = this.p.volumes?.[v.source];
    const name = top?.name ?? (top === undefined ? v.source : `${this.p.name}_${v.source}`);
    if (top !== undefined && !isExternal(top.external)) {
      c.unit.after.add(`${this.rt}-volume-${name}.service`);
      c.unit.requires.add(`${this.rt}-volume-${name}.service`);
    }
    const vo = v.volume ?? {};
    if (vo.labels !== undefined) this.lossy([...at, "volume", "labels"], "the volume is created by its own unit; labels on the mount would be ignored");
    const nocopy = this.bool(vo.nocopy, [...at, "volume", "nocopy"]) === true;
    if (vo.subpath !== undefined) {
      const fields = [`type=volume`, `source=${name}`, `target=${v.target}`];
      if (ro) fields.push("readonly");
      if (nocopy) fields.push("volume-nocopy");
      fields.push(`volume-subpath=${vo.subpath}`);
      c.extraOptions.push(`--mount=${fields.map(csvField).join(",")}`);
      return;
    }
    const opts = [ro ? "ro" : "rw"];
    if (nocopy) opts.push("nocopy");
    c.volumes.push(`${name}:${v.target}:${opts.join(",")}`);
  }

  private dependsOn(s: Service, at: PathSegment[], c: Container): void {
    for (const [dep, x] of sorted(s.depends_on)) {
      const dat = [...at, "depends_on", dep];
      const target = this.names.get(dep);
      if (target === undefined) {
        this.d.error(Code.UnknownReference, dat, `service "${dep}" is not declared`);
        continue;
      }
      const required = this.bool(x.required, [...dat, "required"]) !== false;
      if (required) c.dependsOn.add(target);
      else {
        // Wants, not Requires: the container still starts when the dependency cannot.
        c.unit.after.add(this.unitName(target));
        c.unit.wants.add(this.unitName(target));
      }
      if (x.condition === "service_healthy") c.unit.preStart.push(this.healthWait(dep, target, required, dat));
      if (x.condition === "service_completed_successfully") {
        if (this.rt === "podman") this.lossy([...dat, "condition"], "oci-containers runs Podman containers detached, so a unit cannot wait for one to exit");
        else if (!this.completionDeps.has(dep)) this.completionDeps.set(dep, dat);
      }
    }
  }

  /** A preStart block that waits for `target`'s health status, like `docker compose up` does. */
  private healthWait(dep: string, target: string, required: boolean, at: PathSegment[]): string {
    const hc = this.p.services[dep]?.healthcheck;
    if (hc === undefined) this.d.warn(Code.InvalidValue, at, `service "${dep}" has no healthcheck here; the wait relies on one in its image`);
    else if (hc.disable === true || hc.disable === "true" || hc.test?.[0] === "NONE") this.d.warn(Code.InvalidValue, at, `service "${dep}" has its healthcheck disabled, so it never becomes healthy`);
    const seconds = this.healthWaitSeconds(hc);
    const q = shellQuote(target);
    const giveUp = required ? "exit 1" : "exit 0";
    return [
      `# depends_on.${dep}: service_healthy`,
      "(",
      `  for i in $(seq ${seconds}); do`,
      `    case "$(${this.rt} inspect --format '{{.State.Health.Status}}' ${q} 2>/dev/null)" in`,
      `      healthy) exit 0 ;;`,
      `      unhealthy) echo ${shellQuote(`${target} is unhealthy`)} >&2; ${giveUp} ;;`,
      "    esac",
      "    sleep 1",
      "  done",
      `  echo ${shellQuote(`${target} did not become healthy in ${seconds}s`)} >&2`,
      `  ${giveUp}`,
      ")",
    ].join("\n");
  }

  /** Long enough for the dependency's start period plus every retry, and at least 5 minutes. */
  private healthWaitSeconds(hc: Healthcheck | undefined): number {
    const secs = (v: string | undefined, dflt: number): number => {
      if (v === undefined) return dflt;
      const ns = parseDuration(v);
      return typeof ns === "bigint" ? Number(ns / 1_000_000n) / 1000 : dflt;
    };
    const retries = typeof hc?.retries === "number" ? hc.retries : 3;
    const total = secs(hc?.start_period, 0) + (secs(hc?.interval, 30) + secs(hc?.timeout, 30)) * (retries + 1);
    return Math.max(300, Math.ceil(total));
  }

  /**
   * A dependency others wait on with `service_completed_successfully` runs as a oneshot unit:
   * systemd then starts the dependents only after its container exited with status 0.
   */
  private applyCompletionDep(c: Container): void {
    const at = this.completionDeps.get(c.service);
    if (at === undefined) return;
    const unit = c.unit;
    if (unit.restart === "always") {
      this.lossy(["services", c.service, "restart"], "a service others wait on to complete cannot restart always: its unit is a oneshot");
      const backoff = ["Restart", "RestartSec", "RestartSteps", "RestartMaxDelaySec"];
      unit.serviceConfig = unit.serviceConfig.filter(([k]) => !backoff.includes(k));
      unit.serviceConfig.push(["Restart", override(str("no"))]);
    }
    unit.serviceConfig.push(["Type", override(str("oneshot"))], ["RemainAfterExit", override(bool(true))]);
    unit.serviceConfig.sort((a, b) => compareKeys(a[0], b[0]));
    // Other dependents that only wanted it started will now wait for it to finish as well.
    for (const [svc, s] of sorted(this.p.services)) {
      const x = s.depends_on?.[c.service];
      if (x && x.condition !== "service_completed_successfully") {
        this.lossy(["services", svc, "depends_on", c.service, "condition"], `${x.condition}: "${c.service}" runs as a oneshot unit (another service waits for it to complete), so this service waits for it to exit too`);
      }
    }
  }

  private deploy(deploy: Deploy, at: PathSegment[]): void {
    for (const key of Object.keys(deploy)) {
      if (key.startsWith("x-")) continue;
      const entry = (DEPLOY_KEYS as Record<string, { how: KeyHandling; nixos: string }>)[key];
      if (entry === undefined) this.lossy([...at, key], `"${key}" is not known to the NixOS target`);
      else if (entry.how === "ignored") this.ignored([...at, key], `deploy.${key}: ${entry.nixos}`);
    }
    if (deploy.mode !== undefined && !["replicated", "global"].includes(deploy.mode)) this.lossy([...at, "mode"], `deploy mode "${deploy.mode}"`);
    const res = deploy.resources;
    if (res?.limits?.devices) this.lossy([...at, "resources", "limits", "devices"], "device limits have no docker run form");
    if (res?.limits?.generic_resources) this.ignored([...at, "resources", "limits", "generic_resources"], "Swarm only");
    if (res?.reservations?.cpus !== undefined) this.ignored([...at, "resources", "reservations", "cpus"], "CPU reservations are Swarm only");
    if (res?.reservations?.pids !== undefined) this.ignored([...at, "resources", "reservations", "pids"], "pid reservations are Swarm only");
    if (res?.reservations?.generic_resources) this.ignored([...at, "resources", "reservations", "generic_resources"], "Swarm only");
  }

  /** A `--gpus` value: docker's CSV of `count=`, `device=`, `driver=`, `capabilities=`. */
  private gpuSpec(g: NonNullable<Service["gpus"]>[number], at: PathSegment[]): string | undefined {
    const fields: string[] = [];
    const count = this.int(g.count, [...at, "count"]);
    if (count !== undefined) fields.push(count === -1 ? "count=all" : `count=${count}`);
    if (g.device_ids && g.device_ids.length > 0) fields.push(`device=${g.device_ids.join(",")}`);
    if (g.driver !== undefined) fields.push(`driver=${g.driver}`);
    if (g.capabilities && g.capabilities.length > 0) fields.push(`capabilities=${g.capabilities.join(",")}`);
    if (g.options !== undefined && Object.keys(g.options).length > 0) this.lossy([...at, "options"], "device request options have no --gpus form");
    return fields.length === 0 ? undefined : fields.map(csvField).join(",");
  }

  private healthcheck(h: Healthcheck, at: PathSegment[], c: Container): void {
    const flag = (n: string, v: string | number) => c.extraOptions.push(`--${n}=${v}`);
    if (this.bool(h.disable, [...at, "disable"]) === true || h.test?.[0] === "NONE") {
      c.extraOptions.push("--no-healthcheck");
      return;
    }
    const test = h.test;
    if (test !== undefined && test.length > 0) {
      const [kind, ...args] = test;
      if (kind === "CMD-SHELL") flag("health-cmd", args.join(" "));
      else if (kind === "CMD") {
        // docker run's --health-cmd is always CMD-SHELL; quoting every word keeps the argv.
        // Podman reads a JSON list as the exec form.
        flag("health-cmd", this.rt === "podman" ? JSON.stringify(args) : args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" "));
      } else this.d.error(Code.InvalidValue, [...at, "test"], `healthcheck test must start with CMD, CMD-SHELL or NONE, got "${kind}"`);
    }
    if (h.interval !== undefined) flag("health-interval", h.interval);
    const retries = this.int(h.retries, [...at, "retries"]);
    if (retries !== undefined) flag("health-retries", retries);
    if (h.start_interval !== undefined) {
      if (this.rt === "podman") this.lossy([...at, "start_interval"], "Podman has no health start interval");
      else flag("health-start-interval", h.start_interval);
    }
    if (h.start_period !== undefined) flag("health-start-period", h.start_period);
    if (h.timeout !== undefined) flag("health-timeout", h.timeout);
  }

  private networks(svc: string, nets: Record<string, ServiceNetwork>, at: PathSegment[], c: Container): void {
    const entries = sorted(nets).map(([key, cfg]) => ({ key, cfg: cfg ?? {}, name: this.networkName(key) }));
    // Compose connects in priority order (highest first), then by name.
    const priority = (v: unknown) => (Number.isFinite(Number(v)) ? Number(v) : 0);
    entries.sort((a, b) => priority(b.cfg.priority) - priority(a.cfg.priority));
    for (const { key, name } of entries) {
      const top = this.p.networks?.[key];
      if (top === undefined || !isExternal(top.external)) {
        c.unit.after.add(`${this.rt}-network-${name}.service`);
        c.unit.requires.add(`${this.rt}-network-${name}.service`);
      }
    }
    const simple = ["aliases", "ipv4_address", "ipv6_address", "link_local_ips", "priority"];
    const docker = this.rt === "docker";
    if (docker && entries.length === 1 && Object.keys(entries[0]!.cfg).every((k) => simple.includes(k))) {
      const { name, cfg } = entries[0]!;
      c.extraOptions.push(`--network=${name}`, `--network-alias=${svc}`);
      for (const a of cfg.aliases ?? []) c.extraOptions.push(`--network-alias=${a}`);
      if (cfg.ipv4_address !== undefined) c.extraOptions.push(`--ip=${cfg.ipv4_address}`);
      if (cfg.ipv6_address !== undefined) c.extraOptions.push(`--ip6=${cfg.ipv6_address}`);
      for (const ip of cfg.link_local_ips ?? []) c.extraOptions.push(`--link-local-ip=${ip}`);
      return;
    }
    if (!docker && entries.length > 0) c.extraOptions.push(`--network-alias=${svc}`);
    for (const { key, cfg, name } of entries) {
      const nat = [...at, key];
      const fields: string[] = [];
      const push = (k: string, v: string | number) => fields.push(docker ? csvField(`${k}=${v}`) : `${k}=${v}`);
      if (docker) push("alias", svc);
      for (const a of cfg.aliases ?? []) push("alias", a);
      if (cfg.ipv4_address !== undefined) push("ip", cfg.ipv4_address);
      if (cfg.ipv6_address !== undefined) push(docker ? "ip6" : "ip", cfg.ipv6_address);
      if (cfg.mac_address !== undefined) push(docker ? "mac-address" : "mac", cfg.mac_address);
      if (cfg.interface_name !== undefined) {
        if (docker) this.lossy([...nat, "interface_name"], "docker run cannot name the interface");
        else push("interface_name", cfg.interface_name);
      }
      for (const ip of cfg.link_local_ips ?? []) {
        if (docker) push("link-local-ip", ip);
        else this.lossy([...nat, "link_local_ips"], "podman run has no per-network link-local address");
      }
      for (const [k, v] of sorted(cfg.driver_opts)) {
        if (docker) push("driver-opt", `${k}=${v}`);
        else this.lossy([...nat, "driver_opts", k], "podman run has no per-network driver options");
      }
      const gw = this.int(cfg.gw_priority, [...nat, "gw_priority"]);
      if (gw !== undefined) {
        if (docker) push("gw-priority", gw);
        else this.lossy([...nat, "gw_priority"], "podman run has no gateway priority");
      }
      if (!docker && fields.some((f) => /[,:]/.test(f.slice(f.indexOf("=") + 1)))) {
        this.lossy(nat, "a Podman network option value with , or : cannot be written");
        continue;
      }
      if (fields.length === 0) c.extraOptions.push(`--network=${name}`);
      else if (docker) c.extraOptions.push(`--network=${[csvField(`name=${name}`), ...fields].join(",")}`);
      else c.extraOptions.push(`--network=${name}:${fields.join(",")}`);
    }
  }

  private networkName(key: string): string {
    return this.p.networks?.[key]?.name ?? `${this.p.name}_${key}`;
  }

  private stopGracePeriod(v: string, at: PathSegment[], c: Container): void {
    const ns = parseDuration(v);
    if (typeof ns === "string") {
      this.d.error(Code.InvalidDuration, at, `invalid duration "${v}": ${ns}`);
      return;
    }
    if (ns % 1_000_000_000n !== 0n) this.d.warn(Code.NotExpressible, at, `docker's stop timeout is in whole seconds; ${v} rounded up`);
    const secs = Number((ns + 999_999_999n) / 1_000_000_000n);
    c.extraOptions.push(`--stop-timeout=${secs}`);
    // `docker stop` runs inside the unit's stop timeout; leave it room to wait the whole period.
    if (secs + 10 > UNIT_STOP_TIMEOUT) c.unit.serviceConfig.push(["TimeoutStopSec", override(int(secs + 10))]);
  }

  /**
   * Compose's restart policy as systemd's (the engine's own restart policy would fight
   * systemd). `deploy.restart_policy` wins over `restart`, as in docker compose.
   */
  private restart(s: Service, at: PathSegment[], unit: Unit): void {
    const set = (k: string, v: NixExpr) => unit.serviceConfig.push([k, override(v)]);
    let policy = "no";
    let attempts: number | undefined;
    let delay: string | undefined;
    let window: string | undefined;
    const rp = s.deploy?.restart_policy;
    if (rp) {
      const rat = [...at, "deploy", "restart_policy"];
      const cond = rp.condition ?? "any";
      if (cond === "none") policy = "no";
      else if (cond === "on-failure") policy = "on-failure";
      else if (cond === "any" || cond === "always" || cond === "unless-stopped") policy = "always";
      else this.d.error(Code.InvalidRestart, [...rat, "condition"], `restart condition must be none, on-failure or any, got "${cond}"`);
      attempts = this.int(rp.max_attempts, [...rat, "max_attempts"]);
      delay = rp.delay;
      window = rp.window;
    } else if (s.restart !== undefined) {
      const r = s.restart;
      const m = /^on-failure:\s*(\d+)\s*$/.exec(r);
      if (r === "no" || r === "") policy = "no";
      else if (r === "always" || r === "unless-stopped") policy = "always";
      else if (r === "on-failure") policy = "on-failure";
      else if (m) {
        policy = "on-failure";
        attempts = Number(m[1]);
      } else this.d.error(Code.InvalidRestart, [...at, "restart"], `invalid restart policy "${r}"`);
    }
    unit.restart = policy;
    set("Restart", str(policy));
    if (policy !== "no") {
      if (delay !== undefined) {
        // systemd reads Go's duration form (`1m30s`, `500ms`) as a time span.
        set("RestartSec", str(delay));
      } else if (this.rt === "docker") {
        // Docker's own backoff: 100ms, doubling up to a minute.
        set("RestartMaxDelaySec", str("1m"));
        set("RestartSec", str("100ms"));
        set("RestartSteps", int(9));
      }
    }
    unit.serviceConfig.sort((a, b) => compareKeys(a[0], b[0]));
    // Plain [Unit] values, both in unitConfig: oci-containers sets neither, and the top-level
    // `startLimitIntervalSec` option is an int, which cannot say "infinity".
    // max_attempts counts restarts; systemd's burst also counts the first start.
    const burst = attempts !== undefined && policy !== "no" ? attempts + 1 : undefined;
    if (burst !== undefined) unit.unitConfig.push(["StartLimitBurst", int(burst)]);
    if (window !== undefined) {
      const ns = parseDuration(window);
      if (typeof ns === "bigint") unit.unitConfig.push(["StartLimitIntervalSec", int(Number(ns / 1_000_000_000n))]);
    } else if (burst !== undefined) {
      unit.unitConfig.push(["StartLimitIntervalSec", str("infinity")]);
    }
  }

  // ── Nix output ────────────────────────────────────────────────────────────────────────────

  private containerBindings(c: Container, comment?: string): NixBinding[] {
    const b: NixBinding[] = [];
    if (c.image !== undefined) b.push(attr("image", str(c.image)));
    if (c.imageFile !== undefined) b.push(attr("imageFile", c.imageFile));
    if (Object.keys(c.environment).length > 0) b.push(attr("environment", fromData(c.environment)));
    if (c.environmentFiles.length > 0) b.push(attr("environmentFiles", strings(c.environmentFiles)));
    if (c.volumes.length > 0) b.push(attr("volumes", strings(c.volumes)));
    if (c.ports.length > 0) b.push(attr("ports", strings(c.ports)));
    if (c.cmd !== undefined) b.push(attr("cmd", strings(c.cmd)));
    if (c.entrypoint !== undefined) b.push(attr("entrypoint", str(c.entrypoint)));
    if (Object.keys(c.labels).length > 0) b.push(attr("labels", fromData(c.labels)));
    if (c.dependsOn.size > 0) b.push(attr("dependsOn", strings([...c.dependsOn].sort(compareKeys))));
    if (c.user !== undefined) b.push(attr("user", str(c.user)));
    if (c.logDriver !== undefined) b.push(attr("log-driver", str(c.logDriver)));
    if (!c.autoStart) b.push(attr("autoStart", bool(false)));
    if (c.extraOptions.length > 0) b.push(attr("extraOptions", strings(c.extraOptions), undefined));

    const u = c.unit;
    const ub: NixBinding[] = [attr("description", str(`Container ${c.name} (service ${c.service}) generated by compose-ts.`))];
    if (u.serviceConfig.length > 0) ub.push(attr("serviceConfig", attrs(u.serviceConfig.map(([k, v]) => attr(k, v)), { collapse: false })));
    if (u.unitConfig.length > 0) ub.push(attr("unitConfig", attrs(u.unitConfig.map(([k, v]) => attr(k, v)), { collapse: false })));
    if (u.preStart.length > 0) ub.push(attr("preStart", str(u.preStart.join("\n") + "\n")));
    const units = (name: string, xs: Iterable<string>) => {
      const l = [...xs].sort(compareKeys);
      if (l.length > 0) ub.push(attr(name, strings(l)));
    };
    units("after", u.after);
    units("requires", u.requires);
    units("wants", u.wants);
    if (c.autoStart) {
      units("partOf", [`${this.rootTarget}.target`]);
      units("wantedBy", [`${this.rootTarget}.target`]);
    }
    return [
      attr(["virtualisation", "oci-containers", "containers", c.name], attrs(b, { collapse: false }), comment),
      attr(["systemd", "services", this.unitName(c.name).replace(/\.service$/, "")], attrs(ub, { collapse: false })),
    ];
  }

  private networkUnit(key: string, n: Network, first: boolean): NixBinding {
    const at: PathSegment[] = ["networks", key];
    const name = n.name ?? `${this.p.name}_${key}`;
    if (!OBJECT_NAME.test(name)) this.d.error(Code.InvalidValue, [...at, "name"], `network name "${name}" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
    const args: string[] = [];
    if (n.driver !== undefined) args.push(`--driver=${n.driver}`);
    for (const [k, v] of sorted(n.driver_opts)) args.push(`--opt=${k}=${v}`);
    const ipam = n.ipam;
    if (ipam?.driver !== undefined && ipam.driver !== "default") args.push(`--ipam-driver=${ipam.driver}`);
    for (const [k, v] of sorted(ipam?.options)) args.push(`--ipam-opt=${k}=${v}`);
    for (const cfg of ipam?.config ?? []) {
      if (cfg.subnet !== undefined) args.push(`--subnet=${cfg.subnet}`);
      if (cfg.ip_range !== undefined) args.push(`--ip-range=${cfg.ip_range}`);
      if (cfg.gateway !== undefined) args.push(`--gateway=${cfg.gateway}`);
      for (const [k, v] of sorted(cfg.aux_addresses)) args.push(`--aux-address=${k}=${v}`);
    }
    const flagIf = (v: unknown, field: string, on: string, off?: string) => {
      const b = this.bool(v, [...at, field]);
      if (b === true) args.push(on);
      if (b === false && off !== undefined) args.push(off);
    };
    flagIf(n.internal, "internal", "--internal");
    flagIf(n.attachable, "attachable", "--attachable");
    flagIf(n.enable_ipv6, "enable_ipv6", "--ipv6", "--ipv6=false");
    flagIf(n.enable_ipv4, "enable_ipv4", "--ipv4", "--ipv4=false");
    for (const [k, v] of sorted(n.labels)) args.push(`--label=${k}=${v}`);
    const cli = this.rt;
    const script = `${cli} network inspect ${shellQuote(name)} || ${cli} network create ${[name, ...args].map(shellQuote).join(" ")}\n`;
    return attr(
      ["systemd", "services", `${cli}-network-${name}`],
      attrs(
        [
          attr("description", str(`Network ${name} generated by compose-ts.`)),
          attr("path", list([ident(`pkgs.${cli}`)])),
          attr(
            "serviceConfig",
            attrs([attr("Type", str("oneshot")), attr("RemainAfterExit", bool(true)), attr("ExecStop", str(`${cli} network rm -f ${name}`))], { collapse: false }),
          ),
          attr("script", str(script)),
          attr("partOf", list([str(`${this.rootTarget}.target`)])),
          attr("wantedBy", list([str(`${this.rootTarget}.target`)])),
        ],
        { collapse: false },
      ),
      first ? "Networks" : undefined,
    );
  }

  private volumeUnit(key: string, v: Volume, first: boolean): NixBinding {
    const at: PathSegment[] = ["volumes", key];
    const name = v.name ?? `${this.p.name}_${key}`;
    if (!OBJECT_NAME.test(name)) this.d.error(Code.InvalidValue, [...at, "name"], `volume name "${name}" must match [a-zA-Z0-9][a-zA-Z0-9_.-]*`);
    const args: string[] = [];
    if (v.driver !== undefined) args.push(`--driver=${v.driver}`);
    for (const [k, x] of sorted(v.driver_opts)) args.push(`--opt=${k}=${x}`);
    for (const [k, x] of sorted(v.labels)) args.push(`--label=${k}=${x}`);
    const cli = this.rt;
    const script = `${cli} volume inspect ${shellQuote(name)} || ${cli} volume create ${[name, ...args].map(shellQuote).join(" ")}\n`;
    // No ExecStop: stopping the stack must never delete data.
    return attr(
      ["systemd", "services", `${cli}-volume-${name}`],
      attrs(
        [
          attr("description", str(`Volume ${name} generated by compose-ts.`)),
          attr("path", list([ident(`pkgs.${cli}`)])),
          attr("serviceConfig", attrs([attr("Type", str("oneshot")), attr("RemainAfterExit", bool(true))], { collapse: false })),
          attr("script", str(script)),
          attr("partOf", list([str(`${this.rootTarget}.target`)])),
          attr("wantedBy", list([str(`${this.rootTarget}.target`)])),
        ],
        { collapse: false },
      ),
      first ? "Volumes" : undefined,
    );
  }
}

function strings(xs: readonly string[]): NixExpr {
  return list(xs.map((x) => str(x)));
}

function isExternal(v: unknown): boolean {
  return v === true || v === "true";
}

function splitMode(ref: string): [string, string | undefined] {
  const m = /^(.*):(ro|rw)$/.exec(ref);
  return m ? [m[1]!, m[2]!] : [ref, undefined];
}
