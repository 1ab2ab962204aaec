/**
 * The part of the NixOS option tree a module from `emitNixos` may set, with the type the module
 * system checks each value against — so a test can do what `nixos-rebuild` does with the module:
 * refuse an option that does not exist and a value of the wrong type. The Nix stub the other
 * tests evaluate with (nixos-back.ts) accepts any name, so without this a misspelt option would
 * only fail on a real NixOS machine.
 *
 * Written from a reading of Nixpkgs' own modules (the `source` of each option):
 *   nixos/modules/virtualisation/oci-containers.nix, docker.nix, docker-rootless.nix,
 *   podman/default.nix, nixos/lib/systemd-unit-options.nix (unit and service options),
 *   nixos/modules/services/networking/firewall.nix (interfaces), users-groups.nix.
 * `since` is the oldest NixOS release with the option under this name and type. Read from
 * dated versions of the module for oci-containers (the 20.09 module has neither
 * `environmentFiles` nor `labels`, the 21.11 one has `environmentFiles`, the 22.x ones `labels`);
 * for the others it is the release that introduced the module or option, and a version of the
 * file of that age or newer was read.
 *
 * Options that exist in NixOS but that the emitter has no business setting are left out on
 * purpose: the schema is what we allow ourselves, not all of NixOS.
 */

export type OptionType =
  | { t: "str" }
  /** `types.singleLineStr`: no newline. */
  | { t: "singleLineStr" }
  /** `types.lines`: strings joined with newlines when merged. */
  | { t: "lines" }
  | { t: "bool" }
  | { t: "int" }
  | { t: "port" }
  | { t: "enum"; values: readonly string[] }
  /** `types.path` given a string: it must be absolute (and stays out of the store). */
  | { t: "absPath" }
  /** A derivation: in the stub, a `pkgs.<attr>` marker or a recorded `dockerTools`/`buildEnv` call. */
  | { t: "package" }
  /** systemd's `unitNameType`: a unit name with its suffix. */
  | { t: "unitName" }
  /** `(pkgs.formats.json {}).type`: any JSON value. */
  | { t: "json" }
  | { t: "nullOr"; of: OptionType }
  | { t: "listOf"; of: OptionType }
  | { t: "attrsOf"; of: OptionType }
  | { t: "oneOf"; of: readonly OptionType[] }
  /** `attrsOf unitOption` for one section of a unit file: the directives we use, by name. */
  | { t: "unitSection"; section: "Unit" | "Service"; directives: Record<string, Directive> }
  | { t: "submodule"; options: OptionTree; freeform?: OptionType };

export interface NixOption {
  option: true;
  type: OptionType;
  /** Oldest NixOS release with this option (and type), as read in `source`. */
  since: string;
  source: string;
}

export type OptionTree = { [name: string]: NixOption | OptionTree };

/** A systemd directive: its value type, and the systemd release that reads it. */
export interface Directive {
  type: OptionType;
  systemd?: string;
}

const str: OptionType = { t: "str" };
const bool: OptionType = { t: "bool" };
const int: OptionType = { t: "int" };
const listOf = (of: OptionType): OptionType => ({ t: "listOf", of });
const attrsOf = (of: OptionType): OptionType => ({ t: "attrsOf", of });
const nullOr = (of: OptionType): OptionType => ({ t: "nullOr", of });
const submodule = (options: OptionTree, freeform?: OptionType): OptionType => ({ t: "submodule", options, ...(freeform ? { freeform } : {}) });
const opt = (type: OptionType, since: string, source: string): NixOption => ({ option: true, type, since, source });

const OCI = "nixos/modules/virtualisation/oci-containers.nix";
const DOCKER = "nixos/modules/virtualisation/docker.nix";
const ROOTLESS = "nixos/modules/virtualisation/docker-rootless.nix";
const PODMAN = "nixos/modules/virtualisation/podman/default.nix";
const UNIT = "nixos/lib/systemd-unit-options.nix";
const FIREWALL = "nixos/modules/services/networking/firewall.nix";
const USERS = "nixos/modules/config/users-groups.nix";

/** A time span systemd reads (`5s`, `1m30s`, `infinity`) or a number of seconds. */
const timeSpan: OptionType = { t: "oneOf", of: [str, int] };

