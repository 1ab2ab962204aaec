import { describe, expectTypeOf, test } from "vitest";
import {
  defineStack,
  type DependsOn,
  type Healthcheck,
  type MergedStack,
  type Port,
  type Service,
  type ServiceVolume,
  type Stack,
  type StackExport,
  type StackFactory,
  type StackInput,
  type StackNames,
} from "../../src/dsl/index.js";

describe("valid stacks", () => {
  test("the README example infers every declared name", () => {
    const stack = defineStack({
      name: "shop",
      services: {
        db: { image: "postgres:16", healthcheck: { test: ["CMD", "pg_isready"], interval: "5s" } },
        web: { image: "nginx:1.27", ports: ["8080:80"], depends_on: { db: { condition: "service_healthy" } } },
      },
      volumes: { pgdata: {} },
    });
    expectTypeOf(stack).toEqualTypeOf<Stack<"db" | "web", never, "pgdata", never, never, never>>();
    expectTypeOf(stack).toMatchTypeOf<StackInput>();
  });

  test("every short and long form compiles", () => {
    defineStack({
      name: "forms",
      version: "3.8",
      include: ["./other/compose.yaml", { path: ["a.yaml", "b.yaml"], env_file: ".env", project_directory: "." }],
      services: {
        db: {
          image: "postgres:16",
          command: "postgres -c fsync=off",
          entrypoint: ["docker-entrypoint.sh"],
          environment: { POSTGRES_PASSWORD: "pw", PORT: 5432, DEBUG: false, FROM_SHELL: null },
          healthcheck: { test: "pg_isready", retries: 5, start_period: "10s", start_interval: "1s", timeout: "3s" },
          volumes: [
            "pgdata:/var/lib/postgresql/data",
            "pgdata:/backup:ro,nocopy",
            "./init:/docker-entrypoint-initdb.d:ro",
            "/abs/path:/x",
            "~/home:/h",
            "${DATA_DIR}:/data",
            "/anonymous",
            "C:\\data:/data",
            { type: "volume", source: "pgdata", target: "/v", read_only: true, volume: { nocopy: true, subpath: "x" } },
            { type: "volume", target: "/anon" },
            { type: "bind", source: "/etc/localtime", target: "/etc/localtime", bind: { propagation: "rshared", create_host_path: false, selinux: "z", recursive: "readonly" } },
            { type: "tmpfs", target: "/tmp", tmpfs: { size: "64m", mode: 0o1777 } },
            { type: "image", source: "alpine:3", target: "/img", image: { subpath: "etc" } },
            { type: "npipe", source: "\\\\.\\pipe\\docker_engine", target: "\\\\.\\pipe\\docker_engine" },
            { type: "cluster", source: "group:data", target: "/c" },
          ],
          secrets: ["dbpass", { source: "dbpass", target: "pw", uid: "999", gid: "999", mode: 0o400 }],
          configs: ["pgconf", { source: "pgconf", target: "/etc/pg.conf", mode: "0440" }],
          networks: { back: { aliases: ["database"], ipv4_address: "172.28.0.5", priority: 10, gw_priority: 1 }, default: null },
          ulimits: { nofile: { soft: 20000, hard: 40000 }, nproc: 65535, memlock: -1 },
          restart: "on-failure:3",
          pull_policy: "every_12h",
          deploy: {
            mode: "replicated",
            replicas: 2,
            resources: {
              limits: { cpus: "0.5", memory: "512m", pids: 100 },
              reservations: { cpus: 0.25, memory: "128m", devices: [{ capabilities: ["gpu"], count: "all", driver: "nvidia" }], generic_resources: [{ discrete_resource_spec: { kind: "GPU", value: 1 } }] },
            },
            restart_policy: { condition: "on-failure", delay: "5s", max_attempts: 3, window: "2m" },
            update_config: { parallelism: 1, delay: "10s", order: "start-first", failure_action: "rollback", max_failure_ratio: 0.1, monitor: "30s" },
            rollback_config: { parallelism: 0, order: "stop-first" },
            placement: { constraints: ["node.role==manager"], preferences: [{ spread: "node.labels.zone" }], max_replicas_per_node: 1 },
            labels: ["a=b"],
            endpoint_mode: "dnsrr",
          },
        },
        web: {
          build: { context: "./web", dockerfile: "Dockerfile.prod", args: ["VERSION=1", "FROM_ENV"], target: "prod", secrets: ["dbpass"], ssh: ["default"], cache_from: ["web:cache"], no_cache_filter: "deps", extra_hosts: { "a.local": "10.0.0.1" }, ulimits: { nofile: 1024 }, pull: true, shm_size: 1_000_000, provenance: "mode=max", sbom: true, platforms: ["linux/amd64"] },
          image: "shop/web:latest",
          ports: [80, "8080:80", "127.0.0.1:8443:443/tcp", "9000-9002:9000-9002", { target: 80, published: 8081, protocol: "tcp", mode: "host", host_ip: "0.0.0.0", app_protocol: "http", name: "web" }, { target: "53", published: "53", protocol: "udp" }],
          environment: ["NODE_ENV=production", "SECRET"],
          env_file: [".env", { path: ".env.local", required: false, format: "raw" }],
          depends_on: ["db"],
          networks: ["front", "back"],
          command: ["node", "server.js"],
          extra_hosts: ["host.docker.internal:host-gateway"],
          links: ["db", "db:database"],
          volumes_from: ["db", "db:ro", "container:legacy", "container:legacy:rw"],
          labels: { "com.example.tier": "web" },
          logging: { driver: "json-file", options: { "max-size": "10m", "max-file": 3 } },
          healthcheck: { test: ["CMD-SHELL", "curl -f http://localhost || exit 1"], interval: "30s" },
          restart: "unless-stopped",
          privileged: "${PRIVILEGED:-false}",
          scale: "${WEB_SCALE}",
          cpus: 1.5,
          mem_limit: "1g",
          expose: [3000, "3001"],
          dns: "8.8.8.8",
          dns_search: ["example.com"],
          tmpfs: "/run",
          cap_add: ["NET_ADMIN", "CAP_SOMETHING_NEW"],
          cap_drop: ["ALL"],
          gpus: "all",
          models: ["llm"],
          post_start: [{ command: "echo started", user: "root" }],
          pre_stop: [{ command: ["sh", "-c", "sleep 1"], environment: { X: 1 } }],
          pre_start: [{ image: "busybox", command: "true", per_replica: true }],
          develop: { watch: [{ path: "./src", action: "sync+restart", target: "/app/src", ignore: "node_modules", initial_sync: true }, { path: "package.json", action: "rebuild" }] },
        },
        worker: {
          build: "./worker",
          depends_on: {
            db: { condition: "service_started", restart: true, required: false },
            web: { condition: "service_completed_successfully" },
          },
          network_mode: "service:web",
          ipc: "service:db",
          pid: "host",
          extends: "web",
          models: { llm: { endpoint_var: "LLM_URL", model_var: "LLM_MODEL" } },
          devices: ["/dev/ttyUSB0:/dev/ttyUSB0", { source: "/dev/sda", permissions: "r" }],
          gpus: [{ driver: "nvidia", count: 1, capabilities: ["gpu"] }],
          blkio_config: { weight: 300, weight_device: [{ path: "/dev/sda", weight: 400 }], device_read_bps: [{ path: "/dev/sda", rate: "12mb" }], device_write_iops: [{ path: "/dev/sda", rate: 30 }] },
          command: null,
          provider: { type: "model", options: { model: "ai/smollm2", flags: ["a", 1, true] } },
          use_api_socket: true,
          cgroup: "private",
          userns_mode: "host",
          uts: "host",
          sysctls: { "net.core.somaxconn": 1024 },
          storage_opt: { size: "20G" },
          credential_spec: { file: "spec.json" },
          stop_signal: "SIGINT",
          stop_grace_period: "1m30s",
        },
        other: { extends: { service: "web" } },
        fromFile: { extends: { service: "anything", file: "./base.yaml" }, network_mode: "container:abc" },
        host: { network_mode: "host", restart: "no" },
        none: { network_mode: "none", restart: "${RESTART_POLICY}" },
      },
      networks: { front: {}, back: { driver: "bridge", ipam: { config: [{ subnet: "172.28.0.0/16" }] }, internal: true }, ext: { external: true, name: "shared" }, nul: null },
      volumes: { pgdata: { driver: "local", driver_opts: { type: "nfs", o: "addr=10.0.0.1" } }, empty: null, old: { external: { name: "legacy" } } },
      secrets: { dbpass: { file: "./secrets/db.txt" }, token: { environment: "TOKEN" } },
      configs: { pgconf: { content: "max_connections=100" }, other: { file: "./c.conf" } },
      models: { llm: { model: "ai/smollm2", context_size: 4096, runtime_flags: ["--verbose"] } },
      host: {
        docker: {
          daemonSettings: { "log-driver": "journald", "live-restore": true, "default-address-pools": [{ base: "10.10.0.0/16", size: 24 }], "some-new-key": [1, 2] },
          rootless: { enable: true, setSocketVariable: true },
          users: ["alice"],
          autoPrune: { enable: true, dates: "weekly", flags: ["--all"] },
          runtime: "podman",
        },
      },
    });
  });

  test("x-* keys compile at every level that allows them", () => {
    defineStack({
      "x-common": { restart: "always" },
      services: {
        a: { image: "x", "x-note": 1, healthcheck: { test: "true", "x-h": 1 }, ports: [{ target: 1, "x-p": true }] },
      },
      networks: { n: { "x-net": "y" } },
      volumes: { v: { "x-vol": [1] } },
      secrets: { s: { file: "f", "x-s": 1 } },
      configs: { c: { file: "f", "x-c": 1 } },
      models: { m: { model: "ai/x", "x-m": 1 } },
    });
  });

  test("a stack file may default-export a (sync or async) function", () => {
    const sync = () => defineStack({ services: { a: { image: "x" } } });
    const async = async () => defineStack({ services: { a: { image: "x", depends_on: ["b"] }, b: { image: "y" } } });
    expectTypeOf(sync).toMatchTypeOf<StackFactory>();
    expectTypeOf(async).toMatchTypeOf<StackFactory>();
    expectTypeOf(async).toMatchTypeOf<StackExport>();
    expectTypeOf<StackInput>().toMatchTypeOf<StackExport>();
  });

  test("reused pieces keep their literal types with `as const` or `satisfies`", () => {
    const base = { image: "node:22", depends_on: ["db"] } as const;
    const web = { image: "web", depends_on: { db: { condition: "service_healthy" } } } satisfies Service<"db" | "web">;
    defineStack({ services: { db: { image: "pg" }, api: base, web } });
  });

  test("services annotated with `Service` (or returned by a helper typed so) fit any stack", () => {
    const db: Service = { image: "postgres:16", volumes: ["pgdata:/var/lib/postgresql/data"], restart: "always" };
    const web: Service = { image: "nginx", depends_on: ["db"] };
    const pg = (v: string): Service => ({ image: `postgres:${v}`, healthcheck: { test: ["CMD", "pg_isready"] } });
    defineStack({ services: { db, web }, volumes: { pgdata: {} } });
    // no other service, no volume, no secret declared: the unchecked names still fit
    defineStack({ services: { db } });
    defineStack({ services: { main: pg("16"), side: { image: "x", depends_on: { main: { condition: "service_healthy" } } } } });
    // spread and extended, as in `{ ...node("jobs.js"), depends_on: ["api"] }`
    defineStack({ services: { db: { ...pg("16"), depends_on: ["web"], volumes: ["pgdata:/x"] }, web: { ...web, links: ["db"] } }, volumes: { pgdata: {} } });
    const partly: Service<"db"> = { depends_on: ["db"] };
    defineStack({ services: { db: {}, partly } });
    // keys are still checked on the annotated value
    // @ts-expect-error "imgae" is not a service key
    const typo: Service = { imgae: "x" };
    expectTypeOf(typo).toMatchTypeOf<Service>();
  });

  test("conditionally spread services and resources are declared", () => {
    const ci = Math.random() > 0.5;
    const stack = defineStack({
      services: {
        app: { image: "app", volumes: ["data:/d"] },
        ...(ci ? { tests: { image: "app", depends_on: ["app"] } } : {}),
        ...(ci ? {} : { adminer: { image: "adminer", networks: ["admin"], depends_on: ["tests"] } }),
      },
      networks: { ...(ci ? {} : { admin: {} }) },
      volumes: { data: {}, ...(ci ? { cache: {} } : {}) },
    });
    expectTypeOf(stack).toEqualTypeOf<Stack<"app" | "tests" | "adminer", "admin", "data" | "cache", never, never, never>>();
    // a conditionally spread service is checked like any other
    // @ts-expect-error "ap" is not a service
    defineStack({ services: { app: {}, ...(ci ? { tests: { depends_on: ["ap"] } } : {}) } });
  });

  test("escape hatches when names come from elsewhere (include, generated stacks)", () => {
    const explicit = defineStack<string, string, string, string, string, string>({
      services: { a: { depends_on: ["from-include"], networks: ["shared"] } },
    });
    expectTypeOf(explicit).toEqualTypeOf<StackInput>();
    const loose: StackInput = { services: { a: { depends_on: ["from-include"], volumes: ["anything:/x"] } } };
    expectTypeOf(loose).toMatchTypeOf<StackExport>();
    // unknown keys are still errors in the loose form
    // @ts-expect-error "imgae" is not a service key
    const typo: StackInput = { services: { a: { imgae: "x" } } };
    expectTypeOf(typo).toMatchTypeOf<StackInput>();
  });

  test("helper types", () => {
    expectTypeOf<"8080:80">().toMatchTypeOf<Port>();
    expectTypeOf<80>().toMatchTypeOf<Port>();
    expectTypeOf<"data:/x">().toMatchTypeOf<ServiceVolume<"data">>();
    expectTypeOf<"datum:/x">().not.toMatchTypeOf<ServiceVolume<"data">>();
    expectTypeOf<readonly ["a"]>().toMatchTypeOf<DependsOn<"a" | "b">>();
    expectTypeOf<{ interval: "5s" }>().toMatchTypeOf<Healthcheck>();
    type A = Stack<"a", "n", never, never, never, never>;
    type B = Stack<"b", never, "v", never, never, never>;
    expectTypeOf<StackNames<A | B>["services"]>().toEqualTypeOf<"a" | "b">();
    expectTypeOf<MergedStack<A | B>>().toEqualTypeOf<Stack<"a" | "b", "n", "v", never, never, never>>();
  });
});

