import path from "node:path";
import { Diagnostics, parsePath } from "../../src/diagnostics/index.js";
import { DEPLOY_KEYS, SERVICE_KEYS } from "../../src/emit/nixos.js";
import type { HostConfig } from "../../src/normalize/host.js";
import type { Project } from "../../src/model/index.js";
import { formatDuration, parseDuration } from "../../src/normalize/rules/duration.js";
import { interpolate } from "../../src/normalize/rules/interpolation.js";
import { sortPorts } from "./nix-image-stub.js";
import { type BackModel, type BackOptions, INT_FLAGS, NUM_FLAGS, SCALAR_FLAGS } from "./nixos-back.js";

/**
 * The model as `nixosBack` reads the evaluated NixOS module back: every documented equivalence
 * of the NixOS target applied, in one place, for any model (no per-fixture cases).
 *
 * - `${VAR}` is resolved with `env` (and `$$` becomes `$`): nothing runs Compose on NixOS.
 * - Keys SERVICE_KEYS / DEPLOY_KEYS do not map (ignored, unsupported), `x-*` extensions, and
 *   every path in `leftOut` (what the emitter reported as "left out") are removed; an entry
 *   whose identifying key was removed (a mount's `source`, an env file's `path`) goes with it.
 * - Relative host paths are anchored at `projectDir`; `~` paths cannot be (reported).
 * - docker's `--entrypoint` is one word: the rest of the entrypoint leads the command.
 * - restart: `unless-stopped` is systemd's `always`, unset is `no`, `deploy.restart_policy`
 *   wins; `depends_on.restart` is dropped (systemd's Requires= restarts dependents anyway).
 * - deploy.resources fold into the service keys docker run has (`cpus`, `mem_limit`,
 *   `pids_limit`, `mem_reservation`, `gpus`); replicas/scale 0 and profiles are `autoStart = false`.
 * - Mounts: `-v` mounts (volumes, then secrets and configs as read-only binds) come before
 *   `--mount` ones (create_host_path: false, recursive, subpaths, `:` in paths, image mounts);
 *   tmpfs mounts are `--tmpfs` entries, before the service's own `tmpfs`.
 * - `stop_grace_period` is whole seconds (rounded up); a port's `mode` is Swarm's.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export interface NixosComparable {
  services: Record<string, Obj>;
  networks: Record<string, Obj>;
  volumes: Record<string, Obj>;
}

/** `BackOptions` that name the model's non-default container, network and volume names. */
export function backOptionsFor(model: Project, runtime: "docker" | "podman" = "docker"): BackOptions {
  const containers: Record<string, string> = {};
  for (const [svc, s] of Object.entries(model.services)) if (s.container_name !== undefined) containers[s.container_name] = svc;
  const names = (m: Record<string, { name?: string | undefined } | undefined> | undefined) =>
    Object.fromEntries(Object.entries(m ?? {}).filter(([k, v]) => v?.name !== undefined && v.name !== `${model.name}_${k}`).map(([k, v]) => [v!.name!, k]));
  return { project: model.name, runtime, containers, networks: names(model.networks as never), volumes: names(model.volumes as never) };
}

/** The paths a NixOS emit reported as left out of the module. */
export function leftOutPaths(diagnostics: ReadonlyArray<{ code: string; message: string; path: string }>): string[] {
  return diagnostics.filter((d) => /left out/.test(d.message)).map((d) => d.path);
}

