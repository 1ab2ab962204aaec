import { formatDuration } from "../../src/normalize/rules/duration.js";
import { evalNixJson } from "./nix.js";
import { recipeFromRecorded, stubPkgs } from "./nix-image-stub.js";

/**
 * Maps an evaluated NixOS module (from `emitNixos`) back to a Compose-like model, to check that
 * the module means the model. Evaluation uses a stub of what the module may use (`pkgs.<cli>`,
 * `lib.mkOverride`, `config`), so it needs no Nixpkgs; `lib.mkOverride` keeps its priority
 * visible (`{ _type = "override"; priority; content; }`) like the real one.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const NIXOS_STUB = `{
  pkgs = { docker = "/stub/docker"; podman = "/stub/podman"; };
  lib = { mkOverride = priority: content: { _type = "override"; inherit priority content; }; };
  config = { };
}`;

/**
 * The module's attribute set, applied to the stub; `pkgs` also answers what a Nix-built image
 * selects (`pkgs.dockerTools.*` record their arguments, see nix-image-stub.ts).
 */
export function evalNixosModule(text: string): Obj {
  const pkgs = stubPkgs(text, `docker = "/stub/docker"; podman = "/stub/podman";`);
  return evalNixJson(`(import ./module.nix) (${NIXOS_STUB} // { pkgs = ${pkgs}; })`, { "module.nix": text }) as Obj;
}

export interface BackOptions {
  project: string;
  runtime?: "docker" | "podman";
  /** Network names (as docker knows them) → the model's network keys, external ones included. */
  networks?: Record<string, string>;
  /** Container names that are not `<project>-<service>` (container_name) → service names. */
  containers?: Record<string, string>;
  /** Volume names that are not `<project>_<key>` → the model's volume keys. */
  volumes?: Record<string, string>;
}

/** `lib.mkOverride 90 v` → v (asserting the priority that beats oci-containers' defaults). */
function unwrap(v: unknown): unknown {
  if (isObj(v) && v._type === "override") {
    if (v.priority !== 90) throw new Error(`unexpected override priority ${String(v.priority)}`);
    return v.content;
  }
  return v;
}

/** Splits a POSIX shell word list as the emitter writes it (bare words and '…' quoting). */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === " ") {
      if (cur !== undefined) out.push(cur);
      cur = undefined;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur = (cur ?? "") + s.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      cur = (cur ?? "") + s[++i];
    } else cur = (cur ?? "") + c;
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

/** Docker's CSV flag values (`--mount`, `--network`, `--gpus`). */
export function csvFields(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = "";
      i++;
      while (i < s.length) {
        if (s[i] === '"' && s[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (s[i] === '"') {
          i++;
          break;
        } else v += s[i++];
      }
      out.push(v);
      i++;
    } else {
      const end = s.indexOf(",", i);
      out.push(s.slice(i, end === -1 ? s.length : end));
      i = end === -1 ? s.length + 1 : end + 1;
    }
  }
  return out;
}

const kv = (s: string): [string, string] => {
  const i = s.indexOf("=");
  return i === -1 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
};

export const SCALAR_FLAGS: Record<string, string> = {
  "cgroup-parent": "cgroup_parent",
  cgroupns: "cgroup",
  "cpuset-cpus": "cpuset",
  domainname: "domainname",
  hostname: "hostname",
  isolation: "isolation",
  "mac-address": "mac_address",
  platform: "platform",
  runtime: "runtime",
  "shm-size": "shm_size",
  "stop-signal": "stop_signal",
  userns: "userns_mode",
  uts: "uts",
  "volume-driver": "volume_driver",
  workdir: "working_dir",
  memory: "mem_limit",
  "memory-reservation": "mem_reservation",
  "memory-swap": "memswap_limit",
  "memory-swappiness": "mem_swappiness",
  pull: "pull_policy",
};
export const INT_FLAGS: Record<string, string> = {
  "cpu-count": "cpu_count",
  "cpu-period": "cpu_period",
  "cpu-quota": "cpu_quota",
  "cpu-rt-period": "cpu_rt_period",
  "cpu-rt-runtime": "cpu_rt_runtime",
  "cpu-shares": "cpu_shares",
  "oom-score-adj": "oom_score_adj",
  "pids-limit": "pids_limit",
};
export const NUM_FLAGS: Record<string, string> = { cpus: "cpus", "cpu-percent": "cpu_percent" };
const LIST: Record<string, string> = {
  "cap-add": "cap_add",
  "cap-drop": "cap_drop",
  "device-cgroup-rule": "device_cgroup_rules",
  dns: "dns",
  "dns-option": "dns_opt",
  "dns-search": "dns_search",
  expose: "expose",
  "group-add": "group_add",
  "security-opt": "security_opt",
  tmpfs: "tmpfs",
  "label-file": "label_file",
};
const MAP: Record<string, string> = { annotation: "annotations", sysctl: "sysctls", "storage-opt": "storage_opt", "log-opt": "logging.options" };
const BOOL: Record<string, string> = {
  init: "init",
  privileged: "privileged",
  "read-only": "read_only",
  "oom-kill-disable": "oom_kill_disable",
  interactive: "stdin_open",
  tty: "tty",
};
const HEALTH: Record<string, string> = {
  "health-interval": "interval",
  "health-timeout": "timeout",
  "health-start-period": "start_period",
  "health-start-interval": "start_interval",
};
const BLKIO: Record<string, string> = {
  "blkio-weight-device": "weight_device",
  "device-read-bps": "device_read_bps",
  "device-read-iops": "device_read_iops",
  "device-write-bps": "device_write_bps",
  "device-write-iops": "device_write_iops",
};