/** `[Service]` directives the emitter writes; the NixOS check (`checkService`) limits Type and Restart. */
const SERVICE_DIRECTIVES: Record<string, Directive> = {
  Type: { type: { t: "enum", values: ["exec", "simple", "forking", "oneshot", "dbus", "notify", "notify-reload", "idle"] } },
  Restart: { type: { t: "enum", values: ["no", "on-success", "on-failure", "on-abnormal", "on-abort", "always"] } },
  RestartSec: { type: timeSpan },
  // Exponential restart backoff: systemd 254 (NixOS 23.11); older systemd ignores them with a warning.
  RestartSteps: { type: int, systemd: "254" },
  RestartMaxDelaySec: { type: timeSpan, systemd: "254" },
  RemainAfterExit: { type: bool },
  ExecStop: { type: str },
  TimeoutStopSec: { type: timeSpan },
};

/** `[Unit]` directives the emitter writes. Start limits belong here, not in [Service] (systemd ≥ 230). */
const UNIT_DIRECTIVES: Record<string, Directive> = {
  Description: { type: { t: "singleLineStr" } },
  StartLimitBurst: { type: int, systemd: "230" },
  StartLimitIntervalSec: { type: timeSpan, systemd: "230" },
};

const units = listOf({ t: "unitName" });

/** commonUnitOptions: what every unit (service, target) has. */
const commonUnit: OptionTree = {
  description: opt({ t: "singleLineStr" }, "20.09", UNIT),
  requires: opt(units, "20.09", UNIT),
  wants: opt(units, "20.09", UNIT),
  after: opt(units, "20.09", UNIT),
  before: opt(units, "20.09", UNIT),
  bindsTo: opt(units, "20.09", UNIT),
  partOf: opt(units, "20.09", UNIT),
  wantedBy: opt(units, "20.09", UNIT),
  requiredBy: opt(units, "20.09", UNIT),
  unitConfig: opt({ t: "unitSection", section: "Unit", directives: UNIT_DIRECTIVES }, "20.09", UNIT),
  // Top-level start limits are `types.int` only: "infinity" has to go through unitConfig.
  startLimitBurst: opt(int, "20.09", UNIT),
  startLimitIntervalSec: opt(int, "20.09", UNIT),
};

/** serviceOptions on top of the common ones. */
const serviceUnit: OptionTree = {
  ...commonUnit,
  environment: opt(attrsOf(nullOr(str)), "20.09", UNIT),
  path: opt(listOf({ t: "oneOf", of: [{ t: "package" }, str] }), "20.09", UNIT),
  serviceConfig: opt({ t: "unitSection", section: "Service", directives: SERVICE_DIRECTIVES }, "20.09", UNIT),
  script: opt({ t: "lines" }, "20.09", UNIT),
  preStart: opt({ t: "lines" }, "20.09", UNIT),
  postStop: opt({ t: "lines" }, "20.09", UNIT),
};

const container = submodule({
  image: opt(str, "20.09", OCI),
  imageFile: opt(nullOr({ t: "package" }), "20.09", OCI),
  cmd: opt(listOf(str), "20.09", OCI),
  entrypoint: opt(nullOr(str), "20.09", OCI),
  environment: opt(attrsOf(str), "20.09", OCI),
  environmentFiles: opt(listOf({ t: "absPath" }), "21.05", OCI),
  "log-driver": opt(str, "20.09", OCI),
  ports: opt(listOf(str), "20.09", OCI),
  user: opt(nullOr(str), "20.09", OCI),
  volumes: opt(listOf(str), "20.09", OCI),
  workdir: opt(nullOr(str), "20.09", OCI),
  dependsOn: opt(listOf(str), "20.09", OCI),
  extraOptions: opt(listOf(str), "20.09", OCI),
  autoStart: opt(bool, "20.09", OCI),
  // Not in the 21.11 module; present in the 22.x ones.
  labels: opt(attrsOf(str), "22.05", OCI),
});

const autoPrune = (source: string, since: string): OptionTree => ({
  enable: opt(bool, since, source),
  dates: opt(str, since, source),
  flags: opt(listOf(str), since, source),
});

