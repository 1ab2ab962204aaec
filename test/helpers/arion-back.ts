import { existsSync } from "node:fs";
import path from "node:path";
import { quoteNixString } from "../../src/emit/nix/index.js";
import { evalNixJson } from "./nix.js";
import { recipeFromConfig, sortPorts, unmark } from "./nix-image-stub.js";

/**
 * Maps Arion back to Compose, to check that an emitted `arion-compose.nix` means the model.
 * - `simulateArion`: the module's own attrset (evaluated without Arion) → the Compose attrs Arion
 *   would write, following hercules-ci/arion src/nix/modules (docker-compose-service.nix,
 *   networks.nix, docker-compose.nix); it throws where Arion's option types would reject a value.
 * - `evalArion`: the real thing, when Arion's and Nixpkgs lib's sources are on disk.
 * - `arionBack`: Compose attrs from either → canonical-ish Compose (Arion's always-present
 *   defaults and short forms mapped back), to compare with `comparableModel(model)`.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const STR_OPTIONS = ["image", "container_name", "hostname", "working_dir", "user", "restart", "network_mode", "stop_signal", "stop_grace_period", "entrypoint"];
const BOOL_OPTIONS = ["tty", "privileged"];
const STR_LIST_OPTIONS = ["tmpfs", "devices", "dns", "links", "external_links", "extra_hosts", "expose", "env_file"];
const KNOWN = new Set([
  ...STR_OPTIONS,
  ...BOOL_OPTIONS,
  ...STR_LIST_OPTIONS,
  "volumes",
  "ports",
  "environment",
  "sysctls",
  "labels",
  "build",
  "command",
  "depends_on",
  "healthcheck",
  "networks",
  "capabilities",
  "blkio_config",
  "useHostStore",
]);

function fail(msg: string): never {
  throw new Error(`Arion would reject this: ${msg}`);
}

/** Arion tags a Nix-built image with its store hash, known only after the build. */
export const ARION_NIX_TAG = "<arion-store-hash>";

/** A service that means to use Arion's Nix-built image: it sets image options beyond nixBuild = false. */
function isNixImage(s: Obj): boolean {
  return isObj(s.image) && s.image.nixBuild !== false && (s.image.name !== undefined || s.image.contents !== undefined);
}

/**
 * image.nix and host-store.nix: the image is `<image.name>:<hash>`, built from `image.contents`
 * with `Cmd = image.command` and the rest of `image.rawConfig`. The recipe is attached as
 * `x-nix-image` (Arion writes no such key; it is what the build would get) to compare with the model.
 */
function nixImage(name: string, s: Obj, svc: Obj, o: Obj): void {
  const img = s.image as Obj;
  for (const k of Object.keys(img)) if (!["name", "contents", "command", "rawConfig", "nixBuild"].includes(k)) fail(`services.${name}.image.${k} is not modelled`);
  const raw = (img.rawConfig ?? {}) as Obj;
  if (!isObj(raw)) fail("image.rawConfig is not an attribute set");
  if (raw.Cmd !== undefined) fail("image.rawConfig.Cmd is defined by image.command too (the lists would be concatenated)");
  const imageName = typeof img.name === "string" ? img.name : `localhost/${name}`;
  const command = img.command ?? [];
  if (!Array.isArray(command) || !command.every((x) => typeof x === "string")) fail("image.command is not a list of strings");
  const recipe: Obj = { name: imageName, contents: ((img.contents ?? []) as unknown[]).map(unmark) };
  Object.assign(recipe, recipeFromConfig({ ...raw, ...(command.length > 0 ? { Cmd: command } : {}) }));
  if (svc.useHostStore === true) {
    recipe.useHostStore = true;
    o.volumes = [...(o.volumes as unknown[]), "/nix/store:/nix/store:ro"];
    o.environment = { ...(o.environment as Obj), NIX_REMOTE: "" };
    if (o.command === undefined) o.command = command.map((c) => c.replace(/\$/g, "$$$$"));
  }
  o.image = `${imageName}:${ARION_NIX_TAG}`;
  o["x-nix-image"] = sortPorts(recipe);
}

