import type { Ctx } from "./context.js";
import { isRecord } from "../util/values.js";
import { hasInterpolation } from "./rules/interpolation.js";
import { linkTarget } from "./rules/interpolated-name.js";
import type { ProjectDraft } from "./draft.js";

/**
 * What Compose adds that the user did not write (compose-go loader/normalize.go):
 * the default network, dependencies implied by links / `service:` modes / volumes_from,
 * and `deploy.replicas` taken from `scale`.
 */
export function applyImplicitRules(project: ProjectDraft, _ctx: Ctx): void {
  addDefaultNetwork(project);
  for (const service of Object.values(project.services)) {
    addImplicitDependencies(service);
    if (service.scale !== undefined && isRecord(service.deploy) && service.deploy.replicas === undefined) {
      service.deploy.replicas = service.scale;
    }
  }
}

function addDefaultNetwork(project: ProjectDraft): void {
  let used = false;
  for (const service of Object.values(project.services)) {
    if (service.networks === undefined && service.network_mode === undefined && service.provider === undefined) {
      service.networks = { default: null };
    }
    if (isRecord(service.networks) && "default" in service.networks) used = true;
  }
  if (!used) return;
  const networks = (project.networks ??= {});
  const existing = networks.default;
  if (existing === undefined) networks.default = { name: `${project.name}_default` };
}

/** Modes that share another service's namespace make that service a dependency. */
const SERVICE_MODE_KEYS = ["network_mode", "ipc", "pid", "uts", "cgroup"] as const;

function addImplicitDependencies(service: Record<string, unknown>): void {
  const implied: Array<[string, boolean]> = [];
  // A name only known after interpolation stays in `links`, from which Compose derives the
  // dependency once it has interpolated the file; it cannot be a `depends_on` key.
  for (const link of asStrings(service.links)) implied.push([linkTarget(link), true]);
  for (const key of SERVICE_MODE_KEYS) {
    const mode = service[key];
    if (typeof mode === "string" && mode.startsWith("service:")) implied.push([mode.slice("service:".length), true]);
  }
  for (const from of asStrings(service.volumes_from)) {
    if (from.startsWith("container:")) continue;
    implied.push([from.split(":")[0]!, false]);
  }
  const known = implied.filter(([name]) => !hasInterpolation(name));
  if (known.length === 0) return;
  const deps = (isRecord(service.depends_on) ? service.depends_on : (service.depends_on = {})) as Record<string, unknown>;
  for (const [name, restart] of known) {
    if (deps[name] !== undefined) continue;
    deps[name] = restart
      ? { condition: "service_started", restart: true, required: true }
      : { condition: "service_started", required: true };
  }
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

