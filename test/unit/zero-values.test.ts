import { describe, expect, it } from "vitest";
import { normalize } from "../../src/normalize/index.js";

/**
 * compose-go prints non-pointer fields `omitempty`: `docker compose config` drops `privileged: false`,
 * `cap_add: []`, `labels: {}`… but prints the pointer fields' zeros (`init: false`, `scale: 0`,
 * `command: []`, `healthcheck.retries: 0`).
 */
function model(input: unknown) {
  const r = normalize(input);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.model!;
}

describe("zero values (omitempty)", () => {
  it("drops plain-field zeros of a service and keeps pointer-field zeros", () => {
    const m = model({
      name: "p",
      services: {
        a: {
          image: "x",
          privileged: false,
          tty: "false",
          read_only: false,
          stdin_open: false,
          oom_kill_disable: false,
          cpu_shares: 0,
          cpus: "0",
          pids_limit: 0,
          hostname: "",
          cap_add: [],
          dns: [],
          labels: {},
          environment: [],
          sysctls: {},
          mem_limit: 0,
          shm_size: "0",
          init: false,
          attach: false,
          scale: 0,
          command: [],
          entrypoint: "",
          healthcheck: { test: ["CMD", "true"], retries: 0, disable: false },
        },
      },
    });
    expect(m.services.a).toEqual({
      attach: false,
      command: [],
      entrypoint: [],
      healthcheck: { test: ["CMD", "true"], retries: 0 },
      image: "x",
      init: false,
      networks: { default: null },
      scale: 0,
    });
  });

  it("an empty networks list joins the default network, as compose-go does for an empty map", () => {
    const m = model({ name: "p", services: { a: { image: "x", networks: [] } } });
    expect(m.services.a!.networks).toEqual({ default: null });
    expect(m.networks).toEqual({ default: { name: "p_default" } });
  });

  it("drops zeros of service network entries and of top-level resources, keeping enable_ipv6: false", () => {
    const m = model({
      name: "p",
      services: { a: { image: "x", networks: { n: { aliases: [], priority: 0 } } } },
      networks: { n: { internal: false, attachable: false, labels: [], enable_ipv6: false } },
    });
    expect(m.services.a!.networks).toEqual({ n: null });
    expect(m.networks).toEqual({ n: { name: "p_n", enable_ipv6: false } });
  });
});
