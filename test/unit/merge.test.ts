import { describe, expect, it } from "vitest";
import { parseComposeYaml } from "../../src/load/compose/yaml.js";
import { Override, Reset, enforceUnicity, mergeComposeDocuments } from "../../src/normalize/merge.js";

function y(text: string): Record<string, unknown> {
  const r = parseComposeYaml(text, "t.yml");
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** Merges two YAML documents and returns `services.web`. */
function web(base: string, override: string): Record<string, unknown> {
  const out = mergeComposeDocuments(y(`services:\n  web:\n${indent(base)}`), y(`services:\n  web:\n${indent(override)}`));
  return (out as { services: { web: Record<string, unknown> } }).services.web;
}

function indent(s: string): string {
  return s
    .split("\n")
    .map((l) => (l ? `    ${l}` : l))
    .join("\n");
}

describe("general rules", () => {
  it("merges mappings recursively, the later scalar wins", () => {
    expect(web("image: a\ndeploy:\n  replicas: 1\n  mode: global", "image: b\ndeploy:\n  replicas: 2")).toEqual({
      image: "b",
      deploy: { replicas: 2, mode: "global" },
    });
  });

  it("appends sequences", () => {
    expect(web("cap_add: [NET_ADMIN]\nsecurity_opt: [a]", "cap_add: [SYS_TIME]\nsecurity_opt: [b]")).toEqual({
      cap_add: ["NET_ADMIN", "SYS_TIME"],
      security_opt: ["a", "b"],
    });
  });

  it("keeps the base where the override is null", () => {
    expect(web("image: a", "image:")).toEqual({ image: "a" });
  });

  it("does not modify its inputs", () => {
    const base = { services: { web: { ports: ["80:80"], environment: { A: "1" } } } };
    const over = { services: { web: { ports: ["81:81"], environment: { B: "2" } } } };
    const copy = structuredClone([base, over]);
    mergeComposeDocuments(base, over);
    expect([base, over]).toEqual(copy);
  });

  it("works on plain TypeScript objects", () => {
    const out = mergeComposeDocuments(
      { services: { web: { image: "a", environment: { A: 1 } } } },
      { services: { web: { environment: ["B=2"] }, db: { image: "pg" } } },
    );
    expect(out).toEqual({ services: { web: { image: "a", environment: ["A=1", "B=2"] }, db: { image: "pg" } } });
  });
});

describe("unicity: a later duplicate replaces the earlier one in place", () => {
  it("ports by host_ip:published:target/protocol, short and long forms alike", () => {
    expect(
      web(
        'ports: ["8080:80", "9090:90", "127.0.0.1:5000:5000"]',
        'ports:\n  - target: 80\n    published: "8080"\n    mode: host\n  - "9090:90/udp"\n  - "5000:5000"',
      ).ports,
    ).toEqual([
      { target: 80, published: "8080", mode: "host" },
      "9090:90",
      "127.0.0.1:5000:5000",
      "9090:90/udp",
      "5000:5000",
    ]);
  });

  it("volumes and devices by target", () => {
    const w = web("volumes: [./a:/data, logs:/logs]\ndevices: [/dev/a:/dev/x]", "volumes: [./b:/data:ro]\ndevices: ['/dev/b:/dev/x:rwm']");
    expect(w.volumes).toEqual(["./b:/data:ro", "logs:/logs"]);
    expect(w.devices).toEqual(["/dev/b:/dev/x:rwm"]);
  });

  it("long-form volumes by target", () => {
    expect(web("volumes:\n  - {type: bind, source: ./a, target: /d}", "volumes:\n  - {type: volume, source: v, target: /d}").volumes).toEqual([
      { type: "volume", source: "v", target: "/d" },
    ]);
  });

  it("secrets by target, defaulting to /run/secrets/<source>; configs to /<source>", () => {
    const w = web(
      "secrets: [a, b]\nconfigs: [c]",
      "secrets:\n  - source: x\n    target: /run/secrets/a\nconfigs:\n  - source: c\n    mode: 0440",
    );
    expect(w.secrets).toEqual([{ source: "x", target: "/run/secrets/a" }, "b"]);
    expect(w.configs).toEqual([{ source: "c", mode: 0o440 }]);
  });

  it("environment, labels and other K=V lists by key; expose, env_file and profiles by value", () => {
    const w = web(
      "environment: [A=1, B=2]\nexpose: ['80', 81]\nenv_file: [a.env, b.env]\nprofiles: [x]",
      "environment: [A=3]\nexpose: [80]\nenv_file:\n  - path: a.env\n    required: false\nprofiles: [x, y]",
    );
    expect(w.environment).toEqual(["A=3", "B=2"]);
    expect(w.expose).toEqual([80, 81]);
    expect(w.env_file).toEqual([{ path: "a.env", required: false }, "b.env"]);
    expect(w.profiles).toEqual(["x", "y"]);
  });

  it("applies within a single document too", () => {
    expect(enforceUnicity({ services: { web: { ports: ["80:80", "80:80"], dns: ["1.1.1.1", "1.1.1.1"] } } })).toEqual({
      services: { web: { ports: ["80:80"], dns: ["1.1.1.1"] } },
    });
  });
});

describe("list and map forms", () => {
  it("converts environment/labels maps to sorted K=V lists before appending", () => {
    const w = web("environment:\n  B: 2\n  A:\nlabels: [x=1]", "environment: [C=3]\nlabels:\n  y: '2'");
    expect(w.environment).toEqual(["A", "B=2", "C=3"]);
    expect(w.labels).toEqual(["x=1", "y=2"]);
  });

  it("keeps a map form untouched when only one side has the key", () => {
    expect(web("environment:\n  A: 1", "image: x").environment).toEqual({ A: 1 });
  });

  it("converts depends_on lists to maps with service_started defaults", () => {
    expect(web("depends_on: [db]", "depends_on:\n  cache:\n    condition: service_healthy").depends_on).toEqual({
      db: { condition: "service_started", required: true },
      cache: { condition: "service_healthy" },
    });
  });

  it("converts networks lists to maps and merges their settings", () => {
    expect(web("networks: [front, back]", "networks:\n  back:\n    aliases: [b]").networks).toEqual({ front: null, back: { aliases: ["b"] } });
    expect(web("networks:\n  n:\n    aliases: [a, b]", "networks:\n  n:\n    aliases: [b, c]").networks).toEqual({
      n: { aliases: ["a", "b", "c"] },
    });
  });

  it("turns a build string into a context before merging", () => {
    expect(web("build: ./app", "build:\n  target: prod").build).toEqual({ context: "./app", target: "prod" });
  });
});

describe("replaced, not merged", () => {
  it("command, entrypoint and healthcheck.test", () => {
    const w = web(
      "command: [a, b]\nentrypoint: [x]\nhealthcheck:\n  test: [CMD, a]\n  interval: 5s",
      "command: [c]\nentrypoint: /bin/sh\nhealthcheck:\n  test: [CMD, b]",
    );
    expect(w.command).toEqual(["c"]);
    expect(w.entrypoint).toBe("/bin/sh");
    expect(w.healthcheck).toEqual({ test: ["CMD", "b"], interval: "5s" });
  });

  it("ulimits.<name>", () => {
    expect(web("ulimits:\n  nofile: {soft: 1, hard: 2}\n  nproc: 3", "ulimits:\n  nofile: {soft: 5}").ulimits).toEqual({
      nofile: { soft: 5 },
      nproc: 3,
    });
  });

  it("logging: merged with the same (or no) driver, replaced by another driver", () => {
    expect(
      web("logging:\n  driver: json-file\n  options: {max-size: 1m}", "logging:\n  options: {max-file: '3'}").logging,
    ).toEqual({ driver: "json-file", options: { "max-size": "1m", "max-file": "3" } });
    expect(
      web("logging:\n  driver: json-file\n  options: {max-size: 1m}", "logging:\n  driver: syslog\n  options: {tag: x}").logging,
    ).toEqual({ driver: "syslog", options: { tag: "x" } });
  });
});

describe("extra_hosts", () => {
  it("is a union without duplicates", () => {
    expect(web("extra_hosts: ['a=1.1.1.1', 'b=2.2.2.2']", "extra_hosts:\n  a: 1.1.1.1\n  c: 3.3.3.3").extra_hosts).toEqual([
      "a=1.1.1.1",
      "b=2.2.2.2",
      "c=3.3.3.3",
    ]);
  });
});

describe("networks.*.ipam.config", () => {
  it("merges entries by subnet and appends new subnets", () => {
    const out = mergeComposeDocuments(
      y("networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          gateway: 10.0.0.1\n        - subnet: 10.1.0.0/24\n"),
      y("networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          ip_range: 10.0.0.128/25\n        - subnet: 10.2.0.0/24\n"),
    );
    expect(out).toEqual({
      networks: {
        n: {
          ipam: {
            config: [
              { subnet: "10.0.0.0/24", gateway: "10.0.0.1", ip_range: "10.0.0.128/25" },
              { subnet: "10.1.0.0/24" },
              { subnet: "10.2.0.0/24" },
            ],
          },
        },
      },
    });
  });
});

describe("!reset and !override", () => {
  it("!reset removes the key from earlier documents", () => {
    expect(web("image: a\ncommand: x\nports: ['80:80']", "command: !reset\nports: !reset []")).toEqual({ image: "a" });
  });

  it("!reset of a key inside a map-form attribute removes just that key", () => {
    expect(web("environment:\n  A: 1\n  B: 2", "environment:\n  A: !reset").environment).toEqual(["B=2"]);
  });

  it("!override replaces instead of merging", () => {
    const w = web("ports: ['80:80']\nenvironment: [A=1]\ndepends_on: [db]", "ports: !override ['81:81']\nenvironment: !override\n  B: 2\ndepends_on: !override [cache]");
    expect(w).toEqual({ ports: ["81:81"], environment: { B: 2 }, depends_on: ["cache"] });
  });

  it("removes the markers from the result, unless asked to keep them", () => {
    const base = { services: { web: { image: "a" } } };
    const over = { services: { web: { command: Reset.instance, ports: new Override(["1:1"]) }, db: { image: Reset.instance } } };
    expect(mergeComposeDocuments(base, over)).toEqual({ services: { web: { image: "a", ports: ["1:1"] }, db: {} } });
    const kept = mergeComposeDocuments(base, over, { keepMarkers: true }) as { services: { web: Record<string, unknown> } };
    expect(kept.services.web.command).toBe(Reset.instance);
    expect(kept.services.web.ports).toBeInstanceOf(Override);
    // Applying the kept markers later has the same effect as applying them directly.
    const earlier = { services: { web: { image: "z", command: "c", ports: ["2:2"] } } };
    expect(mergeComposeDocuments(earlier, kept)).toEqual({ services: { web: { image: "a", ports: ["1:1"] }, db: {} } });
  });

  it("drops !reset elements of a sequence without touching earlier documents", () => {
    expect(web("dns: [a]", "dns: [b, !reset c]").dns).toEqual(["a", "b"]);
  });
});
