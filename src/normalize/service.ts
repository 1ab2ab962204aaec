import { Code, type PathSegment } from "../diagnostics/index.js";
import { type Ctx, type RefKind, checkRef, isRecord, isRemoteContext, typeName } from "./context.js";
import {
  type Field,
  type FieldTable,
  asWritten,
  applyTable,
  bool,
  bytes,
  dropZeroValues,
  duration,
  environment,
  int,
  labels,
  list,
  listOf,
  listish,
  mapOf,
  num,
  object,
  str,
  strish,
  stringOrList,
} from "./fields.js";
import { splitCommand } from "./rules/command.js";
import { checkContainerName } from "./rules/container-name.js";
import { checkKeyName, linkTarget } from "./rules/interpolated-name.js";
import { normalizeDevice } from "./rules/devices.js";
import { normalizeExtraHosts } from "./rules/extra-hosts.js";
import { checkImageReference } from "./rules/image.js";
import { normalizePort } from "./rules/ports.js";
import { normalizeVolumeMount } from "./rules/volumes.js";
import { applyNixImage, isNixImageValue } from "./nix-image.js";
import { asList, asRecord, asString } from "./values.js";

/** `command`, `entrypoint`, hook commands: a string is split like a shell would. */
const command: Field = (v, path, ctx) => {
  if (typeof v === "string") return v.trim() === "" ? [] : splitCommand(v, path, ctx.d);
  return asList(v, path, ctx, { numbers: true });
};

const ulimits: Field = mapOf((v, path, ctx) => {
  if (isRecord(v)) return applyTable(v, { soft: int, hard: int }, path, ctx, "ulimit");
  return int(v, path, ctx);
});

/** Secrets and configs used by a service: `name` or `{source, target, uid, gid, mode}`. */
function fileReferences(kind: RefKind, defaultTarget: ((source: string) => string) | undefined): Field {
  return listOf((v, path, ctx) => {
    if (typeof v === "string") {
      checkRef(ctx, kind, v, path);
      return defaultTarget ? { source: v, target: defaultTarget(v) } : { source: v };
    }
    const rec = asRecord(v, path, ctx);
    if (rec === undefined) return undefined;
    const out = applyTable(rec, { source: str, target: str, uid: strish, gid: strish, mode: fileMode }, path, ctx, "file reference");
    if (typeof out.source !== "string") {
      ctx.d.error(Code.MissingKey, [...path, "source"], "source is required");
      return undefined;
    }
    checkRef(ctx, kind, out.source, [...path, "source"]);
    if (out.target === undefined && defaultTarget) out.target = defaultTarget(out.source);
    return out;
  });
}