function simulateService(name: string, s: Obj): Obj {
  const svc = (s.service ?? {}) as Obj;
  for (const k of Object.keys(svc)) if (!KNOWN.has(k)) fail(`services.${name}.service.${k} does not exist`);
  const o: Obj = { volumes: svc.volumes ?? [], environment: svc.environment ?? {}, sysctls: svc.sysctls ?? {} };
  for (const k of STR_OPTIONS) {
    if (svc[k] === undefined || svc[k] === null) continue;
    if (typeof svc[k] !== "string") fail(`service.${k} is not a string`);
    o[k] = svc[k];
  }
  for (const k of BOOL_OPTIONS) {
    if (svc[k] === undefined || svc[k] === null) continue;
    if (typeof svc[k] !== "boolean") fail(`service.${k} is not a bool`);
    o[k] = svc[k];
  }
  for (const k of STR_LIST_OPTIONS) {
    const v = svc[k];
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) fail(`service.${k} is not a list of strings`);
    if (v.length > 0) o[k] = v;
  }
  for (const k of ["environment", "sysctls"]) {
    const v = o[k];
    if (!isObj(v) || !Object.values(v).every((x) => typeof x === "string" || Number.isInteger(x))) fail(`service.${k} values must be str or int`);
  }
  if (svc.labels !== undefined) {
    if (!isObj(svc.labels) || !Object.values(svc.labels).every((x) => typeof x === "string")) fail("service.labels values must be str");
    if (Object.keys(svc.labels).length > 0) o.labels = svc.labels;
  }
  if (svc.ports !== undefined && (svc.ports as unknown[]).length > 0) o.ports = svc.ports;
  if (svc.command !== undefined && svc.command !== null) o.command = svc.command;
  if (isObj(svc.build)) {
    for (const k of Object.keys(svc.build)) if (!["context", "dockerfile", "target"].includes(k)) fail(`service.build.${k} does not exist`);
    if (typeof svc.build.context === "string") o.build = svc.build;
  }
  if (isObj(svc.capabilities)) {
    const names = Object.keys(svc.capabilities).sort();
    const add = names.filter((c) => (svc.capabilities as Obj)[c] === true);
    const drop = names.filter((c) => (svc.capabilities as Obj)[c] === false);
    if (add.length > 0) o.cap_add = add;
    if (drop.length > 0) o.cap_drop = drop;
  }
  const deps = svc.depends_on;
  if (Array.isArray(deps) ? deps.length > 0 : isObj(deps) && Object.keys(deps).length > 0) {
    if (isObj(deps)) {
      const m: Obj = {};
      for (const [k, v] of Object.entries(deps)) {
        const keys = Object.keys(v as Obj);
        if (!keys.every((x) => x === "condition")) fail(`depends_on.${k} may only set condition`);
        m[k] = { condition: (v as Obj).condition ?? "service_started" };
      }
      o.depends_on = m;
    } else o.depends_on = deps;
  }
  if (isObj(svc.healthcheck)) {
    const h = svc.healthcheck;
    for (const k of Object.keys(h)) if (!["test", "interval", "timeout", "start_period", "retries"].includes(k)) fail(`healthcheck.${k} does not exist`);
    if (h.retries !== undefined && !Number.isInteger(h.retries)) fail("healthcheck.retries is not an int");
    o.healthcheck =
      h.test === undefined
        ? {}
        : { test: h.test, interval: h.interval ?? "30s", timeout: h.timeout ?? "30s", start_period: h.start_period ?? "0s", retries: h.retries ?? 3 };
  }
  const nets = svc.networks;
  if (Array.isArray(nets) && nets.length > 0) o.networks = nets;
  if (isObj(nets) && Object.keys(nets).length > 0) {
    const m: Obj = {};
    for (const [k, v] of Object.entries(nets)) {
      const n = v as Obj;
      for (const x of Object.keys(n)) if (!["aliases", "ipv4_address", "ipv6_address", "link_local_ips", "priority"].includes(x)) fail(`networks.${k}.${x} does not exist`);
      m[k] = { aliases: [], ...n };
    }
    o.networks = m;
  }
  if (svc.blkio_config !== undefined && svc.blkio_config !== null) o.blkio_config = svc.blkio_config;

  // out.service is `attrsOf unspecified`: per key, lists concatenate and sets merge shallowly.
  const extra = (isObj(s.out) && isObj(s.out.service) ? s.out.service : {}) as Obj;
  for (const [k, v] of Object.entries(extra)) {
    const mine = o[k];
    if (mine === undefined) o[k] = v;
    else if (Array.isArray(mine) && Array.isArray(v)) o[k] = [...mine, ...v];
    else if (isObj(mine) && isObj(v)) o[k] = { ...mine, ...v };
    else if (JSON.stringify(mine) !== JSON.stringify(v)) fail(`conflicting definitions of services.${name}.out.service.${k}`);
  }
  // image.nix: without service.build.context, service.image defaults to a Nix-built image;
  // with a context but no service.image, image.nixBuild must be false or Nix builds one anyway.
  const hasContext = isObj(svc.build) && typeof svc.build.context === "string";
  if (isNixImage(s)) {
    if (svc.image !== undefined || hasContext) fail(`services.${name} sets image.* but also service.image or build.context`);
    nixImage(name, s, svc, o);
    return o;
  }
  if (svc.image === undefined && !hasContext) fail(`services.${name} would get a Nix-built image`);
  if (svc.image === undefined && !(isObj(s.image) && s.image.nixBuild === false)) fail(`services.${name} would also build a Nix image`);
  return o;
}