export interface BackModel {
  services: Record<string, Obj>;
  networks: Record<string, Obj>;
  volumes: Record<string, Obj>;
  /** `virtualisation.<runtime>` and `users.users` as evaluated. */
  host: Obj;
}

export function nixosBack(mod: Obj, opts: BackOptions): BackModel {
  const rt = opts.runtime ?? "docker";
  const virt = mod.virtualisation as Obj;
  const oci = virt["oci-containers"] as Obj;
  if (oci.backend !== rt) throw new Error(`backend is ${String(oci.backend)}`);
  const containers = (oci.containers ?? {}) as Record<string, Obj>;
  const units = ((mod.systemd as Obj).services ?? {}) as Record<string, Obj>;
  const serviceOf = (container: string): string | undefined =>
    opts.containers?.[container] ?? (container.startsWith(`${opts.project}-`) && containers[container] ? container.slice(opts.project.length + 1) : undefined);
  const netKey = (name: string): string | undefined => opts.networks?.[name] ?? (name.startsWith(`${opts.project}_`) ? name.slice(opts.project.length + 1) : undefined);
  const volKey = (name: string): string => opts.volumes?.[name] ?? (name.startsWith(`${opts.project}_`) ? name.slice(opts.project.length + 1) : name);

  const services: Record<string, Obj> = {};
  for (const [cname, c] of Object.entries(containers)) {
    const svc = serviceOf(cname);
    if (svc === undefined) throw new Error(`cannot tell the service of container ${cname}`);
    const unit = units[`${rt}-${cname}`] ?? {};
    const s: Obj = {};
    if (!cname.startsWith(`${opts.project}-`) || cname !== `${opts.project}-${svc}`) s.container_name = cname;
    s.image = c.image;
    if (c.imageFile !== undefined) s["x-nix-image"] = recipeFromRecorded(c.imageFile);
    if (isObj(c.environment) && Object.keys(c.environment).length > 0) s.environment = c.environment;
    if (Array.isArray(c.environmentFiles)) s.env_file = c.environmentFiles.map((p) => ({ path: p }));
    const volumes: Obj[] = [];
    for (const v of (c.volumes ?? []) as string[]) volumes.push(parseVolume(v, volKey));
    if (Array.isArray(c.ports)) s.ports = c.ports.map((p: string) => parsePort(p));
    if (c.entrypoint !== undefined && c.entrypoint !== null) {
      const ep = c.entrypoint as string;
      s.entrypoint = ep === "" ? [] : rt === "podman" && ep.startsWith("[") ? JSON.parse(ep) : [ep];
    }
    if (Array.isArray(c.cmd) && c.cmd.length > 0) s.command = c.cmd;
    if (isObj(c.labels) && Object.keys(c.labels).length > 0) s.labels = c.labels;
    if (c.user !== undefined) s.user = c.user;
    if (c["log-driver"] !== undefined) s.logging = { driver: c["log-driver"] };
    if (c.autoStart === false) s["x-autoStart"] = false;

    const deps: Record<string, Obj> = {};
    for (const d of (c.dependsOn ?? []) as string[]) deps[serviceOf(d)!] = { condition: "service_started", required: true };
    for (const w of (unit.wants ?? []) as string[]) {
      const d = serviceOf(w.replace(new RegExp(`^${rt}-`), "").replace(/\.service$/, ""));
      if (d !== undefined) deps[d] = { condition: "service_started", required: false };
    }
    for (const m of String(unit.preStart ?? "").matchAll(/inspect --format '\{\{\.State\.Health\.Status\}\}' (\S+) /g)) {
      const d = serviceOf(shellWords(m[1]!)[0]!)!;
      deps[d]!.condition = "service_healthy";
    }
    for (const [d, x] of Object.entries(deps)) {
      const depUnit = units[`${rt}-${(Object.entries(containers).find(([n]) => serviceOf(n) === d) ?? [d])[0]}`];
      if (isObj(depUnit?.serviceConfig) && unwrap(depUnit.serviceConfig.Type) === "oneshot") x.condition = "service_completed_successfully";
    }
    if (Object.keys(deps).length > 0) s.depends_on = deps;

    const nets: Record<string, Obj | null> = {};
    let simpleNet: string | undefined;
    const set = (path: string, v: unknown, mode: "set" | "push" | "map" = "set") => {
      const parts = path.split(".");
      let o = s;
      for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Obj;
      const last = parts[parts.length - 1]!;
      if (mode === "set") o[last] = v;
      else if (mode === "push") ((o[last] ??= []) as unknown[]).push(v);
      else {
        const [k, x] = v as [string, string];
        ((o[last] ??= {}) as Obj)[k] = x;
      }
    };
    for (const opt of (c.extraOptions ?? []) as string[]) {
      const m = /^--([a-z0-9-]+)(?:=([\s\S]*))?$/.exec(opt);
      if (!m) throw new Error(`not a flag: ${opt}`);
      const [, name, value] = m as unknown as [string, string, string | undefined];
      const v = value ?? "";
      if (SCALAR_FLAGS[name]) set(SCALAR_FLAGS[name], v);
      else if (INT_FLAGS[name]) set(INT_FLAGS[name], Number(v));
      else if (NUM_FLAGS[name]) set(NUM_FLAGS[name], Number(v));
      else if (LIST[name]) set(LIST[name], v, "push");
      else if (MAP[name]) set(MAP[name], kv(v), "map");
      else if (BOOL[name]) set(BOOL[name], value === undefined ? true : value === "true");
      else if (HEALTH[name]) set(`healthcheck.${HEALTH[name]}`, v);
      else if (BLKIO[name]) {
        const i = v.lastIndexOf(":");
        const rate = v.slice(i + 1);
        set(`blkio_config.${BLKIO[name]}`, name === "blkio-weight-device" ? { path: v.slice(0, i), weight: Number(rate) } : { path: v.slice(0, i), rate: /iops/.test(name) ? Number(rate) : rate }, "push");
      } else if (name === "blkio-weight") set("blkio_config.weight", Number(v));
      else if (name === "health-retries") set("healthcheck.retries", Number(v));
      else if (name === "health-cmd") {
        const quoted = /^('([^']|'\\'')*')( '([^']|'\\'')*')*$/.test(v);
        set("healthcheck.test", rt === "podman" && v.startsWith("[") ? ["CMD", ...JSON.parse(v)] : quoted ? ["CMD", ...shellWords(v)] : ["CMD-SHELL", v]);
      } else if (name === "no-healthcheck") set("healthcheck", { disable: true });
      else if (name === "stop-timeout") set("stop_grace_period", formatDuration(BigInt(v) * 1_000_000_000n));
      else if (name === "ipc" || name === "pid") set(name, containerRef(v, serviceOf));
      else if (name === "add-host") {
        const i = v.indexOf(":");
        set("extra_hosts", `${v.slice(0, i)}=${v.slice(i + 1)}`, "push");
      } else if (name === "device") {
        const parts = v.split(":");
        set("devices", parts.length === 1 ? { source: v, target: v, permissions: "rwm" } : { source: parts[0], target: parts[1], permissions: parts[2] ?? "rwm" }, "push");
      } else if (name === "ulimit") {
        const [n, lim] = kv(v);
        const [soft, hard] = lim.split(":");
        set(`ulimits`, [n, hard === undefined ? Number(soft) : { soft: Number(soft), hard: Number(hard) }], "map");
      } else if (name === "link") {
        const [target, alias] = v.split(":") as [string, string | undefined];
        const ls = serviceOf(target);
        if (ls !== undefined) set("links", alias === undefined || alias === ls ? ls : `${ls}:${alias}`, "push");
        else set("external_links", v, "push");
      } else if (name === "volumes-from") {
        const [ref, mode] = /:(ro|rw)$/.test(v) ? [v.slice(0, -3), v.slice(-2)] : [v, undefined];
        const ls = serviceOf(ref);
        set("volumes_from", `${ls ?? `container:${ref}`}${mode ? `:${mode}` : ""}`, "push");
      } else if (name === "gpus") {
        const g: Obj = {};
        for (const f of csvFields(v)) {
          const [k, x] = kv(f);
          if (k === "count") g.count = x === "all" ? -1 : Number(x);
          else if (k === "device") g.device_ids = x.split(",");
          else if (k === "capabilities") g.capabilities = x.split(",");
          else g[k] = x;
        }
        set("gpus", g, "push");
      } else if (name === "tmpfs") set("tmpfs", v, "push");
      else if (name === "mount") volumes.push(parseMount(v, volKey));
      else if (name === "network") {
        if (v.startsWith("name=") || (rt === "podman" && v.includes(":") && netKey(v.slice(0, v.indexOf(":"))) !== undefined)) {
          const [nname, cfg] = parseNetwork(v, rt, svc);
          nets[netKey(nname)!] = cfg;
        } else if (netKey(v) !== undefined) {
          nets[netKey(v)!] = null;
          simpleNet = netKey(v);
        } else set("network_mode", containerRef(v, serviceOf));
      } else if (name === "network-alias") {
        if (v === svc) continue;
        const key = simpleNet!;
        nets[key] = { ...(nets[key] ?? {}), aliases: [...(((nets[key] ?? {}) as Obj).aliases as string[] | undefined ?? []), v] };
      } else if (name === "ip" || name === "ip6" || name === "link-local-ip") {
        const key = simpleNet!;
        const cfg = (nets[key] ?? {}) as Obj;
        if (name === "link-local-ip") cfg.link_local_ips = [...((cfg.link_local_ips as string[] | undefined) ?? []), v];
        else cfg[name === "ip" ? "ipv4_address" : "ipv6_address"] = v;
        nets[key] = cfg;
      } else throw new Error(`unknown flag ${opt}`);
    }
    if (volumes.length > 0) s.volumes = volumes;
    if (Object.keys(nets).length > 0) s.networks = nets;

    const sc = (unit.serviceConfig ?? {}) as Obj;
    const restart = unwrap(sc.Restart) as string | undefined;
    const burst = unwrap(isObj(unit.unitConfig) ? unit.unitConfig.StartLimitBurst : undefined) as number | undefined;
    if (restart !== undefined) s.restart = restart === "on-failure" && burst !== undefined ? `on-failure:${burst - 1}` : restart;
    services[svc] = s;
  }

  const networks: Record<string, Obj> = {};
  const volumes: Record<string, Obj> = {};
  for (const [uname, u] of Object.entries(units)) {
    const net = new RegExp(`^${rt}-network-(.*)$`).exec(uname);
    const vol = new RegExp(`^${rt}-volume-(.*)$`).exec(uname);
    if (!net && !vol) continue;
    const script = String(u.script).trim();
    const words = shellWords(script.slice(script.indexOf("||") + 3));
    const [, , , name, ...flags] = words as [string, string, string, string, ...string[]];
    const o: Obj = { name };
    for (const f of flags) {
      const [k, v] = kv(f.replace(/^--/, ""));
      const m = (key: string) => {
        const [a, b] = kv(v);
        ((o[key] ??= {}) as Obj)[a] = b;
      };
      if (k === "driver") o.driver = v;
      else if (k === "opt") m("driver_opts");
      else if (k === "label") m("labels");
      else if (k === "internal") o.internal = true;
      else if (k === "attachable") o.attachable = true;
      else if (k === "ipv6") o.enable_ipv6 = v !== "false";
      else if (k === "ipv4") o.enable_ipv4 = v !== "false";
      else if (k === "ipam-driver") ((o.ipam ??= {}) as Obj).driver = v;
      else if (k === "subnet") (((o.ipam ??= {}) as Obj).config ??= [] as Obj[]) && ((o.ipam as Obj).config as Obj[]).push({ subnet: v });
      else if (k === "gateway" || k === "ip-range") {
        const cfg = ((o.ipam as Obj).config as Obj[]).at(-1)!;
        cfg[k === "gateway" ? "gateway" : "ip_range"] = v;
      } else if (k === "aux-address") {
        const cfg = ((o.ipam as Obj).config as Obj[]).at(-1)!;
        const [a, b] = kv(v);
        ((cfg.aux_addresses ??= {}) as Obj)[a] = b;
      } else if (k === "ipam-opt") {
        const [a, b] = kv(v);
        ((((o.ipam ??= {}) as Obj).options ??= {}) as Obj)[a] = b;
      } else throw new Error(`unknown ${uname} flag ${f}`);
    }
    if (net) networks[netKey(name) ?? name] = o;
    else volumes[volKey(name)] = o;
  }

  const host: Obj = { [rt]: virt[rt] };
  if (isObj(mod.users)) host.users = (mod.users as Obj).users;
  return { services, networks, volumes, host };
}

