import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadInput } from "../../src/cli/input.js";
import { emitNixos, type Runtime } from "../../src/emit/nixos.js";
import type { Project } from "../../src/model/index.js";
import { Code } from "../../src/diagnostics/index.js";
import { parseDotenv } from "../../src/load/dotenv.js";
import { nixUnavailable } from "../helpers/nix.js";
import { evalNixosModule } from "../helpers/nixos-back.js";
import { checkNixosOptions, releaseAtLeast } from "../helpers/nixos-options.js";
import { ROOT } from "../helpers/paths.js";

/**
 * Every NixOS module we ship or test (the fixtures' and examples' nixos.nix, and the same stacks
 * emitted for Podman) sets only options NixOS has, with values of their types: what
 * `nixos-rebuild` would refuse, checked without a NixOS machine.
 */

/** The oldest NixOS release every option we set exists in (oci-containers `labels`). */
const OLDEST_RELEASE = "22.05";

interface Case {
  name: string;
  dir: string;
  input: string;
}

const cases: Case[] = [];
for (const base of ["test/fixtures", "examples"]) {
  for (const d of readdirSync(path.join(ROOT, base)).sort()) {
    const dir = path.join(ROOT, base, d);
    const input = ["stack.ts", "compose.yaml"].map((f) => path.join(dir, f)).find(existsSync);
    if (input !== undefined && existsSync(path.join(dir, "nixos.nix"))) cases.push({ name: `${base}/${d}`, dir, input });
  }
}

/** The module of a case for a runtime, emitted the way the fixture and example tests emit it. */
async function emitFor(c: Case, runtime: Runtime): Promise<string> {
  const loaded = await loadInput([c.input], { outDir: c.dir });
  const envFile = path.join(c.dir, "nixos.env");
  const values = existsSync(envFile) ? parseDotenv(readFileSync(envFile, "utf8"), envFile).values : new Map<string, string>();
  const r = emitNixos(loaded.model!, {
    runtime,
    env: (n) => values.get(n),
    projectDir: `/srv/${path.basename(c.dir)}`,
    sourceName: "stack.ts",
    allowLossy: true,
    ...(loaded.host ? { host: loaded.host } : {}),
  });
  return r.text;
}

type Obj = Record<string, unknown>;

/** Problems of a module text: unknown options, wrong types, and units whose PATH is not the backend's CLI. */
function problemsOf(text: string, runtime: Runtime): string[] {
  const mod = evalNixosModule(text);
  const check = checkNixosOptions(mod);
  const problems = [...check.problems];
  for (const u of check.used) {
    if (!releaseAtLeast(OLDEST_RELEASE, u.option.since)) problems.push(`${u.path}: needs NixOS ${u.option.since} (${u.option.source})`);
  }
  const oci = ((mod.virtualisation as Obj | undefined)?.["oci-containers"] ?? {}) as Obj;
  if (oci.backend !== runtime) problems.push(`oci-containers.backend is ${String(oci.backend)}, not ${runtime}`);
  const services = (((mod.systemd as Obj | undefined)?.services ?? {}) as Record<string, Obj>);
  for (const [name, unit] of Object.entries(services)) {
    if (!name.startsWith(`${runtime}-`)) problems.push(`systemd.services.${name}: not named after the ${runtime} backend`);
    // The stub's pkgs.docker / pkgs.podman.
    if (unit.path !== undefined && JSON.stringify(unit.path) !== JSON.stringify([`/stub/${runtime}`])) {
      problems.push(`systemd.services.${name}.path is ${JSON.stringify(unit.path)}, not the ${runtime} CLI`);
    }
    for (const script of [unit.script, unit.preStart]) {
      const other = runtime === "docker" ? "podman" : "docker";
      if (typeof script === "string" && new RegExp(`(^|[\\s(])${other} `, "m").test(script)) problems.push(`systemd.services.${name} runs ${other} on a ${runtime} host`);
    }
  }
  return problems;
}