export const NIXOS_OPTIONS: OptionTree = {
  virtualisation: {
    "oci-containers": {
      backend: opt({ t: "enum", values: ["podman", "docker"] }, "20.09", OCI),
      containers: opt(attrsOf(container), "20.09", OCI),
    },
    docker: {
      enable: opt(bool, "20.09", DOCKER),
      // Freeform JSON; NixOS itself types `live-restore` (bool).
      daemon: { settings: opt(submodule({ "live-restore": opt(bool, "22.05", DOCKER) }, { t: "json" }), "22.05", DOCKER) },
      autoPrune: autoPrune(DOCKER, "20.09"),
      rootless: {
        enable: opt(bool, "21.05", ROOTLESS),
        setSocketVariable: opt(bool, "21.05", ROOTLESS),
      },
    },
    podman: {
      enable: opt(bool, "20.09", PODMAN),
      dockerCompat: opt(bool, "20.09", PODMAN),
      autoPrune: autoPrune(PODMAN, "22.05"),
    },
  },
  users: {
    users: opt(attrsOf(submodule({ extraGroups: opt(listOf(str), "20.09", USERS) })), "20.09", USERS),
  },
  networking: {
    firewall: {
      interfaces: opt(attrsOf(submodule({ allowedUDPPorts: opt(listOf({ t: "port" }), "20.09", FIREWALL) })), "20.09", FIREWALL),
    },
  },
  systemd: {
    services: opt(attrsOf(submodule(serviceUnit)), "20.09", UNIT),
    targets: opt(attrsOf(submodule(commonUnit)), "20.09", UNIT),
  },
};

// ── checking ─────────────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isOption = (n: NixOption | OptionTree): n is NixOption => (n as NixOption).option === true;

/** A NixOS unit name: what `unitNameType` accepts. */
const UNIT_NAME = /^[a-zA-Z0-9@%:_.\\-]+\.(service|socket|device|mount|automount|swap|target|path|timer|scope|slice)$/;

export interface OptionUse {
  path: string;
  option: NixOption;
}

export interface OptionCheck {
  /** One line per option that does not exist or holds a value of the wrong type. */
  problems: string[];
  /** Every option the module sets (for the release it needs). */
  used: OptionUse[];
  /** Every systemd directive it sets, as `[Section] Name`. */
  directives: Set<string>;
}

/**
 * Walks an evaluated module (the JSON of its attribute set, `lib.mkOverride` kept visible as
 * `{ _type = "override"; priority; content; }` by the stub) against `NIXOS_OPTIONS`.
 */
export function checkNixosOptions(mod: unknown, tree: OptionTree = NIXOS_OPTIONS): OptionCheck {
  const out: OptionCheck = { problems: [], used: [], directives: new Set() };
  walkTree(mod, tree, [], out);
  return out;
}