function containerRef(v: string, serviceOf: (c: string) => string | undefined): string {
  if (!v.startsWith("container:")) return v;
  const s = serviceOf(v.slice("container:".length));
  return s === undefined ? v : `service:${s}`;
}

function parsePort(p: string): Obj {
  const m = /^(?:(\[[^\]]*\]|[^:[\]]*):)?(?:([^:]*):)?([0-9]+)\/([a-z]+)$/.exec(p);
  if (!m) throw new Error(`bad port ${p}`);
  let [, ip, pub] = m;
  const [, , , target, protocol] = m;
  if (ip !== undefined && pub === undefined) [ip, pub] = [undefined, ip];
  const out: Obj = { mode: "ingress" };
  if (ip !== undefined) out.host_ip = ip.replace(/^\[|\]$/g, "");
  out.target = Number(target);
  if (pub !== undefined && pub !== "") out.published = pub;
  out.protocol = protocol;
  return out;
}

function parseVolume(v: string, volKey: (n: string) => string): Obj {
  const parts = v.split(":");
  if (parts.length === 1 || (parts.length === 2 && parts[1] === "ro")) {
    const o: Obj = { type: "volume", target: parts[0], volume: {} };
    if (parts[1] === "ro") o.read_only = true;
    return o;
  }
  const [src, target, optString] = parts as [string, string, string];
  const opts = optString.split(",");
  const bind = src.startsWith("/");
  const o: Obj = { type: bind ? "bind" : "volume", source: bind ? src : volKey(src), target };
  if (opts.includes("ro")) o.read_only = true;
  if (bind) {
    const b: Obj = {};
    for (const x of opts) {
      if (x === "z" || x === "Z") b.selinux = x;
      else if (/^r?(shared|slave|private)$/.test(x)) b.propagation = x;
      else if (["cached", "delegated", "consistent"].includes(x)) o.consistency = x;
    }
    o.bind = b;
  } else o.volume = opts.includes("nocopy") ? { nocopy: true } : {};
  return o;
}