export function comparableForNixos(
  model: Project,
  env: (name: string) => string | undefined,
  projectDir: string,
  leftOut: readonly string[] = [],
): NixosComparable {
  const p = removePaths(resolve(model, env), leftOut) as Project;
  const anchor = (f: string): string | undefined => (f.startsWith("~") ? undefined : f.startsWith("/") ? f : path.posix.join(projectDir, f));
  const services: Record<string, Obj> = {};
  for (const [name, svc] of Object.entries(p.services)) services[name] = service(p, name, svc as Obj, model.services[name]?.build !== undefined, env, anchor);

  const networks: Record<string, Obj> = {};
  for (const [key, n0] of Object.entries((p.networks ?? {}) as Record<string, Obj>)) {
    if (n0.external === true) continue;
    const n: Obj = {};
    for (const [k, v] of Object.entries(n0)) {
      if (k.startsWith("x-") || v === undefined) continue;
      // Flags that are only ever switched on: false is docker's default and is not written.
      if ((k === "internal" || k === "attachable") && v !== true) continue;
      if (k === "ipam") {
        const ipam = { ...(v as Obj) };
        if (ipam.driver === "default") delete ipam.driver;
        if (Object.keys(ipam).length > 0) n.ipam = ipam;
      } else n[k] = v;
    }
    networks[key] = prune(n);
  }
  const volumes: Record<string, Obj> = {};
  for (const [key, v0] of Object.entries((p.volumes ?? {}) as Record<string, Obj>)) {
    if (v0.external === true) continue;
    volumes[key] = prune(Object.fromEntries(Object.entries(v0).filter(([k]) => !k.startsWith("x-"))));
  }
  return { services, networks, volumes };
}

function service(p: Project, name: string, s0: Obj, hasBuild: boolean, env: (n: string) => string | undefined, anchor: (f: string) => string | undefined): Obj {
  const s: Obj = {};
  for (const [k, v] of Object.entries(s0)) {
    const how = (SERVICE_KEYS as Record<string, { how: string }>)[k]?.how;
    if (!k.startsWith("x-") && how === "mapped") s[k] = v;
  }
  // The Nix image recipe is the container's imageFile; a Nix set holds exposed ports in name order.
  if (isObj(s0["x-nix-image"])) s["x-nix-image"] = sortPorts(s0["x-nix-image"]);
  // With allowLossy a service that is only built runs an image named like Compose names built ones.
  if (s.image === undefined && hasBuild) s.image = `${p.name}-${name}`;
  if (s.container_name === `${p.name}-${name}`) delete s.container_name;

  if (isObj(s.environment)) {
    const e: Obj = {};
    for (const [k, v] of Object.entries(s.environment)) {
      const value = v ?? env(k);
      if (value !== undefined) e[k] = value;
    }
    s.environment = e;
  }
  if (Array.isArray(s.env_file)) {
    s.env_file = (s.env_file as Obj[]).filter((f) => typeof f.path === "string" && anchor(f.path) !== undefined).map((f) => ({ path: anchor(f.path as string) }));
  }
  if (Array.isArray(s.label_file)) s.label_file = (s.label_file as string[]).map(anchor).filter((f) => f !== undefined);

  const ep = s.entrypoint as string[] | undefined;
  if (Array.isArray(s.command) && s.command.length === 0) delete s.command;
  if (ep !== undefined && ep.length > 1) {
    s.command = [...ep.slice(1), ...((s.command as string[] | undefined) ?? [])];
    s.entrypoint = [ep[0]];
  }

  s.restart = restartOf(s0);
  if (isObj(s.depends_on)) {
    s.depends_on = Object.fromEntries(
      Object.entries(s.depends_on as Record<string, Obj>).map(([d, x]) => [d, { condition: x.condition, required: x.required !== false && x.required !== "false" }]),
    );
  }
  if (isObj(s.healthcheck)) {
    const h = { ...s.healthcheck };
    if (h.disable === true || (Array.isArray(h.test) && h.test[0] === "NONE")) s.healthcheck = { disable: true };
    else {
      delete h.disable;
      s.healthcheck = h;
    }
  }
  if (typeof s.stop_grace_period === "string") {
    const ns = parseDuration(s.stop_grace_period);
    if (typeof ns === "bigint") s.stop_grace_period = formatDuration(((ns + 999_999_999n) / 1_000_000_000n) * 1_000_000_000n);
  }

  let autoStart = true;
  if (Array.isArray(s.profiles) && s.profiles.length > 0) autoStart = false;
  delete s.profiles;
  const deploy = s.deploy as Obj | undefined;
  delete s.deploy;
  const scale = s.scale ?? deploy?.replicas;
  delete s.scale;
  if (scale === 0 || scale === "0") autoStart = false;
  if (deploy) {
    for (const k of Object.keys(deploy)) if ((DEPLOY_KEYS as Record<string, { how: string }>)[k]?.how !== "mapped") delete deploy[k];
    const res = (deploy.resources ?? {}) as Obj;
    const limits = (res.limits ?? {}) as Obj;
    const reservations = (res.reservations ?? {}) as Obj;
    if (s.cpus === undefined && limits.cpus !== undefined) s.cpus = limits.cpus;
    if (s.mem_limit === undefined && limits.memory !== undefined) s.mem_limit = limits.memory;
    if (s.pids_limit === undefined && limits.pids !== undefined) s.pids_limit = limits.pids;
    if (s.mem_reservation === undefined && reservations.memory !== undefined) s.mem_reservation = reservations.memory;
    if (Array.isArray(reservations.devices)) s.gpus = [...((s.gpus as unknown[] | undefined) ?? []), ...reservations.devices];
  }
  if (!autoStart) s["x-autoStart"] = false;

  if (Array.isArray(s.ports)) s.ports = (s.ports as Obj[]).map((x) => ({ ...x, mode: "ingress" }));
  mounts(p, s, anchor);
  if (isObj(s.networks)) {
    s.networks = Object.fromEntries(
      Object.entries(s.networks as Record<string, Obj | null>).map(([k, cfg]) => {
        if (cfg === null) return [k, null];
        const c = { ...cfg };
        // Only the connection order depends on priority, and docker run connects in the order given.
        delete c.priority;
        return [k, Object.keys(c).length === 0 ? null : c];
      }),
    );
  }
  if (Array.isArray(s.links)) s.links = (s.links as string[]).map((l) => (l.includes(":") && l.split(":")[0] === l.split(":")[1] ? l.split(":")[0] : l));
  if (isObj(s.logging)) s.logging = prune({ ...s.logging });

  // What docker run takes as text reads back as text; numbers as numbers.
  for (const k of Object.values(SCALAR_FLAGS)) if (typeof s[k] === "number") s[k] = String(s[k]);
  for (const k of [...Object.values(INT_FLAGS), ...Object.values(NUM_FLAGS)]) if (typeof s[k] === "string") s[k] = Number(s[k]);
  return prune(s, ["entrypoint"]);
}