type Path = Array<string | number>;
const show = (path: Path) =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(p) ? p : JSON.stringify(p)}`)).join("");

function walkTree(v: unknown, tree: OptionTree, path: Path, out: OptionCheck): void {
  if (isOverride(v)) {
    out.problems.push(`${show(path)}: an attribute set of options cannot be wrapped in lib.mkOverride`);
    return;
  }
  if (!isObj(v)) {
    out.problems.push(`${show(path)}: expected an attribute set of options, got ${describe(v)}`);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const at = [...path, k];
    const node = Object.hasOwn(tree, k) ? tree[k] : undefined;
    if (node === undefined) {
      out.problems.push(`${show(at)}: no such option${suggest(k, Object.keys(tree))}`);
      continue;
    }
    if (isOption(node)) {
      out.used.push({ path: show(at), option: node });
      checkValue(x, node.type, at, out);
    } else walkTree(x, node, at, out);
  }
}

function isOverride(v: unknown): v is { _type: "override"; priority: unknown; content: unknown } {
  return isObj(v) && v._type === "override";
}

/** A definition's value with `lib.mkOverride` taken off (where the module system takes it off). */
function unwrap(v: unknown, path: Path, out: OptionCheck): unknown {
  if (!isOverride(v)) return v;
  if (typeof v.priority !== "number") out.problems.push(`${show(path)}: lib.mkOverride needs an integer priority`);
  return unwrap(v.content, path, out);
}

function checkValue(raw: unknown, type: OptionType, path: Path, out: OptionCheck): void {
  const v = unwrap(raw, path, out);
  const bad = (what: string): void => {
    out.problems.push(`${show(path)}: expected ${what}, got ${describe(v)}`);
  };
  switch (type.t) {
    case "str":
      if (typeof v !== "string") bad("a string");
      return;
    case "singleLineStr":
      if (typeof v !== "string" || v.includes("\n")) bad("a single-line string");
      return;
    case "lines":
      if (typeof v !== "string") bad("lines (a string)");
      return;
    case "bool":
      if (typeof v !== "boolean") bad("a boolean");
      return;
    case "int":
      if (typeof v !== "number" || !Number.isInteger(v)) bad("an integer");
      return;
    case "port":
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 65535) bad("a port number");
      return;
    case "enum":
      if (typeof v !== "string" || !type.values.includes(v)) bad(`one of ${type.values.join(", ")}`);
      return;
    case "absPath":
      if (typeof v !== "string" || !v.startsWith("/")) bad("an absolute path");
      return;
    case "package":
      if (!isPackage(v)) bad("a package");
      return;
    case "unitName":
      if (typeof v !== "string" || !UNIT_NAME.test(v)) bad("a systemd unit name (name.service, name.target, …)");
      return;
    case "json":
      if (!isJson(v)) bad("a JSON value");
      return;
    case "nullOr":
      if (v !== null) checkValue(v, type.of, path, out);
      return;
    case "oneOf": {
      const fits = type.of.some((t) => {
        const probe: OptionCheck = { problems: [], used: [], directives: new Set() };
        checkValue(v, t, path, probe);
        return probe.problems.length === 0;
      });
      if (!fits) bad(`one of ${type.of.map((t) => t.t).join(", ")}`);
      return;
    }
    case "listOf":
      if (!Array.isArray(v)) return bad("a list");
      // mkOverride is not taken off list elements, so a wrapped element is a type error.
      v.forEach((x, i) => (isOverride(x) ? out.problems.push(`${show([...path, i])}: lib.mkOverride inside a list`) : checkValue(x, type.of, [...path, i], out)));
      return;
    case "attrsOf":
      if (!isObj(v)) return bad("an attribute set");
      for (const [k, x] of Object.entries(v)) checkValue(x, type.of, [...path, k], out);
      return;
    case "unitSection":
      if (!isObj(v)) return bad("an attribute set of systemd directives");
      for (const [k, x] of Object.entries(v)) {
        const d = Object.hasOwn(type.directives, k) ? type.directives[k] : undefined;
        out.directives.add(`[${type.section}] ${k}`);
        if (d === undefined) out.problems.push(`${show([...path, k])}: not a [${type.section}] directive we write${suggest(k, Object.keys(type.directives))}`);
        else checkValue(x, d.type, [...path, k], out);
      }
      return;
    case "submodule":
      if (!isObj(v)) return bad("an attribute set");
      for (const [k, x] of Object.entries(v)) {
        const node = Object.hasOwn(type.options, k) ? type.options[k] : undefined;
        if (node === undefined) {
          if (type.freeform) checkValue(x, type.freeform, [...path, k], out);
          else out.problems.push(`${show([...path, k])}: no such option${suggest(k, Object.keys(type.options))}`);
        } else if (isOption(node)) {
          out.used.push({ path: show([...path, k]), option: node });
          checkValue(x, node.type, [...path, k], out);
        } else walkTree(x, node, [...path, k], out);
      }
      return;
  }
}

function isPackage(v: unknown): boolean {
  if (typeof v === "string") return /^(\/stub\/|«pkgs\.)/.test(v);
  return isObj(v) && typeof v.__builder === "string";
}

function isJson(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  return isObj(v) && !isOverride(v) && Object.values(v).every(isJson);
}

function describe(v: unknown): string {
  if (isOverride(v)) return "lib.mkOverride …";
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function suggest(name: string, known: string[]): string {
  const lower = name.toLowerCase();
  const close = known.filter((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= 2);
  return close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : "";
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Orders NixOS release names ("20.09" < "22.05" < "23.11"). */
export function releaseAtLeast(a: string, b: string): boolean {
  const [ay, am] = a.split(".").map(Number) as [number, number];
  const [by, bm] = b.split(".").map(Number) as [number, number];
  return ay !== by ? ay > by : am >= bm;
}