function parseMount(v: string, volKey: (n: string) => string): Obj {
  const f: Obj = {};
  for (const field of csvFields(v)) {
    const [k, x] = kv(field);
    f[k] = field.includes("=") ? x : true;
  }
  const o: Obj = { type: f.type, ...(f.source === undefined ? {} : { source: f.type === "volume" ? volKey(String(f.source)) : f.source }), target: f.target };
  if (f.readonly) o.read_only = true;
  if (f.consistency !== undefined) o.consistency = f.consistency;
  if (f.type === "bind") {
    const b: Obj = { create_host_path: false };
    if (f["bind-propagation"] !== undefined) b.propagation = f["bind-propagation"];
    if (f["bind-recursive"] !== undefined) b.recursive = f["bind-recursive"];
    o.bind = b;
  } else if (f.type === "volume") {
    const vo: Obj = {};
    if (f["volume-nocopy"]) vo.nocopy = true;
    if (f["volume-subpath"] !== undefined) vo.subpath = f["volume-subpath"];
    o.volume = vo;
  } else if (f.type === "image" && f["image-subpath"] !== undefined) o.image = { subpath: f["image-subpath"] };
  return o;
}

function parseNetwork(v: string, rt: string, svc: string): [string, Obj | null] {
  const fields = rt === "docker" ? csvFields(v) : [`name=${v.slice(0, v.indexOf(":"))}`, ...v.slice(v.indexOf(":") + 1).split(",")];
  const cfg: Obj = {};
  let name = "";
  const push = (k: string, x: unknown) => ((cfg[k] ??= []) as unknown[]).push(x);
  for (const f of fields) {
    const [k, x] = kv(f);
    if (k === "name") name = x;
    else if (k === "alias") {
      if (x !== svc) push("aliases", x);
    } else if (k === "ip") cfg[rt === "podman" && x.includes(":") ? "ipv6_address" : "ipv4_address"] = x;
    else if (k === "ip6") cfg.ipv6_address = x;
    else if (k === "mac-address" || k === "mac") cfg.mac_address = x;
    else if (k === "interface_name") cfg.interface_name = x;
    else if (k === "link-local-ip") push("link_local_ips", x);
    else if (k === "driver-opt") {
      const [a, b] = kv(x);
      ((cfg.driver_opts ??= {}) as Obj)[a] = b;
    } else if (k === "gw-priority") cfg.gw_priority = Number(x);
    else throw new Error(`unknown network field ${f}`);
  }
  return [name, Object.keys(cfg).length === 0 ? null : cfg];
}