/** The module's attrset (`import ./arion-compose.nix { pkgs = {}; }`) → Arion's Compose attrs. */
export function simulateArion(mod: Obj): Obj {
  const projectName = (mod.project as Obj | undefined)?.name;
  if (typeof projectName !== "string") fail("project.name is required");
  const networks: Obj = mod.enableDefaultNetwork === false ? {} : { default: { name: projectName } };
  for (const [k, v] of Object.entries((mod.networks ?? {}) as Obj)) {
    if (k in networks && JSON.stringify(networks[k]) !== JSON.stringify(v)) {
      // Arion's default network `name` is a plain definition: another name conflicts.
      fail(`networks.${k} has conflicting definitions`);
    }
    networks[k] = v;
  }
  const dc = (mod["docker-compose"] ?? {}) as Obj;
  const services: Obj = {};
  for (const [n, s] of Object.entries((mod.services ?? {}) as Obj)) services[n] = simulateService(n, s as Obj);
  const out: Obj = { services, networks, volumes: dc.volumes ?? {}, "x-arion": { project: { name: projectName } } };
  for (const [k, v] of Object.entries((dc.raw ?? {}) as Obj)) {
    if (k in out) fail(`docker-compose.raw.${k} would clobber (or be clobbered by) Arion's own ${k}`);
    out[k] = v;
  }
  return out;
}

const HEALTHCHECK_DEFAULTS: Obj = { interval: "30s", timeout: "30s", start_period: "0s", retries: 3 };

