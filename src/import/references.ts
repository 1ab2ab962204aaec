import { isPlainObject } from "../util/values.js";

/**
 * Whether every reference of a (raw) compose document names something the document declares —
 * the condition under which `defineStack`'s inferred name types accept it. A file that refers to
 * a name declared elsewhere (another `-f` layer, a `${VAR}` name) is generated with
 * `defineStack<string, string, string, string, string, string>(…)`, which checks shapes but not
 * names; the normalizer still checks the names of the built stack.
 */
export function referencesResolve(doc: Record<string, unknown>): boolean {
  const names = (k: string): Set<string> => new Set(isPlainObject(doc[k]) ? Object.keys(doc[k]) : []);
  const services = names("services");
  const networks = names("networks");
  const volumes = names("volumes");
  const secrets = names("secrets");
  const configs = names("configs");
  const models = names("models");
  networks.add("default");

  const ok = (set: Set<string>, name: unknown) => typeof name === "string" && set.has(name);
  const keysOrItems = (v: unknown): unknown[] => (Array.isArray(v) ? v : isPlainObject(v) ? Object.keys(v) : []);
  const sources = (v: unknown): unknown[] => (Array.isArray(v) ? v.map((e) => (isPlainObject(e) ? e.source : e)) : []);
  const namespace = (v: unknown) => typeof v !== "string" || !v.startsWith("service:") || services.has(v.slice(8));

  if (!isPlainObject(doc.services)) return true;
  for (const s of Object.values(doc.services)) {
    if (!isPlainObject(s)) continue;
    if (!keysOrItems(s.depends_on).every((n) => ok(services, n))) return false;
    if (!keysOrItems(s.networks).every((n) => ok(networks, n))) return false;
    if (!keysOrItems(s.models).every((n) => ok(models, n))) return false;
    if (!sources(s.secrets).every((n) => ok(secrets, n))) return false;
    if (!sources(s.configs).every((n) => ok(configs, n))) return false;
    if (isPlainObject(s.build) && !sources(s.build.secrets).every((n) => ok(secrets, n))) return false;
    if (Array.isArray(s.links) && !s.links.every((l) => typeof l === "string" && services.has(l.split(":")[0]!))) return false;
    if (Array.isArray(s.volumes_from)) {
      for (const v of s.volumes_from) {
        if (typeof v !== "string") return false;
        if (v.startsWith("container:")) continue;
        const [name, mode] = v.split(":");
        if (!services.has(name!) || (mode !== undefined && mode !== "ro" && mode !== "rw") || v.split(":").length > 2) return false;
      }
    }
    if (![s.network_mode, s.ipc, s.pid].every(namespace)) return false;
    if (Array.isArray(s.volumes)) {
      for (const v of s.volumes) {
        if (typeof v === "string") {
          const colon = v.indexOf(":");
          if (colon < 0 || isHostPath(v)) continue;
          if (!volumes.has(v.slice(0, colon))) return false;
        } else if (isPlainObject(v) && v.type === "volume" && v.source !== undefined && !ok(volumes, v.source)) return false;
      }
    }
  }
  return true;
}

/** The DSL's `HostPath`: what Compose reads as a bind-mount source in the short syntax. */
function isHostPath(v: string): boolean {
  return /^[./~$\\]/.test(v) || /^[A-Z]:/.test(v);
}