/** File modes are octal: YAML `0440` is read as the number 288, and printed back as "0440". */
const fileMode: Field = (v, path, ctx) => {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return "0" + v.toString(8).padStart(3, "0");
  if (typeof v === "string" && /^0?[0-7]{1,4}$/.test(v)) return "0" + Number.parseInt(v, 8).toString(8).padStart(3, "0");
  if (typeof v === "string" && /\$\{?[A-Za-z_]/.test(v)) return v;
  ctx.d.error(Code.InvalidValue, path, `invalid file mode ${JSON.stringify(v)}: expected an octal number like 0440`);
  return undefined;
};

const secretTarget = (source: string) => `/run/secrets/${source}`;
const hook = object({ command, image: str, user: str, privileged: bool, working_dir: str, environment, per_replica: bool }, "hook");

const deviceRequest = object(
  {
    capabilities: list,
    driver: str,
    count: (v, p, c) => (v === "all" ? -1 : int(v, p, c)),
    device_ids: list,
    options: labels,
  },
  "device request",
);

const gpus: Field = (v, path, ctx) => {
  if (v === "all") return [{ count: -1 }];
  const out = listOf(deviceRequest)(v, path, ctx) as Record<string, unknown>[] | undefined;
  return out?.map((r) => (r.count === undefined && r.device_ids === undefined ? { ...r, count: -1 } : r));
};

const updateConfig = object(
  { parallelism: int, delay: duration, failure_action: str, monitor: duration, max_failure_ratio: num, order: str },
  "update_config",
);
const resource = object(
  {
    cpus: num,
    memory: bytes,
    pids: int,
    devices: (v, p, c) => {
      const out = listOf(deviceRequest)(v, p, c) as Record<string, unknown>[] | undefined;
      return out?.map((r) => (r.count === undefined && r.device_ids === undefined ? { ...r, count: -1 } : r));
    },
    generic_resources: listOf(
      object({ discrete_resource_spec: object({ kind: str, value: int }, "discrete_resource_spec") }, "generic resource"),
    ),
  },
  "resources",
);

const deploy = object(
  {
    mode: str,
    replicas: int,
    labels,
    update_config: updateConfig,
    rollback_config: updateConfig,
    resources: object({ limits: resource, reservations: resource }, "resources"),
    restart_policy: object({ condition: str, delay: duration, max_attempts: int, window: duration }, "restart_policy"),
    placement: object(
      { constraints: list, preferences: listOf(object({ spread: str }, "placement preference")), max_replicas_per_node: int },
      "placement",
    ),
    endpoint_mode: str,
  },
  "deploy",
);

const healthcheck: Field = (v, path, ctx) => {
  const rec = asRecord(v, path, ctx);
  if (rec === undefined) return undefined;
  const out = applyTable(
    rec,
    {
      test: (t, p, c) => {
        if (typeof t === "string") return ["CMD-SHELL", t];
        const l = asList(t, p, c);
        if (l && l.length > 0 && !["CMD", "CMD-SHELL", "NONE"].includes(l[0]!)) {
          c.d.error(Code.InvalidValue, [...p, 0], `healthcheck test must start with CMD, CMD-SHELL or NONE, got ${JSON.stringify(l[0])}`);
        }
        return l;
      },
      timeout: duration,
      interval: duration,
      retries: int,
      start_period: duration,
      start_interval: duration,
      disable: bool,
    },
    path,
    ctx,
    "healthcheck",
  );
  dropZeroValues(out, HEALTHCHECK_POINTERS);
  return out;
};
const HEALTHCHECK_POINTERS = new Set(["retries"]);

const sshList: Field = (v, path, ctx) => {
  if (isRecord(v)) return Object.keys(v).sort().map((k) => (v[k] === null || v[k] === "" ? k : `${k}=${String(v[k])}`));
  return stringOrList(v, path, ctx);
};

const pathField: Field = (v, path, ctx) => {
  const s = asString(v, path, ctx);
  return s === undefined ? undefined : ctx.rebase(s);
};

const build: Field = (v, path, ctx) => {
  if (typeof v === "string") return { context: isRemoteContext(v) ? v : ctx.rebase(v), dockerfile: "Dockerfile" };
  const rec = asRecord(v, path, ctx);
  if (rec === undefined) return undefined;
  const out = applyTable(
    rec,
    {
      context: (c, p, x) => {
        const s = asString(c, p, x);
        return s === undefined || isRemoteContext(s) ? s : x.rebase(s);
      },
      dockerfile: str,
      dockerfile_inline: str,
      entitlements: list,
      args: environment,
      provenance: asWritten,
      sbom: asWritten,
      ssh: sshList,
      labels,
      cache_from: stringOrList,
      cache_to: stringOrList,
      no_cache: bool,
      no_cache_filter: stringOrList,
      additional_contexts: (c, p, x) => {
        const m = labels(c, p, x) as Record<string, string> | undefined;
        if (m === undefined) return undefined;
        return Object.fromEntries(Object.entries(m).map(([k, s]) => [k, isRemoteContext(s) ? s : x.rebase(s)]));
      },
      pull: bool,
      extra_hosts: (h, p, x) => normalizeExtraHosts(h, p, x.d),
      isolation: str,
      network: str,
      target: str,
      // Unlike a service secret, a build secret gets no default target: compose-go's
      // defaultSecretMount applies to services.*.secrets.* only.
      secrets: fileReferences("secret", undefined),
      shm_size: bytes,
      tags: stringOrList,
      ulimits,
      platforms: stringOrList,
      privileged: bool,
    },
    path,
    ctx,
    "build",
  );
  if (out.context === undefined) out.context = ".";
  if (out.dockerfile === undefined && out.dockerfile_inline === undefined) out.dockerfile = "Dockerfile";
  return out;
};

/** A dependency must be another declared service; an optional one may be missing (it is skipped at run time). */
function checkDependency(name: string, required: unknown, path: PathSegment[], ctx: Ctx): void {
  const self = path[1];
  if (name === self) {
    ctx.d.error(Code.SelfDependency, path, `service "${self}" depends on itself`);
  } else if (required === false && !ctx.declared.service.includes(name)) {
    ctx.d.warn(Code.UnknownReference, path, `optional dependency "${name}" is not a service of this stack`);
  } else {
    checkRef(ctx, "service", name, path);
  }
}

const dependsOn: Field = (v, path, ctx) => {
  const out: Record<string, Record<string, unknown>> = {};
  if (Array.isArray(v)) {
    v.forEach((name, i) => {
      const s = asString(name, [...path, i], ctx);
      if (s === undefined || !checkKeyName(s, "service", [...path, i], ctx.d)) return;
      checkDependency(s, true, [...path, i], ctx);
      out[s] = { condition: "service_started", required: true };
    });
    return out;
  }
  const rec = asRecord(v, path, ctx);
  if (rec === undefined) return undefined;
  for (const [name, dep] of Object.entries(rec)) {
    const p = [...path, name];
    const d = dep === null ? {} : asRecord(dep, p, ctx);
    if (d === undefined) continue;
    const entry = applyTable(
      d,
      {
        condition: (c, cp, x) => {
          if (c === "service_started" || c === "service_healthy" || c === "service_completed_successfully") return c;
          x.d.error(Code.InvalidValue, cp, `condition must be service_started, service_healthy or service_completed_successfully, got ${JSON.stringify(c)}`);
          return undefined;
        },
        restart: bool,
        required: bool,
      },
      p,
      ctx,
      "depends_on entry",
    );
    checkDependency(name, entry.required, p, ctx);
    out[name] = {
      condition: entry.condition ?? "service_started",
      ...(entry.restart === true || typeof entry.restart === "string" ? { restart: entry.restart } : {}),
      required: entry.required ?? true,
      ...Object.fromEntries(Object.entries(entry).filter(([k]) => k.startsWith("x-"))),
    };
  }
  return out;
};

const serviceNetworks: Field = (v, path, ctx) => {
  const out: Record<string, unknown> = {};
  if (Array.isArray(v)) {
    v.forEach((name, i) => {
      const s = asString(name, [...path, i], ctx);
      if (s !== undefined && checkKeyName(s, "network", [...path, i], ctx.d) && checkRef(ctx, "network", s, [...path, i])) out[s] = null;
    });
    return out;
  }
  const rec = asRecord(v, path, ctx);
  if (rec === undefined) return undefined;
  for (const [name, cfg] of Object.entries(rec)) {
    if (name.startsWith("x-")) continue;
    checkRef(ctx, "network", name, [...path, name]);
    if (cfg === null || cfg === undefined) {
      out[name] = null;
      continue;
    }
    const c = asRecord(cfg, [...path, name], ctx);
    if (c === undefined) continue;
    const n = applyTable(
      c,
      {
        aliases: list,
        driver_opts: labels,
        gw_priority: int,
        interface_name: str,
        ipv4_address: str,
        ipv6_address: str,
        link_local_ips: list,
        mac_address: str,
        priority: int,
      },
      [...path, name],
      ctx,
      "service network",
    );
    dropZeroValues(n);
    out[name] = Object.keys(n).length === 0 ? null : n;
  }
  return out;
};

const envFiles: Field = (v, path, ctx) => {
  const items = typeof v === "string" ? [v] : Array.isArray(v) ? v : undefined;
  if (items === undefined) {
    ctx.d.error(Code.InvalidType, path, `must be a string or a list, got ${typeName(v)}`);
    return undefined;
  }
  const out: Record<string, unknown>[] = [];
  items.forEach((item, i) => {
    if (typeof item === "string") {
      out.push({ path: ctx.rebase(item) });
      return;
    }
    const rec = asRecord(item, [...path, i], ctx);
    if (rec === undefined) return;
    const e = applyTable(rec, { path: pathField, required: bool, format: str }, [...path, i], ctx, "env_file entry");
    if (e.path === undefined) {
      ctx.d.error(Code.MissingKey, [...path, i, "path"], "path is required");
      return;
    }
    // `required: true` is the default: compose-go prints it only when false.
    if (e.required === true) delete e.required;
    out.push(e);
  });
  return out;
};

const ports: Field = (v, path, ctx) => {
  if (!Array.isArray(v)) return asList(v, path, ctx);
  return v.flatMap((p, i) => normalizePort(p, [...path, i], ctx.d));
};

const volumes: Field = (v, path, ctx) => {
  if (!Array.isArray(v)) return asList(v, path, ctx);
  const out: unknown[] = [];
  v.forEach((m, i) => {
    const r = normalizeVolumeMount(m, [...path, i], ctx.d);
    if (r === undefined) return;
    if (r.type === "bind" && r.source !== undefined) r.source = ctx.rebase(r.source);
    if (r.type === "volume" && r.source !== undefined) checkRef(ctx, "volume", r.source, [...path, i]);
    out.push(r);
  });
  return out;
};

const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;
const restart: Field = (v, path, ctx) => {
  // YAML 1.1 readers turn `restart: no` into false; Compose means "no".
  if (v === false) return "no";
  const s = asString(v, path, ctx);
  // An empty policy is Compose's zero value: no policy, omitted like compose-go does.
  if (s === undefined || s === "") return undefined;
  if (!RESTART.test(s) && !/\$\{?[A-Za-z_]/.test(s)) {
    ctx.d.error(Code.InvalidRestart, path, `invalid restart policy ${JSON.stringify(s)}: expected "no", "always", "on-failure[:max-retries]" or "unless-stopped"`);
    return undefined;
  }
  return s;
};

const PULL_POLICY = /^(always|never|missing|build|daily|weekly|refresh|every_\d+[smhdw]?.*)$/;
const pullPolicy: Field = (v, path, ctx) => {
  const s = asString(v, path, ctx);
  if (s === undefined) return undefined;
  if (s === "if_not_present") return "missing";
  if (!PULL_POLICY.test(s) && !/\$\{?[A-Za-z_]/.test(s)) {
    ctx.d.error(Code.InvalidValue, path, `invalid pull_policy ${JSON.stringify(s)}: expected always, never, missing, build, daily, weekly or every_<duration>`);
    return undefined;
  }
  return s;
};

const image: Field = (v, path, ctx) => {
  if (isNixImageValue(v)) return undefined;
  const s = asString(v, path, ctx);
  if (s !== undefined) checkImageReference(s, path, ctx.d);
  return s;
};

const models: Field = (v, path, ctx) => {
  if (Array.isArray(v)) {
    const names = asList(v, path, ctx) ?? [];
    names.forEach((m, i) => checkRef(ctx, "model", m, [...path, i]));
    return Object.fromEntries(names.map((m) => [m, null]));
  }
  if (isRecord(v)) for (const m of Object.keys(v)) checkRef(ctx, "model", m, [...path, m]);
  return mapOf((m, p, c) => (m === null ? null : object({ endpoint_var: str, model_var: str }, "service model")(m, p, c)))(v, path, ctx);
};

const develop = object(
  {
    watch: listOf(
      object(
        { path: pathField, action: str, target: str, exec: hook, include: stringOrList, ignore: stringOrList, initial_sync: bool },
        "watch rule",
      ),
    ),
  },
  "develop",
);

const throttle = listOf(object({ path: str, rate: (v, p, c) => (typeof v === "number" ? v : bytes(v, p, c)) }, "throttle device"));

/** A list whose entries name services (`links`, `volumes_from`). */
function serviceList(serviceOf: (entry: string) => string | undefined): Field {
  return (v, path, ctx) => {
    const l = asList(v, path, ctx);
    l?.forEach((entry, i) => {
      const target = serviceOf(entry);
      if (target !== undefined) checkDependency(target, true, [...path, i], ctx);
    });
    return l;
  };
}

/** `network_mode`, `ipc`, `pid`, `uts`, `cgroup`: `service:<name>` shares another service's namespace. */
const namespaceMode: Field = (v, path, ctx) => {
  const s = asString(v, path, ctx);
  if (s?.startsWith("service:")) checkDependency(s.slice("service:".length), true, path, ctx);
  return s;
};

/** Every key of a Compose service, in the spec's vocabulary. */
export const SERVICE_FIELDS: FieldTable = {
  profiles: list,
  annotations: labels,
  attach: bool,
  build,
  develop,
  blkio_config: object(
    {
      weight: int,
      weight_device: listOf(object({ path: str, weight: int }, "weight device")),
      device_read_bps: throttle,
      device_read_iops: throttle,
      device_write_bps: throttle,
      device_write_iops: throttle,
    },
    "blkio_config",
  ),
  cap_add: list,
  cap_drop: list,
  cgroup_parent: str,
  cgroup: namespaceMode,
  cpu_count: int,
  cpu_percent: num,
  cpu_period: int,
  cpu_quota: int,
  cpu_rt_period: int,
  cpu_rt_runtime: int,
  cpus: num,
  cpuset: str,
  cpu_shares: int,
  command,
  configs: fileReferences("config", undefined),
  container_name: (v, p, c) => checkContainerName(asString(v, p, c), p, c.d),
  credential_spec: object({ config: str, file: str, registry: str }, "credential_spec"),
  depends_on: dependsOn,
  deploy,
  device_cgroup_rules: list,
  devices: (v, path, ctx) => {
    if (!Array.isArray(v)) return asList(v, path, ctx);
    return v.flatMap((x, i) => normalizeDevice(x, [...path, i], ctx.d) ?? []);
  },
  dns: stringOrList,
  dns_opt: list,
  dns_search: stringOrList,
  domainname: str,
  entrypoint: command,
  provider: object({ type: str, options: asWritten }, "provider"),
  environment,
  env_file: envFiles,
  expose: listish,
  extends: asWritten,
  external_links: list,
  extra_hosts: (v, p, c) => normalizeExtraHosts(v, p, c.d),
  group_add: listish,
  gpus,
  hostname: str,
  healthcheck,
  image,
  init: bool,
  ipc: namespaceMode,
  isolation: str,
  labels,
  label_file: (v, p, c) => (stringOrList(v, p, c) as string[] | undefined)?.map((s) => c.rebase(s)),
  links: serviceList(linkTarget),
  logging: object({ driver: str, options: environment }, "logging"),
  mem_limit: bytes,
  mem_reservation: bytes,
  memswap_limit: bytes,
  mem_swappiness: bytes,
  mac_address: str,
  models,
  network_mode: namespaceMode,
  networks: serviceNetworks,
  oom_kill_disable: bool,
  oom_score_adj: int,
  pid: namespaceMode,
  pids_limit: int,
  platform: str,
  ports,
  privileged: bool,
  pull_policy: pullPolicy,
  pull_refresh_after: str,
  read_only: bool,
  restart,
  runtime: str,
  scale: int,
  secrets: fileReferences("secret", secretTarget),
  security_opt: list,
  shm_size: bytes,
  stdin_open: bool,
  stop_grace_period: duration,
  stop_signal: str,
  storage_opt: labels,
  sysctls: labels,
  tmpfs: stringOrList,
  tty: bool,
  ulimits,
  use_api_socket: bool,
  user: strish,
  userns_mode: str,
  uts: namespaceMode,
  volume_driver: str,
  volumes,
  volumes_from: serviceList((v) => (v.startsWith("container:") ? undefined : v.split(":")[0]!)),
  working_dir: str,
  pre_start: listOf(hook),
  post_start: listOf(hook),
  pre_stop: listOf(hook),
};

export function normalizeService(raw: unknown, path: PathSegment[], ctx: Ctx): Record<string, unknown> | undefined {
  if (raw === null) return {};
  const rec = asRecord(raw, path, ctx);
  if (rec === undefined) return undefined;
  const out = applyTable(rec, SERVICE_FIELDS, path, ctx, "service");
  applyNixImage(rec, out, path, ctx);
  dropZeroValues(out, SERVICE_POINTERS, SERVICE_BYTE_SIZES);
  // `extends` is resolved before normalization; one that reaches here had no target.
  delete out.extends;
  return out;
}

/** Service fields compose-go holds as pointers (or `ShellCommand`): their zero values are printed. */
const SERVICE_POINTERS = new Set([
  "attach",
  "build",
  "develop",
  "blkio_config",
  "command",
  "credential_spec",
  "deploy",
  "entrypoint",
  "extends",
  "healthcheck",
  "init",
  "logging",
  "provider",
  "scale",
  "stop_grace_period",
]);
const SERVICE_BYTE_SIZES = new Set(["mem_limit", "mem_reservation", "memswap_limit", "mem_swappiness", "shm_size"]);