/** Arion's Compose output → canonical-ish Compose (defaults dropped, short forms expanded). */
export function arionBack(out: Obj): Obj {
  const xArion = out["x-arion"] as Obj | undefined;
  const res: Obj = { name: (xArion?.project as Obj | undefined)?.name };
  for (const [k, v] of Object.entries(out)) {
    if (k === "x-arion" || k === "services") continue;
    if (isObj(v) && Object.keys(v).length === 0 && (k === "networks" || k === "volumes")) continue;
    res[k] = v;
  }
  const services: Obj = {};
  for (const [n, raw] of Object.entries(out.services as Obj)) {
    const s: Obj = { ...(raw as Obj) };
    for (const [k, empty] of [["environment", "{}"], ["sysctls", "{}"], ["volumes", "[]"]] as const) {
      if (JSON.stringify(s[k]) === empty) delete s[k];
    }
    if (Array.isArray(s.depends_on)) {
      s.depends_on = Object.fromEntries(s.depends_on.map((d) => [d, { condition: "service_started", required: true }]));
    } else if (isObj(s.depends_on)) {
      s.depends_on = Object.fromEntries(Object.entries(s.depends_on).map(([k, v]) => [k, { required: true, ...(v as Obj) }]));
    }
    if (Array.isArray(s.networks)) s.networks = Object.fromEntries(s.networks.map((x) => [x, null]));
    else if (isObj(s.networks)) {
      s.networks = Object.fromEntries(
        Object.entries(s.networks).map(([k, v]) => {
          const e = { ...(v as Obj) };
          if (JSON.stringify(e.aliases) === "[]") delete e.aliases;
          return [k, Object.keys(e).length === 0 ? null : e];
        }),
      );
    }
    if (isObj(s.healthcheck)) s.healthcheck = withoutHealthcheckDefaults(s.healthcheck);
    if (Array.isArray(s.devices)) {
      s.devices = s.devices.map((d) => {
        if (typeof d !== "string") return d;
        const [source, target, permissions] = d.split(":");
        return { source, target, permissions };
      });
    }
    if (Array.isArray(s.env_file)) s.env_file = s.env_file.map((f) => (typeof f === "string" ? { path: f } : f));
    services[n] = s;
  }
  res.services = services;
  return res;
}

function withoutHealthcheckDefaults(h: Obj): Obj {
  return Object.fromEntries(Object.entries(h).filter(([k, v]) => HEALTHCHECK_DEFAULTS[k] !== v));
}

/**
 * The model as `arionBack` sees it: Docker's healthcheck defaults and `restart: false` dropped;
 * a Nix-built image tagged by Arion (its store hash), with the recipe minus the tag it cannot take.
 */
export function comparableModel(model: object): Obj {
  const m = JSON.parse(JSON.stringify(model)) as Obj;
  for (const s of Object.values(m.services as Obj) as Obj[]) {
    if (isObj(s["x-nix-image"])) {
      const { tag: _tag, ...recipe } = s["x-nix-image"];
      s.image = `${String(recipe.name)}:${ARION_NIX_TAG}`;
      s["x-nix-image"] = sortPorts(recipe);
    }
    if (isObj(s.healthcheck)) s.healthcheck = withoutHealthcheckDefaults(s.healthcheck);
    if (isObj(s.depends_on)) for (const dep of Object.values(s.depends_on) as Obj[]) if (dep.restart === false) delete dep.restart;
  }
  return m;
}

/**
 * Where Arion's and Nixpkgs lib's sources are: `ARION_SRC` (a hercules-ci/arion checkout) and
 * `NIXPKGS_LIB` (a nixpkgs or nix-community/nixpkgs.lib checkout, holding `lib/`).
 * A string is the reason the real evaluation cannot run.
 */
export function arionSources(): { arion: string; nixpkgsLib: string } | string {
  const arion = process.env.ARION_SRC;
  const lib = process.env.NIXPKGS_LIB;
  if (!arion || !lib) return "set ARION_SRC (hercules-ci/arion checkout) and NIXPKGS_LIB (nixpkgs.lib checkout) to evaluate through Arion itself";
  if (!existsSync(path.join(arion, "src/nix/eval-composition.nix"))) return `ARION_SRC=${arion} has no src/nix/eval-composition.nix`;
  if (!existsSync(path.join(lib, "lib/default.nix"))) return `NIXPKGS_LIB=${lib} has no lib/default.nix`;
  return { arion, nixpkgsLib: lib };
}

/** Evaluates `moduleText` with Arion's own modules; `pkgs` is stubbed (no Nix images are built). */
export function evalArion(moduleText: string, src: { arion: string; nixpkgsLib: string }): Obj {
  const p = (dir: string, rel: string) => `(/. + ${quoteNixString(path.resolve(dir, rel))})`;
  const expr = `let
  lib = import ${p(src.nixpkgsLib, "lib")};
  composition = import ${p(src.arion, "src/nix/eval-composition.nix")} {
    pkgs = { inherit lib; };
    modules = [ ./arion-compose.nix ];
  };
in composition.config.out.dockerComposeYamlAttrs
`;
  return evalNixJson(expr, { "arion-compose.nix": moduleText }) as Obj;
}