describe("references are checked against declared names", () => {
  test("depends_on list", () => {
    // @ts-expect-error "dbb" is not a service
    defineStack({ services: { db: {}, web: { depends_on: ["dbb"] } } });
  });

  test("a reference where nothing is declared (the only service, no volumes section)", () => {
    // @ts-expect-error a service cannot depend on itself
    defineStack({ services: { web: { depends_on: ["web"] } } });
    // @ts-expect-error nor name itself in the map form
    defineStack({ services: { web: { depends_on: { web: { condition: "service_started" } } } } });
    // @ts-expect-error no volume is declared
    defineStack({ services: { db: { volumes: ["pgdata:/x"] } } });
    // @ts-expect-error no secret is declared
    defineStack({ services: { db: { secrets: ["token"] } } });
    defineStack({ services: { db: { volumes: ["./data:/x", "/anon"] } } });
  });

  test("depends_on map", () => {
    // @ts-expect-error "dbb" is not a service
    defineStack({ services: { db: {}, web: { depends_on: { dbb: { condition: "service_started" } } } } });
  });

  test("depends_on condition", () => {
    // @ts-expect-error "service_ready" is not a condition
    defineStack({ services: { db: {}, web: { depends_on: { db: { condition: "service_ready" } } } } });
  });

  test("service networks (list and map)", () => {
    // @ts-expect-error "frnt" is not a declared network
    defineStack({ services: { web: { networks: ["frnt"] } }, networks: { front: {} } });
    // @ts-expect-error "frnt" is not a declared network
    defineStack({ services: { web: { networks: { frnt: {} } } }, networks: { front: {} } });
    // the implicit default network needs no declaration
    defineStack({ services: { web: { networks: ["default"] } } });
  });

  test("long-form volume source of type volume", () => {
    // @ts-expect-error "pgdta" is not a declared volume
    defineStack({ services: { db: { volumes: [{ type: "volume", source: "pgdta", target: "/x" }] } }, volumes: { pgdata: {} } });
  });

  test("short-form volume source", () => {
    // @ts-expect-error "pgdta" is neither a declared volume nor a path
    defineStack({ services: { db: { volumes: ["pgdta:/x"] } }, volumes: { pgdata: {} } });
  });

  test("options of another mount type", () => {
    // @ts-expect-error bind options on a volume mount
    defineStack({ services: { db: { volumes: [{ type: "volume", source: "v", target: "/x", bind: { selinux: "z" } }] } }, volumes: { v: {} } });
  });

  test("secrets (short and long)", () => {
    // @ts-expect-error "tokn" is not a declared secret
    defineStack({ services: { a: { secrets: ["tokn"] } }, secrets: { token: { file: "t" } } });
    // @ts-expect-error "tokn" is not a declared secret
    defineStack({ services: { a: { secrets: [{ source: "tokn" }] } }, secrets: { token: { file: "t" } } });
    // @ts-expect-error "tokn" is not a declared secret
    defineStack({ services: { a: { build: { secrets: ["tokn"] } } }, secrets: { token: { file: "t" } } });
  });

  test("configs (short and long)", () => {
    // @ts-expect-error "conf" is not a declared config
    defineStack({ services: { a: { configs: ["conf"] } }, configs: { cfg: { file: "c" } } });
    // @ts-expect-error "conf" is not a declared config
    defineStack({ services: { a: { configs: [{ source: "conf" }] } }, configs: { cfg: { file: "c" } } });
  });

  test("volumes_from", () => {
    // @ts-expect-error "dbb" is not a service
    defineStack({ services: { db: {}, a: { volumes_from: ["dbb"] } } });
    // @ts-expect-error "xx" is not an access mode
    defineStack({ services: { db: {}, a: { volumes_from: ["db:xx"] } } });
  });

  test("links", () => {
    // @ts-expect-error "dbb" is not a service
    defineStack({ services: { db: {}, a: { links: ["dbb:alias"] } } });
  });

  test("network_mode service", () => {
    // @ts-expect-error "wbe" is not a service
    defineStack({ services: { web: {}, a: { network_mode: "service:wbe" } } });
    // @ts-expect-error not a network mode
    defineStack({ services: { web: {}, a: { network_mode: "hots" } } });
  });

  test("ipc / pid service", () => {
    // @ts-expect-error "wbe" is not a service
    defineStack({ services: { web: {}, a: { ipc: "service:wbe" } } });
    // @ts-expect-error "wbe" is not a service
    defineStack({ services: { web: {}, a: { pid: "service:wbe" } } });
  });

  test("extends.service", () => {
    // @ts-expect-error "bse" is not a service
    defineStack({ services: { base: {}, a: { extends: { service: "bse" } } } });
    // @ts-expect-error "bse" is not a service
    defineStack({ services: { base: {}, a: { extends: "bse" } } });
  });

  test("service models", () => {
    // @ts-expect-error "lm" is not a declared model
    defineStack({ services: { a: { models: ["lm"] } }, models: { llm: { model: "ai/x" } } });
  });
});