describe.skipIf(nixUnavailable !== undefined)("NixOS options of every generated module", () => {
  it("finds the cases", () => {
    expect(cases.map((c) => c.name)).toContain("test/fixtures/nixos-host");
    expect(cases.filter((c) => c.name.startsWith("examples/")).length).toBeGreaterThanOrEqual(5);
  });

  describe.each(cases)("$name", (c) => {
    it("committed nixos.nix (docker) sets only NixOS options, with values of their types", () => {
      expect(problemsOf(readFileSync(path.join(c.dir, "nixos.nix"), "utf8"), "docker")).toEqual([]);
    });

    it("the Podman module does too", async () => {
      expect(problemsOf(await emitFor(c, "podman"), "podman")).toEqual([]);
    });
  });
});

/**
 * What the goldens do not all reach: every kind of unit setting the emitter writes (restart
 * policies with limits and windows, a long stop timeout, a oneshot dependency, services that do
 * not start on their own, health waits) and every container option.
 */
const everyBranch: Project = {
  name: "every",
  services: {
    api: {
      image: "ghcr.io/acme/api:1.2",
      entrypoint: ["/entry", "--flag"],
      command: ["serve"],
      user: "1000:1000",
      labels: { "com.example.tier": "api" },
      environment: { MODE: "prod" },
      env_file: [{ path: "/etc/every/api.env" }],
      logging: { driver: "json-file", options: { "max-size": "10m" } },
      depends_on: {
        db: { condition: "service_healthy", required: true },
        migrate: { condition: "service_completed_successfully", required: true },
        cache: { condition: "service_started", required: false },
      },
      ports: [{ mode: "ingress", target: 80, published: "8080", protocol: "tcp" }],
      restart: "on-failure:3",
      stop_grace_period: "5m",
      networks: { default: null },
      volumes: [{ type: "volume", source: "data", target: "/data", volume: {} }],
    },
    cache: { image: "redis:7", deploy: { restart_policy: { condition: "on-failure", delay: "5s", max_attempts: 2, window: "2m0s" } } },
    db: { image: "postgres:16", healthcheck: { test: ["CMD", "pg_isready"], interval: "5s" }, restart: "always" },
    migrate: { image: "ghcr.io/acme/api:1.2", command: ["migrate"] },
    tools: { image: "alpine", profiles: ["debug"] },
    idle: { image: "alpine", scale: 0 },
  },
  networks: { default: { name: "every_default", driver: "bridge" } },
  volumes: { data: { name: "every_data" } },
};

describe.skipIf(nixUnavailable !== undefined)("NixOS options of every branch of the emitter", () => {
  it.each(["docker", "podman"] as const)("%s", (runtime) => {
    const host = { docker: { autoPrune: { enable: true, dates: "daily", flags: ["--all"] }, ...(runtime === "docker" ? { users: ["alice"], rootless: { enable: true }, daemonSettings: { "live-restore": true } } : {}) } };
    const r = emitNixos(everyBranch, { runtime, host, allowLossy: true });
    expect(problemsOf(r.text, runtime)).toEqual([]);
    const check = checkNixosOptions(evalNixosModule(r.text));
    // The schema really was walked through the unit settings the emitter writes.
    expect([...check.directives]).toEqual(expect.arrayContaining(["[Service] Restart", "[Service] RestartSec", "[Unit] StartLimitIntervalSec"]));
    if (runtime === "docker") expect([...check.directives]).toEqual(expect.arrayContaining(["[Service] Type", "[Service] RemainAfterExit", "[Service] TimeoutStopSec", "[Service] RestartSteps"]));
  });
});