function restartOf(s: Obj): string {
  const rp = (s.deploy as Obj | undefined)?.restart_policy as Obj | undefined;
  if (rp) {
    const cond = rp.condition ?? "any";
    if (cond === "none") return "no";
    if (cond === "on-failure") return rp.max_attempts !== undefined ? `on-failure:${Number(rp.max_attempts)}` : "on-failure";
    return "always";
  }
  const r = s.restart as string | undefined;
  if (r === undefined || r === "" || r === "no") return "no";
  if (r === "unless-stopped" || r === "always") return "always";
  const m = /^on-failure:\s*(\d+)\s*$/.exec(r);
  return m ? `on-failure:${Number(m[1])}` : r;
}

/** volumes, secrets, configs → the mounts in the order `-v` then `--mount`; tmpfs mounts → `tmpfs`. */
function mounts(p: Project, s: Obj, anchor: (f: string) => string | undefined): void {
  const dashV: Obj[] = [];
  const dashMount: Obj[] = [];
  const tmpfs: string[] = [];
  for (const v0 of (s.volumes ?? []) as Obj[]) {
    const v: Obj = { ...v0 };
    const ro = v.read_only === true || v.read_only === "true";
    delete v.read_only;
    if (ro) v.read_only = true;
    if (v.type === "tmpfs") {
      const t = (v.tmpfs ?? {}) as Obj;
      const opts = [...(ro ? ["ro"] : []), ...(t.size !== undefined ? [`size=${t.size}`] : []), ...(t.mode !== undefined ? [`mode=${Number(t.mode).toString(8)}`] : [])];
      tmpfs.push(`${v.target}${opts.length > 0 ? `:${opts.join(",")}` : ""}`);
      continue;
    }
    if (v.type === "npipe" || v.type === "cluster") continue;
    if (v.type === "image") {
      dashMount.push(v);
      continue;
    }
    if (v.type === "bind") {
      if (typeof v.source !== "string") continue;
      const src = anchor(v.source);
      if (src === undefined) continue;
      v.source = src;
      const b = { ...((v.bind ?? {}) as Obj) };
      const mountForm = b.create_host_path === false || b.recursive !== undefined || src.includes(":") || String(v.target).includes(":");
      if (mountForm) {
        b.create_host_path = false;
        delete b.selinux;
      } else delete b.create_host_path;
      v.bind = b;
      (mountForm ? dashMount : dashV).push(v);
      continue;
    }
    const vo = { ...((v.volume ?? {}) as Obj) };
    if (vo.nocopy !== true) delete vo.nocopy;
    delete vo.labels;
    v.volume = vo;
    (vo.subpath !== undefined || (v.source === undefined && vo.nocopy === true) ? dashMount : dashV).push(v);
  }
  for (const kind of ["secrets", "configs"] as const) {
    for (const ref of (s[kind] ?? []) as Obj[]) {
      const top = (p[kind] as Record<string, Obj> | undefined)?.[ref.source as string];
      if (typeof top?.file !== "string") continue;
      const file = anchor(top.file);
      if (file === undefined) continue;
      const dir = kind === "secrets" ? "/run/secrets/" : "/";
      const t = ref.target as string | undefined;
      dashV.push({ type: "bind", source: file, target: t === undefined ? `${dir}${ref.source}` : t.startsWith("/") ? t : `${dir}${t}`, read_only: true, bind: {} });
    }
    delete s[kind];
  }
  s.volumes = [...dashV, ...dashMount];
  s.tmpfs = [...tmpfs, ...((s.tmpfs ?? []) as string[])];
}

