import { describe, expect, it } from "vitest";
import { mergeStacks } from "../../src/dsl/merge.js";
import { normalize } from "../../src/normalize/index.js";

/** One case per project-level rule: the stack as written → what the canonical model holds. */
function model(input: unknown, opts = {}) {
  const r = normalize(input, opts);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.model!;
}
function errors(input: unknown, opts = {}) {
  return normalize(input, opts).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.path}`);
}

describe("project-level normalization", () => {
  it("adds the default network only where a service has no networks and no network_mode", () => {
    const m = model({ name: "p", services: { a: { image: "x" }, b: { image: "x", network_mode: "host" } } });
    expect(m.services.a!.networks).toEqual({ default: null });
    expect(m.services.b!.networks).toBeUndefined();
    expect(m.networks).toEqual({ default: { name: "p_default" } });
    const none = model({ name: "p", services: { b: { image: "x", network_mode: "none" } } });
    expect(none.networks).toBeUndefined();
  });

  it("names resources <project>_<key>, external ones after their key, keeps explicit names", () => {
    const m = model({
      name: "p",
      services: { a: { image: "x", volumes: ["v:/v", "e:/e", "n:/n"] } },
      volumes: { v: {}, e: { external: true }, n: { name: "custom" } },
    });
    expect(m.volumes).toEqual({ v: { name: "p_v" }, e: { name: "e", external: true }, n: { name: "custom" } });
  });

  it("turns the deprecated external.name into name + external (with a warning)", () => {
    const r = normalize({ name: "p", services: { a: { image: "x", networks: ["n"] } }, networks: { n: { external: { name: "real" } } } });
    expect(r.model!.networks!.n).toEqual({ name: "real", external: true });
    expect(r.diagnostics.map((d) => d.code)).toContain("CT0160");
  });

  it("rejects other keys beside external", () => {
    expect(errors({ name: "p", services: {}, volumes: { v: { external: true, driver: "local" } } })).toEqual(["CT0105 volumes.v"]);
  });

  it("adds dependencies implied by links, service: namespaces and volumes_from", () => {
    const m = model({
      name: "p",
      services: {
        db: { image: "x" },
        a: { image: "x", links: ["db:alias"] },
        b: { image: "x", ipc: "service:db" },
        c: { image: "x", volumes_from: ["db:ro"] },
        d: { image: "x", links: ["db"], depends_on: { db: { condition: "service_healthy" } } },
      },
    });
    expect(m.services.a!.depends_on).toEqual({ db: { condition: "service_started", restart: true, required: true } });
    expect(m.services.b!.depends_on).toEqual({ db: { condition: "service_started", restart: true, required: true } });
    expect(m.services.c!.depends_on).toEqual({ db: { condition: "service_started", required: true } });
    expect(m.services.d!.depends_on).toEqual({ db: { condition: "service_healthy", required: true } });
  });

  it("depends_on list → map with condition and required", () => {
    const m = model({ name: "p", services: { db: { image: "x" }, a: { image: "x", depends_on: ["db"] } } });
    expect(m.services.a!.depends_on).toEqual({ db: { condition: "service_started", required: true } });
  });

  it("build secrets get no default target (service secrets do)", () => {
    const m = model({
      name: "p",
      services: { a: { build: { context: ".", secrets: ["npmrc"] }, secrets: ["npmrc"] } },
      secrets: { npmrc: { file: "./npmrc" } },
    });
    expect(m.services.a!.build!.secrets).toEqual([{ source: "npmrc" }]);
    expect(m.services.a!.secrets).toEqual([{ source: "npmrc", target: "/run/secrets/npmrc" }]);
  });

  it("build string → object with the default Dockerfile; healthcheck string → CMD-SHELL", () => {
    const m = model({ name: "p", services: { a: { build: "./app", healthcheck: { test: "curl -f x" } } } });
    expect(m.services.a!.build).toEqual({ context: "./app", dockerfile: "Dockerfile" });
    expect(m.services.a!.healthcheck).toEqual({ test: ["CMD-SHELL", "curl -f x"] });
  });

  it("secrets short → long with the default target; configs keep no target", () => {
    const m = model({
      name: "p",
      services: { a: { image: "x", secrets: ["s"], configs: ["c"] } },
      secrets: { s: { file: "./s" } },
      configs: { c: { file: "./c" } },
    });
    expect(m.services.a!.secrets).toEqual([{ source: "s", target: "/run/secrets/s" }]);
    expect(m.services.a!.configs).toEqual([{ source: "c" }]);
  });

  it("a secret needs exactly one source", () => {
    expect(errors({ name: "p", services: {}, secrets: { s: {} } })).toEqual(["CT0104 secrets.s"]);
    expect(errors({ name: "p", services: {}, secrets: { s: { file: "a", environment: "B" } } })).toEqual(["CT0105 secrets.s"]);
  });

  it("an empty restart policy is the zero value: omitted, not an error", () => {
    expect(model({ name: "p", services: { a: { image: "x", restart: "" } } }).services.a).not.toHaveProperty("restart");
  });

  it("pull_policy if_not_present → missing", () => {
    expect(model({ name: "p", services: { a: { image: "x", pull_policy: "if_not_present" } } }).services.a!.pull_policy).toBe("missing");
  });

  it("copies scale into deploy.replicas when deploy is set", () => {
    const m = model({ name: "p", services: { a: { image: "x", scale: 2, deploy: { mode: "replicated" } } } });
    expect(m.services.a!.deploy).toEqual({ mode: "replicated", replicas: 2 });
  });

  it("casts typed strings as compose-go does, and keeps ${VAR} verbatim", () => {
    const m = model({ name: "p", services: { a: { image: "x", privileged: "true", scale: "${N}", read_only: "${RO:-false}" } } });
    expect(m.services.a!.privileged).toBe(true);
    expect(m.services.a!.scale).toBe("${N}");
    expect(m.services.a!.read_only).toBe("${RO:-false}");
  });

  it("reports a malformed ${ anywhere, with its path", () => {
    expect(errors({ name: "p", services: { a: { image: "x", labels: { k: "a ${oops" } } } })).toEqual(["CT0145 services.a.labels.k"]);
  });

  it("drops version with a warning", () => {
    const r = normalize({ version: "3.8", name: "p", services: { a: { image: "x" } } });
    expect(r.model).not.toHaveProperty("version");
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: "CT0160", severity: "warning", path: "version" }));
  });

  it("project name: option > name (normalized) > fallback; an invalid option is an error", () => {
    expect(model({ name: "My_Project", services: {} }).name).toBe("my_project");
    expect(model({ services: {} }, { fallbackProjectName: "MyProj.Dir" }).name).toBe("myprojdir");
    expect(model({ name: "a", services: {} }, { projectName: "b" }).name).toBe("b");
    expect(errors({ name: "a", services: {} }, { projectName: "B!" })).toEqual(["CT0130 "]);
    expect(errors({ services: {} })).toEqual(["CT0104 name"]);
  });

  it("keeps x-* extensions at every level, and rejects other unknown keys with a suggestion", () => {
    const r = normalize({ name: "p", services: { a: { image: "x", "x-k": 1, imag: "y" } } });
    expect(r.diagnostics[0]!.message).toContain('did you mean "image"?');
  });

  it("is idempotent", () => {
    const input = {
      name: "p",
      services: {
        a: { image: "x", ports: ["80:80", "9000-9001:9000-9001/udp"], volumes: ["./d:/d:ro", "v:/v"], environment: ["A=1"], depends_on: ["b"] },
        b: { image: "y", healthcheck: { test: "true", interval: "90s" }, mem_limit: "1g" },
      },
      volumes: { v: {} },
    };
    const once = model(input);
    expect(model(once)).toEqual(once);
  });

  it("a service that shares a network namespace cannot also join networks", () => {
    expect(errors({ name: "p", services: { a: { image: "x", network_mode: "host", networks: ["default"] } } })).toEqual([
      "CT0105 services.a.network_mode",
    ]);
  });
});

describe("mergeStacks", () => {
  it("applies Compose's override rules: maps merge, lists append de-duplicated, scalars replaced", () => {
    const base = {
      name: "p",
      services: { web: { image: "nginx:1.26", ports: ["8080:80"], environment: { A: "1", B: "2" }, command: ["a", "b"] } },
    };
    const merged = mergeStacks(base, {
      services: { web: { image: "nginx:1.27", ports: ["8080:80", "8443:443"], environment: ["B=3"], command: ["c"] } },
    });
    const m = model(merged);
    expect(m.services.web!.image).toBe("nginx:1.27");
    expect(m.services.web!.ports!.map((p) => p.published)).toEqual(["8080", "8443"]);
    expect(m.services.web!.environment).toEqual({ A: "1", B: "3" });
    expect(m.services.web!.command).toEqual(["c"]);
    expect(base.services.web.image).toBe("nginx:1.26");
  });
});