describe.skipIf(nixUnavailable !== undefined)("the option check", () => {
  const minimal = readFileSync(path.join(ROOT, "examples/minimal/nixos.nix"), "utf8");
  const host = readFileSync(path.join(ROOT, "test/fixtures/nixos-host/nixos.nix"), "utf8");
  const once = (text: string, from: string, to: string) => {
    expect(text, `fixture text holds ${from}`).toContain(from);
    return text.replace(from, to);
  };

  it("passes the unmodified module", () => {
    expect(problemsOf(minimal, "docker")).toEqual([]);
  });

  it.each([
    ["a misspelt container option", "extraOptions = [", "extraOption = [", /containers\.hello-web\.extraOption: no such option \(did you mean extraOptions\?\)/],
    ["a container option in the wrong case", "image = ", "Image = ", /\.Image: no such option \(did you mean image\?\)/],
    ["a misspelt docker option", "virtualisation.docker.enable = true;", "virtualisation.docker.enabled = true;", /virtualisation\.docker\.enabled: no such option/],
    ["a misspelt unit option", "wantedBy = [", "wantBy = [", /wantBy: no such option \(did you mean wants or wantedBy\?\)/],
    ["a unit option of the wrong type", 'wantedBy = [ "multi-user.target" ];', 'wantedBy = "multi-user.target";', /wantedBy: expected a list/],
    ["a unit name without a suffix", '"multi-user.target"', '"multi-user"', /wantedBy\[0\]: expected a systemd unit name/],
    ["a [Service] directive NixOS rejects", 'Type = "oneshot";', 'Type = "one-shot";', /serviceConfig\.Type: expected one of exec/],
    ["a misspelt systemd directive", "RemainAfterExit = true;", "RemainAfterExits = true;", /RemainAfterExits: not a \[Service\] directive we write \(did you mean RemainAfterExit\?\)/],
    ["a [Unit] directive in [Service]", "RemainAfterExit = true;", "StartLimitBurst = 3;", /serviceConfig\.StartLimitBurst: not a \[Service\] directive/],
    ["a bool given as a string", "RemainAfterExit = true;", 'RemainAfterExit = "yes";', /RemainAfterExit: expected a boolean/],
    ["an unknown top-level option", "virtualisation.oci-containers.backend", "virtualisation.oci-container.backend", /virtualisation\.oci-container: no such option \(did you mean oci-containers\?\)/],
    ["a wrong backend", 'backend = "docker"', 'backend = "containerd"', /backend: expected one of podman, docker/],
  ])("reports %s", (_what, from, to, expected) => {
    const problems = problemsOf(once(minimal, from, to), "docker");
    expect(problems.join("\n")).toMatch(expected);
  });

  it.each([
    ["a misspelt host option", "setSocketVariable = true;", "setSocketVar = true;", /rootless\.setSocketVar: no such option/],
    ["a daemon setting NixOS types", "live-restore = true;", 'live-restore = "true";', /daemon\.settings\.live-restore: expected a boolean/],
    ["a user option that does not exist", "users.users.alice.extraGroups", "users.users.alice.groups", /users\.users\.alice\.groups: no such option/],
    ["prune flags as one string", 'flags = [ "--all" "--filter=until=168h" ];', 'flags = "--all";', /autoPrune\.flags: expected a list/],
  ])("reports %s in the host block", (_what, from, to, expected) => {
    expect(problemsOf(host, "docker")).toEqual([]);
    expect(problemsOf(once(host, from, to), "docker").join("\n")).toMatch(expected);
  });

  it("reports a unit that runs the other runtime's CLI", () => {
    const problems = problemsOf(once(minimal, "path = [ pkgs.docker ];", "path = [ pkgs.podman ];"), "docker");
    expect(problems.join("\n")).toMatch(/path is \["\/stub\/podman"\], not the docker CLI/);
  });

  it("reports an option newer than the oldest release we support", () => {
    const newer = once(minimal, "extraOptions = [", 'pull = "always";\n    extraOptions = [');
    // `pull` (NixOS 25.05) is not in the schema at all: we pass --pull= in extraOptions instead.
    expect(problemsOf(newer, "docker").join("\n")).toMatch(/\.pull: no such option/);
  });
});

describe("daemon settings NixOS defines itself", () => {
  const model: Project = { name: "p", services: { s: { image: "alpine" } } };
  it("reports a group other than docker (NixOS sets it: two values conflict), and keeps docker", () => {
    const host = { docker: { daemonSettings: { group: "staff", "log-driver": "local" } } };
    const strict = emitNixos(model, { host });
    expect(strict.diagnostics.map((d) => `${d.severity} ${d.code} ${d.path}`)).toEqual([`error ${Code.NotExpressible} host.docker.daemonSettings.group`]);
    const lossy = emitNixos(model, { host, allowLossy: true });
    expect(lossy.text).not.toContain("staff");
    expect(lossy.text).toContain('log-driver = "local";');
    expect(emitNixos(model, { host: { docker: { daemonSettings: { group: "docker" } } } }).text).toContain('group = "docker";');
  });
});
