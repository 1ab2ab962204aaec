import { Diagnostics } from "../diagnostics/index.js";
import { isPlainObject, setOwn } from "../util/values.js";
import { normalizePort, portKey } from "./rules/ports.js";

/**
 * Compose's merge of raw (un-normalized) documents: `-f a.yml -f b.yml`, `extends`, `include`
 * name clashes and the DSL's `mergeStacks` all go through `mergeComposeDocuments`.
 * The rules are compose-go's override/merge.go and override/uncity.go (NORMALIZATION.md §5).
 */

/**
 * A `!reset` tag from YAML. In a mapping it deletes that key from the documents merged *before*
 * this one (compose-go loader/reset.go); in a sequence the element is simply dropped.
 */
export class Reset {
  static readonly instance = new Reset();
  private constructor() {}
}

/**
 * A `!override` tag from YAML: the wrapped value replaces whatever earlier documents had at this
 * key instead of being merged with it.
 */
export class Override {
  constructor(readonly value: unknown) {}
}

export interface MergeOptions {
  /**
   * Keep `Reset`/`Override` markers of `override` in the result, so that a later merge onto
   * earlier files still applies them. Used for `extends` and `include` inside one file, which
   * compose-go resolves before that file is merged onto the previous ones.
   */
  keepMarkers?: boolean;
}

type Obj = Record<string, unknown>;
type Segments = readonly string[];

/**
 * Merges `override` onto `base` (later wins) and enforces unicity. Neither input is modified.
 * Works on parsed YAML (with markers) and on plain objects written in TypeScript alike.
 * Where the two sides have incompatible shapes (a mapping over a list, …) the override wins.
 */
export function mergeComposeDocuments(base: unknown, override: unknown, options: MergeOptions = {}): unknown {
  const markers: MarkerPath[] = [];
  collectMarkers(override, [], markers);
  // compose-go deletes every tagged path from the earlier documents, then merges the tagged
  // document with its `!reset` keys removed and `!override` values kept.
  const b = stripMarkers(base);
  for (const m of markers) deleteAt(b, m.path);
  const merged = enforceUnicity(mergeValue(b, stripMarkers(override), []));
  if (options.keepMarkers) {
    for (const m of markers) {
      if (m.kind === "reset") setAt(merged, m.path, Reset.instance, true);
      else setAt(merged, m.path, undefined, false);
    }
  }
  return merged;
}

/** A deep copy without markers: `Reset` keys/elements dropped, `Override` unwrapped. */
export function stripMarkers(v: unknown): unknown {
  if (v instanceof Override) return stripMarkers(v.value);
  if (Array.isArray(v)) return v.filter((e) => !(e instanceof Reset)).map(stripMarkers);
  if (isPlainObject(v)) {
    const out: Obj = {};
    for (const [k, e] of Object.entries(v)) if (!(e instanceof Reset)) setOwn(out, k, stripMarkers(e));
    return out;
  }
  return v;
}

interface MarkerPath {
  path: string[];
  kind: "reset" | "override";
}

/** Marker paths through mappings only: compose-go never applies a reset to a sequence element. */
function collectMarkers(v: unknown, path: string[], out: MarkerPath[]): void {
  if (v instanceof Reset) out.push({ path, kind: "reset" });
  else if (v instanceof Override) out.push({ path, kind: "override" });
  else if (isPlainObject(v)) for (const [k, e] of Object.entries(v)) collectMarkers(e, [...path, k], out);
}

function deleteAt(root: unknown, path: string[]): void {
  let cur = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isPlainObject(cur)) return;
    cur = cur[path[i]!];
  }
  const last = path[path.length - 1];
  if (last !== undefined && isPlainObject(cur) && Object.hasOwn(cur, last)) delete cur[last];
}

function setAt(root: unknown, path: string[], value: unknown, reset: boolean): void {
  let cur = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isPlainObject(cur)) return;
    cur = cur[path[i]!];
  }
  const last = path[path.length - 1];
  if (last === undefined || !isPlainObject(cur)) return;
  if (reset) setOwn(cur, last, value);
  else if (Object.hasOwn(cur, last)) setOwn(cur, last, new Override(cur[last]));
}

// ---------------------------------------------------------------------------------------------
// Merge (marker-free; both sides are fresh copies, so they may be reused and mutated)

type Merger = (base: unknown, override: unknown, path: Segments) => unknown;

function matches(path: Segments, pattern: readonly string[]): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((p, i) => p === "*" || p === path[i]);
}

function mergeValue(base: unknown, override: unknown, path: Segments): unknown {
  const special = SPECIALS.find(([pattern]) => matches(path, pattern));
  if (special) return special[1](base, override, path);
  if (override === null || override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) return mergeMappings(base, override, path);
  if (Array.isArray(base) && Array.isArray(override)) return [...base, ...override];
  return override;
}