/** `virtualisation.docker` and `users.users` as the `host` block means them. */
export function hostComparable(host: HostConfig | undefined): Obj {
  const d = host?.docker;
  const docker: Obj = { enable: true };
  if (d?.daemonSettings && Object.keys(d.daemonSettings).length > 0) docker.daemon = { settings: d.daemonSettings };
  if (d?.rootless && Object.keys(d.rootless).length > 0) docker.rootless = d.rootless;
  if (d?.autoPrune && Object.keys(d.autoPrune).length > 0) docker.autoPrune = d.autoPrune;
  const out: Obj = { docker };
  if (d?.users && d.users.length > 0) out.users = Object.fromEntries(d.users.map((u) => [u, { extraGroups: ["docker"] }]));
  return out;
}

/** `BackModel` without the host part, for comparing with `comparableForNixos`. */
export function backWithoutHost(b: BackModel): NixosComparable {
  return { services: b.services, networks: b.networks, volumes: b.volumes };
}

/** Every string value interpolated as the NixOS target does (keys and `x-*` left alone). */
function resolve(v: unknown, env: (n: string) => string | undefined): unknown {
  const d = new Diagnostics();
  const walk = (x: unknown): unknown => {
    if (typeof x === "string") return interpolate(x, env, [], d);
    if (Array.isArray(x)) return x.map(walk);
    if (isObj(x)) return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, k.startsWith("x-") ? y : walk(y)]));
    return x;
  };
  return walk(v);
}

/** A copy without the given paths; list entries removed by path leave no hole. */
function removePaths(v: unknown, paths: readonly string[]): unknown {
  const copy = structuredClone(v) as Obj;
  const GONE = Symbol("gone");
  for (const p of paths) {
    const segs = parsePath(p);
    let node: unknown = copy;
    for (const seg of segs.slice(0, -1)) node = (node as Record<string | number, unknown> | undefined)?.[seg];
    const last = segs[segs.length - 1]!;
    if (Array.isArray(node) && typeof last === "number") node[last] = GONE;
    else if (isObj(node)) delete node[last as string];
  }
  const compact = (x: unknown): unknown =>
    Array.isArray(x) ? x.filter((y) => y !== GONE).map(compact) : isObj(x) ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, compact(y)])) : x;
  return compact(copy);
}

/** Without empty lists and maps (the module writes nothing for them), except `keep`. */
function prune(o: Obj, keep: string[] = []): Obj {
  for (const [k, v] of Object.entries(o)) {
    if (keep.includes(k)) continue;
    if (v === undefined || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0 && k !== "bind" && k !== "volume")) delete o[k];
  }
  return o;
}
