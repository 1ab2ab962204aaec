// Large stacks (issue 12): `build` of 1000 services written as stack.ts and as compose YAML,
// `to-nix --target arion` of 1000, and `build` of 5000 — whole processes, median of runs, with
// peak RSS, against `node -e 0` measured in the same run. NODE_EXTRA_CA_CERTS is removed.
//   npm run build && npm run bench:large
// BENCH_RUNS=<n> (default 5); BENCH_BIN=<another dist/bin/compose-ts.js> to compare builds.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.resolve(process.env.BENCH_BIN ?? path.join(root, "dist/bin/compose-ts.js"));
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** One service as compose-ts users write them: most fields in their short syntax. */
function service(i) {
  return {
    image: `registry.example.com/team/app-${i % 50}:1.${i % 7}.${i}`,
    command: ["serve", "--port", "8080", `--id=${i}`],
    environment: { NODE_ENV: "production", SERVICE_ID: `${i}`, DB_URL: "postgres://db:5432/app", FLAG: "yes", TAG: "${TAG:-latest}" },
    labels: { "com.example.team": `team-${i % 9}`, "com.example.service": `s${i}`, "traefik.enable": "true" },
    ports: [`${10000 + i}:8080`],
    volumes: [`data${i % 20}:/var/lib/app`, "./config:/etc/app:ro"],
    depends_on: i > 0 ? [`s${i - 1}`] : [],
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:8080/health"], interval: "30s", timeout: "5s", retries: 3 },
    restart: "unless-stopped",
    networks: ["front", "back"],
    deploy: { resources: { limits: { cpus: "0.5", memory: "256M" } } },
  };
}

function stackObject(n) {
  const services = {};
  for (let i = 0; i < n; i++) services[`s${i}`] = service(i);
  const volumes = {};
  for (let i = 0; i < Math.min(n, 20); i++) volumes[`data${i}`] = {};
  return { name: "large", services, networks: { front: {}, back: {} }, volumes };
}

/** The stack as stack.ts: an object literal (JSON is a TypeScript literal) passed to defineStack. */
function writeStackTs(dir, n) {
  const file = path.join(dir, `stack${n}.ts`);
  writeFileSync(file, `import { defineStack } from "compose-ts";\nexport default defineStack(${JSON.stringify(stackObject(n), null, 2)});\n`);
  return file;
}

/** The same stack as compose YAML, block style as people write it. */
function writeComposeYaml(dir, n) {
  const q = (s) => JSON.stringify(s);
  const lines = ["name: large", "services:"];
  for (const [name, s] of Object.entries(stackObject(n).services)) {
    lines.push(`  ${name}:`, `    image: ${s.image}`, `    command: [${s.command.map(q).join(", ")}]`, "    environment:");
    for (const [k, v] of Object.entries(s.environment)) lines.push(`      ${k}: ${q(v)}`);
    lines.push("    labels:");
    for (const [k, v] of Object.entries(s.labels)) lines.push(`      ${k}: ${q(v)}`);
    lines.push("    ports:", ...s.ports.map((p) => `      - ${q(p)}`), "    volumes:", ...s.volumes.map((v) => `      - ${v}`));
    if (s.depends_on.length) lines.push("    depends_on:", ...s.depends_on.map((d) => `      - ${d}`));
    lines.push(
      "    healthcheck:",
      `      test: [${s.healthcheck.test.map(q).join(", ")}]`,
      "      interval: 30s",
      "      timeout: 5s",
      "      retries: 3",
      "    restart: unless-stopped",
      "    networks: [front, back]",
      "    deploy:",
      "      resources:",
      "        limits: { cpus: '0.5', memory: 256M }",
    );
  }
  lines.push("networks:", "  front: {}", "  back: {}", "volumes:");
  for (let i = 0; i < Math.min(n, 20); i++) lines.push(`  data${i}: {}`);
  const file = path.join(dir, `compose${n}.yml`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Median wall time (ms) and the largest peak RSS (MB) over RUNS whole-process runs. */
function measure(args, cwd) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const [cmd, argv] = TIME ? [TIME, ["-f", "RSS_KB %M", process.execPath, ...args]] : [process.execPath, args];
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { env, cwd, encoding: "utf8", maxBuffer: 1 << 30 });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const m = /RSS_KB (\d+)\s*$/.exec(r.stderr);
    if (m) rss = Math.max(rss, Number(m[1]) / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rss };
}

// BENCH_DIR=<dir>: write the stacks there and keep them (to profile a single run).
const keep = process.env.BENCH_DIR;
const dir = keep ? path.resolve(keep) : mkdtempSync(path.join(os.tmpdir(), "compose-ts-bench-large-"));
try {
  const ts1000 = writeStackTs(dir, 1000);
  const yaml1000 = writeComposeYaml(dir, 1000);
  const ts5000 = writeStackTs(dir, 5000);
  const out = (name) => ["-o", path.join(dir, name)];
  // Warm the bundle cache once: the timed runs measure building, not esbuild's first bundle.
  for (const f of [ts1000, ts5000]) measure([bin, "build", f, ...out("warm.yml")], dir);

  const base = measure(["-e", "0"], dir);
  const rows = [
    ["node -e 0 (baseline)", base],
    ["build 1000 services (stack.ts)", measure([bin, "build", ts1000, ...out("a.yml"), "--force"], dir)],
    ["build 1000 services (compose YAML)", measure([bin, "build", yaml1000, ...out("b.yml"), "--force"], dir)],
    ["to-nix --target arion, 1000 services", measure([bin, "to-nix", ts1000, "--target", "arion", ...out("arion")], dir)],
    ["build 5000 services (stack.ts)", measure([bin, "build", ts5000, ...out("c.yml"), "--force"], dir)],
  ];
  console.log(`${bin}\nmedian of ${RUNS} runs, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  console.log(`${"case".padEnd(40)} ${"ms".padStart(8)} ${"× node -e 0".padStart(12)} ${"peak RSS".padStart(10)}`);
  for (const [name, r] of rows) {
    console.log(`${name.padEnd(40)} ${r.ms.toFixed(0).padStart(8)} ${(r.ms / base.ms).toFixed(1).padStart(11)}× ${r.rss ? `${r.rss.toFixed(0)} MB`.padStart(10) : ""}`);
  }
  const r1000 = rows[1][1].ms;
  console.log(`5000 / 1000 services (stack.ts): ${(rows[4][1].ms / r1000).toFixed(2)}×`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