function mergeMappings(base: Obj, override: Obj, path: Segments): Obj {
  for (const [k, v] of Object.entries(override)) {
    if (!Object.hasOwn(base, k)) setOwn(base, k, v);
    else setOwn(base, k, mergeValue(base[k], v, [...path, k]));
  }
  return base;
}

const replace: Merger = (_base, override) => override;

/** `K=V` form (sorted, as compose-go sorts map keys) so both list and map forms can be appended. */
function toSequence(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return [v];
  if (!isPlainObject(v)) return [];
  const seq: string[] = [];
  for (const [k, e] of Object.entries(v)) {
    if (e === null || e === undefined) seq.push(k);
    else if (Array.isArray(e)) for (const x of e) seq.push(`${k}=${formatScalar(x)}`);
    else seq.push(`${k}=${formatScalar(e)}`);
  }
  return seq.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function formatScalar(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return JSON.stringify(v) ?? String(v);
}

const mergeToSequence: Merger = (base, override) => [...toSequence(base), ...toSequence(override)];

const mergeExtraHosts: Merger = (base, override) => {
  const right = toSequence(base);
  const seen = new Set(right.map((e) => JSON.stringify(e)));
  return [...right, ...toSequence(override).filter((e) => !seen.has(JSON.stringify(e)))];
};

function toMapping(v: unknown, entry: () => unknown): Obj {
  if (isPlainObject(v)) return v;
  const out: Obj = {};
  if (Array.isArray(v)) for (const name of v) setOwn(out, String(name), entry());
  return out;
}

const mergeDependsOn: Merger = (base, override, path) => {
  const entry = () => ({ condition: "service_started", required: true });
  return mergeMappings(toMapping(base, entry), toMapping(override, entry), path);
};

const mergeNamedMapping: Merger = (base, override, path) =>
  mergeMappings(toMapping(base, () => null), toMapping(override, () => null), path);

const mergeBuild: Merger = (base, override, path) => {
  const toBuild = (v: unknown): Obj => (typeof v === "string" ? { context: v } : isPlainObject(v) ? v : {});
  return mergeMappings(toBuild(base), toBuild(override), path);
};

const mergeLogging: Merger = (base, override, path) => {
  if (!isPlainObject(override)) return override ?? base;
  if (!isPlainObject(base)) return override;
  // Options of one driver mean nothing to another, so a different driver replaces the block.
  const sameOrAbsent = !Object.hasOwn(base, "driver") || !Object.hasOwn(override, "driver") || base.driver === override.driver;
  return sameOrAbsent ? mergeMappings(base, override, path) : override;
};

/**
 * By subnet: an override entry with the subnet of an earlier entry is merged onto it, others are
 * appended. (compose-go's `mergeIPAMConfig` intends this; its loop also drops the overrides when
 * the base list is empty and can fold two different subnets together, which we do not copy.)
 */
const mergeIpamConfig: Merger = (base, override, path) => {
  if (!Array.isArray(base) || !Array.isArray(override)) return override ?? base;
  const out = [...base];
  for (const o of override) {
    const i = isPlainObject(o) ? out.findIndex((b) => isPlainObject(b) && b.subnet === o.subnet) : -1;
    const target = out[i];
    if (i >= 0 && isPlainObject(target) && isPlainObject(o)) out[i] = mergeMappings(target, o, path);
    else out.push(o);
  }
  return out;
};

const svc = (...rest: string[]): string[] => ["services", "*", ...rest];

/** override/merge.go `mergeSpecials`. Everything else: mappings merge, sequences append, scalars replace. */
const SPECIALS: ReadonlyArray<readonly [readonly string[], Merger]> = [
  [["networks", "*", "ipam", "config"], mergeIpamConfig],
  [["networks", "*", "labels"], mergeToSequence],
  [["volumes", "*", "labels"], mergeToSequence],
  [svc("annotations"), mergeToSequence],
  [svc("build"), mergeBuild],
  [svc("build", "args"), mergeToSequence],
  [svc("build", "additional_contexts"), mergeToSequence],
  [svc("build", "extra_hosts"), mergeExtraHosts],
  [svc("build", "labels"), mergeToSequence],
  [svc("command"), replace],
  [svc("depends_on"), mergeDependsOn],
  [svc("deploy", "labels"), mergeToSequence],
  [svc("dns"), mergeToSequence],
  [svc("dns_opt"), mergeToSequence],
  [svc("dns_search"), mergeToSequence],
  [svc("entrypoint"), replace],
  [svc("env_file"), mergeToSequence],
  [svc("label_file"), mergeToSequence],
  [svc("environment"), mergeToSequence],
  [svc("extra_hosts"), mergeExtraHosts],
  [svc("healthcheck", "test"), replace],
  [svc("labels"), mergeToSequence],
  [svc("logging"), mergeLogging],
  [svc("models"), mergeNamedMapping],
  [svc("networks"), mergeNamedMapping],
  [svc("sysctls"), mergeToSequence],
  [svc("tmpfs"), mergeToSequence],
  [svc("ulimits", "*"), replace],
];

// ---------------------------------------------------------------------------------------------
// Unicity: a later entry with the same key replaces the earlier one in place.

type Indexer = (entry: unknown) => string | undefined;

const keyValue: Indexer = (e) => {
  if (typeof e === "string") {
    const i = e.indexOf("=");
    return i >= 0 ? e.slice(0, i) : e;
  }
  return typeof e === "number" || typeof e === "boolean" ? String(e) : undefined;
};

const byValue: Indexer = (e) => (typeof e === "string" || typeof e === "number" ? String(e) : undefined);

const envFile: Indexer = (e) => {
  if (typeof e === "string") return e;
  return isPlainObject(e) && typeof e.path === "string" ? e.path : undefined;
};

function mountIndexer(defaultDir: string): Indexer {
  return (e) => {
    if (typeof e === "string") return `${defaultDir}/${e}`;
    if (!isPlainObject(e)) return undefined;
    if (typeof e.target === "string") return e.target;
    return `${defaultDir}/${formatScalar(e.source)}`;
  };
}

/** Windows drive paths (`C:\data`) contain the separator, so they are kept in one piece. */
function splitVolumeSpec(spec: string): string[] {
  const parts = spec.split(":");
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]!) && /^[\\/]/.test(parts[1]!)) {
    parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  }
  return parts;
}