describe("unknown keys and values are errors", () => {
  test("unknown key in a service", () => {
    // @ts-expect-error "imgae" is not a service key
    defineStack({ services: { db: { imgae: "postgres" } } });
  });

  test("unknown key in a healthcheck", () => {
    // @ts-expect-error "intervall" is not a healthcheck key
    defineStack({ services: { db: { healthcheck: { intervall: "5s" } } } });
  });

  test("unknown top-level key", () => {
    // @ts-expect-error "service" is not a top-level key
    defineStack({ service: {} });
  });

  test("unknown key in network, volume, deploy, host", () => {
    // @ts-expect-error "drivr" is not a network key
    defineStack({ networks: { n: { drivr: "bridge" } } });
    // @ts-expect-error "drivr" is not a volume key
    defineStack({ volumes: { v: { drivr: "local" } } });
    // @ts-expect-error "replica" is not a deploy key
    defineStack({ services: { a: { deploy: { replica: 2 } } } });
    // @ts-expect-error "dockr" is not a host key
    defineStack({ host: { dockr: {} } });
  });

  test("enum values", () => {
    // @ts-expect-error not a restart policy
    defineStack({ services: { a: { restart: "sometimes" } } });
    // @ts-expect-error not a pull policy
    defineStack({ services: { a: { pull_policy: "sometimes" } } });
    // @ts-expect-error not a protocol
    defineStack({ services: { a: { ports: [{ target: 80, protocol: "icmp" }] } } });
    // @ts-expect-error not a mount type
    defineStack({ services: { a: { volumes: [{ type: "nfs", source: "x", target: "/x" }] } } });
    // @ts-expect-error not a healthcheck test form
    defineStack({ services: { a: { healthcheck: { test: ["CMDD", "true"] } } } });
    // @ts-expect-error not a runtime
    defineStack({ host: { docker: { runtime: "containerd" } } });
  });

  test("booleans and numbers take strings only as ${VAR} interpolations", () => {
    // @ts-expect-error a string without "$" is not a boolean
    defineStack({ services: { a: { privileged: "yes" } } });
    // @ts-expect-error a string without "$" is not a number
    defineStack({ services: { a: { scale: "two" } } });
  });

  test("a resource the stack does not declare in a dynamic string", () => {
    const name: string = "pgdata";
    // @ts-expect-error a widened string cannot be checked, so it is refused; use a literal or the long form
    defineStack({ services: { db: { volumes: [`${name}:/x`] } }, volumes: { pgdata: {} } });
  });
});
