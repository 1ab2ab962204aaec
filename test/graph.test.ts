import path from "node:path";
import { describe, expect, test } from "vitest";
import { registerGraph } from "../src/cli/graph.js";
import { emitGraph } from "../src/emit/graph.js";
import type { Project } from "../src/model/index.js";
import { ROOT } from "./helpers/paths.js";
import { runCommand } from "./helpers/register.js";

const model: Project = {
  name: "shop",
  services: {
    web: {
      image: "nginx:1.27",
      depends_on: { db: { condition: "service_healthy", required: true }, cache: { condition: "service_started", required: false } },
      networks: { front: null, back: null },
    } as Project["services"][string],
    db: {
      image: "postgres:16",
      networks: { back: null },
      volumes: [{ type: "volume", source: "pgdata", target: "/var/lib/postgresql/data" }, { type: "bind", source: "./init", target: "/init" }],
    } as Project["services"][string],
    cache: { image: 'redis"7' } as Project["services"][string],
  },
  networks: { back: {}, front: {} },
  volumes: { pgdata: {} },
};

describe("emitGraph", () => {
  test("mermaid: services, labelled depends_on edges (optional ones dotted), networks, named volumes", () => {
    expect(emitGraph(model, { format: "mermaid" })).toBe(
      [
        "flowchart LR",
        "  %% shop",
        '  s0["cache<br/><small>redis#quot;7</small>"]',
        '  s1["db<br/><small>postgres:16</small>"]',
        '  s2["web<br/><small>nginx:1.27</small>"]',
        '  n0{{"network: back"}}',
        '  n1{{"network: front"}}',
        '  v0[("volume: pgdata")]',
        '  s2 -.->|"service_started"| s0',
        '  s2 -->|"service_healthy"| s1',
        "  s1 --- n0",
        "  s2 --- n0",
        "  s2 --- n1",
        '  s1 -.-|"/var/lib/postgresql/data"| v0',
        "",
      ].join("\n"),
    );
  });

  test("dot: the same graph for Graphviz", () => {
    const dot = emitGraph(model, { format: "dot" });
    expect(dot).toMatch(/^digraph "shop" \{\n  rankdir=LR;/);
    expect(dot).toContain('  s1 [label="db\\npostgres:16", shape=box, style=rounded];');
    expect(dot).toContain('  s2 -> s1 [label="service_healthy"];');
    expect(dot).toContain('  s2 -> s0 [label="service_started", style=dashed];');
    expect(dot).toContain('  v0 [label="pgdata", shape=cylinder];');
    expect(dot).toContain('  s1 -> v0 [label="/var/lib/postgresql/data", arrowhead=none, style=dotted];');
    expect(dot.endsWith("}\n")).toBe(true);
  });
});

describe("compose-ts graph", () => {
  test("draws an example stack", async () => {
    const r = await runCommand(registerGraph, ["graph", "examples/web-db-cache/stack.ts"], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    expect(r.stdout).toContain('s0["app<br/><small>shop/app:1.4.2</small>"]');
    expect(r.stdout).toContain('s0 -->|"service_healthy"| s2');
    expect(r.stdout).toContain('v0[("volume: pgdata")]');
  });

  test("an invalid stack prints located errors and exits 1", async () => {
    const r = await runCommand(registerGraph, ["graph", path.join("test/fixtures/err-unknown-service/stack.ts")], ROOT);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/stack\.ts:10:20 error CT0102/);
  });
});