const volumeTarget: Indexer = (e) => {
  if (isPlainObject(e)) return typeof e.target === "string" ? e.target : undefined;
  if (typeof e !== "string") return undefined;
  const parts = splitVolumeSpec(e);
  return parts.length === 1 ? parts[0] : parts[1];
};

const deviceTarget: Indexer = (e) => {
  if (isPlainObject(e)) return typeof e.target === "string" ? e.target : undefined;
  if (typeof e !== "string") return undefined;
  const parts = e.split(":");
  return parts.length === 1 ? parts[0] : parts[1];
};

/**
 * Ports are keyed as they will be after canonicalisation (`host_ip:published:target/protocol`),
 * which is where compose-go's second unicity pass catches a short string and a long mapping
 * meaning the same port. A range keeps one key for the whole entry.
 */
const portIndexer: Indexer = (e) => {
  const ports = normalizePort(e, [], new Diagnostics());
  if (ports.length > 0) return ports.map(portKey).join(",");
  return typeof e === "string" ? e : undefined;
};

/** override/uncity.go `unique`. (Its `build.platform` never matches the real `platforms` key, so
 * platforms are not de-duplicated by Compose either.) */
const UNIQUE: ReadonlyArray<readonly [readonly string[], Indexer]> = [
  [["networks", "*", "labels"], keyValue],
  [["networks", "*", "ipam", "options"], keyValue],
  [svc("annotations"), keyValue],
  [svc("build", "args"), keyValue],
  [svc("build", "additional_contexts"), keyValue],
  [svc("build", "tags"), keyValue],
  [svc("build", "labels"), keyValue],
  [svc("cap_add"), keyValue],
  [svc("cap_drop"), keyValue],
  [svc("devices"), deviceTarget],
  [svc("configs"), mountIndexer("")],
  [svc("deploy", "labels"), keyValue],
  [svc("dns"), keyValue],
  [svc("dns_opt"), keyValue],
  [svc("dns_search"), keyValue],
  [svc("environment"), keyValue],
  [svc("env_file"), envFile],
  [svc("expose"), byValue],
  [svc("labels"), keyValue],
  [svc("links"), keyValue],
  [svc("networks", "*", "aliases"), keyValue],
  [svc("networks", "*", "link_local_ips"), keyValue],
  [svc("ports"), portIndexer],
  [svc("profiles"), keyValue],
  [svc("secrets"), mountIndexer("/run/secrets")],
  [svc("sysctls"), keyValue],
  [svc("tmpfs"), keyValue],
  [svc("volumes"), volumeTarget],
];

/** Removes redefinitions inside the sequences Compose treats as sets. Returns a new value. */
export function enforceUnicity(value: unknown): unknown {
  return unique(value, []);
}

function unique(value: unknown, path: string[]): unknown {
  if (isPlainObject(value)) {
    const out: Obj = {};
    for (const [k, e] of Object.entries(value)) setOwn(out, k, unique(e, [...path, k]));
    return out;
  }
  if (!Array.isArray(value)) return value;
  const rule = UNIQUE.find(([pattern]) => matches(path, pattern));
  if (!rule) return [...value];
  const out: unknown[] = [];
  const seen = new Map<string, number>();
  for (const entry of value) {
    const key = rule[1](entry);
    const at = key === undefined ? undefined : seen.get(key);
    if (at !== undefined) out[at] = entry;
    else {
      if (key !== undefined) seen.set(key, out.length);
      out.push(entry);
    }
  }
  return out;
}
