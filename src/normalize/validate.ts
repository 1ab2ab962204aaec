import { Code } from "../diagnostics/index.js";
import type { Ctx } from "./context.js";
import type { ProjectDraft } from "./draft.js";

type Service = Record<string, unknown>;

/** Checks that need the whole project (after the implicit rules): cycles, clashes and settings that must agree. */
export function validateProject(project: ProjectDraft, ctx: Ctx): void {
  checkImageOrBuild(project, ctx);
  checkNetworkMode(project, ctx);
  checkDependencyCycles(project, ctx);
  checkPublishedPorts(project, ctx);
  checkContainerNames(project, ctx);
  for (const [name, s] of Object.entries(project.services)) checkConsistency(name, s, ctx);
}

/** Something must say what runs: an image, a build, or a provider (compose-go loader/validate.go). */
function checkImageOrBuild(project: ProjectDraft, ctx: Ctx): void {
  for (const [name, s] of Object.entries(project.services)) {
    if (s.image === undefined && s.build === undefined && s.provider === undefined) {
      ctx.d.error(Code.MissingKey, ["services", name], `service "${name}" has neither an image nor a build context specified`);
    }
  }
}

/** A service joins networks, or shares another namespace with network_mode: not both. */
function checkNetworkMode(project: ProjectDraft, ctx: Ctx): void {
  for (const [name, s] of Object.entries(project.services)) {
    if (typeof s.network_mode === "string" && s.networks !== undefined) {
      ctx.d.error(Code.Conflict, ["services", name, "network_mode"], `service "${name}" sets both network_mode and networks`);
    }
  }
}

/** Depth-first search; each cycle is reported once, naming every service on it. */
function checkDependencyCycles(project: ProjectDraft, ctx: Ctx): void {
  const graph = new Map<string, string[]>();
  for (const [name, s] of Object.entries(project.services)) {
    graph.set(name, Object.keys(record(s.depends_on)).filter((d) => d !== name && d in project.services));
  }
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (n: string) => {
    state.set(n, "visiting");
    stack.push(n);
    for (const dep of graph.get(n) ?? []) {
      const st = state.get(dep);
      if (st === "visiting") {
        const cycle = [...stack.slice(stack.indexOf(dep)), dep];
        const key = [...cycle.slice(0, -1)].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          ctx.d.error(Code.DependencyCycle, ["services", n, "depends_on", dep], `dependency cycle: ${cycle.join(" -> ")}`);
        }
      } else if (st === undefined) visit(dep);
    }
    stack.pop();
    state.set(n, "done");
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
}

/**
 * Two services publishing the same host port on the same address and protocol cannot both
 * start. Services in disjoint profiles never run together, so they may share a port.
 */
function checkPublishedPorts(project: ProjectDraft, ctx: Ctx): void {
  type Seen = { seq: number; service: string; index: number; ip: string; proto: string; from: number; to: number; profiles: string[] };
  // Published ports indexed by blocks of 256 port numbers, so that a large stack is not checked
  // pair by pair; the earliest conflicting one is reported, as a scan in order would.
  const blocks = new Map<number, Seen[]>();
  let seq = 0;
  for (const [name, s] of Object.entries(project.services)) {
    records(s.ports).forEach((p, index) => {
      if (typeof p.published !== "string" || hasVar(p.published)) return;
      const m = /^(\d+)(?:-(\d+))?$/.exec(p.published);
      if (!m) return;
      const from = Number(m[1]);
      const to = m[2] === undefined ? from : Number(m[2]);
      if (from === 0) return;
      const ip = typeof p.host_ip === "string" ? p.host_ip : "";
      const proto = typeof p.protocol === "string" ? p.protocol : "tcp";
      const profiles = strings(s.profiles);
      const firstBlock = Math.floor(from / 256);
      const lastBlock = Math.floor(Math.max(from, to) / 256);
      let conflict: Seen | undefined;
      for (let b = firstBlock; b <= lastBlock; b++) {
        for (const other of blocks.get(b) ?? []) {
          if (conflict !== undefined && other.seq >= conflict.seq) continue;
          if (other.service === name || other.proto !== proto) continue;
          if (!sameAddress(ip, other.ip) || from > other.to || to < other.from) continue;
          if (!canRunTogether(profiles, other.profiles)) continue;
          conflict = other;
        }
      }
      if (conflict !== undefined) {
        const port = from === to ? String(from) : `${from}-${to}`;
        ctx.d.error(
          Code.DuplicatePort,
          ["services", name, "ports", index],
          `host port ${ip ? ip + ":" : ""}${port}/${proto} is already published by service "${conflict.service}" (services.${conflict.service}.ports[${conflict.index}])`,
        );
      }
      const entry: Seen = { seq: seq++, service: name, index, ip, proto, from, to, profiles };
      for (let b = firstBlock; b <= lastBlock; b++) {
        const list = blocks.get(b);
        if (list) list.push(entry);
        else blocks.set(b, [entry]);
      }
    });
  }
}

function sameAddress(a: string, b: string): boolean {
  const any = (x: string) => x === "" || x === "0.0.0.0" || x === "::";
  return a === b || any(a) || any(b);
}

function canRunTogether(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return a.some((p) => b.includes(p));
}

function checkContainerNames(project: ProjectDraft, ctx: Ctx): void {
  const owners = new Map<string, string>();
  for (const [name, s] of Object.entries(project.services)) {
    const cn = s.container_name;
    if (typeof cn !== "string") continue;
    const prev = owners.get(cn);
    if (prev !== undefined) {
      ctx.d.error(Code.DuplicateContainerName, ["services", name, "container_name"], `container_name "${cn}" is already used by service "${prev}"`);
    } else owners.set(cn, name);
  }
}

/** Settings that exist twice in Compose (legacy key and deploy key) must agree (loader/validate.go). */
function checkConsistency(name: string, s: Service, ctx: Ctx): void {
  const deploy = record(s.deploy);
  const resources = record(deploy.resources);
  const limits = record(resources.limits);
  const reservations = record(resources.reservations);
  const pairs: Array<[string, unknown, string, unknown]> = [
    ["cpus", s.cpus, "deploy.resources.limits.cpus", limits.cpus],
    ["mem_limit", s.mem_limit, "deploy.resources.limits.memory", limits.memory],
    ["mem_reservation", s.mem_reservation, "deploy.resources.reservations.memory", reservations.memory],
    ["pids_limit", s.pids_limit, "deploy.resources.limits.pids", limits.pids],
    ["scale", s.scale, "deploy.replicas", deploy.replicas],
  ];
  for (const [a, va, b, vb] of pairs) {
    if (va === undefined || vb === undefined || va === vb) continue;
    ctx.d.error(Code.Inconsistent, ["services", name, a], `services.${name}: ${a} (${String(va)}) and ${b} (${String(vb)}) differ; set only one`);
  }
  for (const key of ["scale", "deploy.replicas"] as const) {
    const v = key === "scale" ? s.scale : deploy.replicas;
    if (typeof v === "number" && v < 0) ctx.d.error(Code.InvalidValue, ["services", name, ...key.split(".")], `${key} must be greater than or equal to 0`);
  }
  const scale = typeof s.scale === "number" ? s.scale : typeof deploy.replicas === "number" ? deploy.replicas : 1;
  if (scale > 1 && typeof s.container_name === "string") {
    ctx.d.error(Code.Conflict, ["services", name, "container_name"], `services.${name}: container_name "${s.container_name}" cannot be used with ${scale} replicas: container names must be unique`);
  }
}


function record(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function hasVar(s: string): boolean {
  return /\$\{?[A-Za-z_]/.test(s);
}
