// Times the CLI as users run it: whole processes, median of N runs, against a baseline
// measured in the same run (`node -e 0`). NODE_EXTRA_CA_CERTS is removed from the
// environment: some machines set it, and it adds 30–50 ms to every Node start.
import { spawnSync } from "node:child_process";
import { rmSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "dist/bin/compose-ts.js");
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const N = Number(process.env.BENCH_RUNS ?? 15);
const cacheDir = path.join(os.tmpdir(), `compose-ts-cache-${process.getuid?.() ?? "u"}`);

function time(args, { before } = {}) {
  const runs = [];
  for (let i = 0; i < N; i++) {
    before?.();
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { env, cwd: root, encoding: "utf8" });
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)];
}

// A 300-service stack, to see how build scales.
const big = mkdtempSync(path.join(os.tmpdir(), "compose-ts-bench-"));
const services = Array.from({ length: 300 }, (_, i) =>
  `    s${i}: { image: "app:${i}", ports: ["${10000 + i}:80"], environment: { N: "${i}" }, depends_on: ${i ? `["s${i - 1}"]` : "[]"}, volumes: ["data:/data${i}"] },`,
).join("\n");
writeFileSync(path.join(big, "stack.ts"), `import { defineStack } from "compose-ts";\nexport default defineStack({\n  name: "big",\n  services: {\n${services}\n  },\n  volumes: { data: {} },\n});\n`);

const example = "examples/web-db-cache/stack.ts";
const rows = [
  ["node -e 0 (baseline)", time(["-e", "0"])],
  ["build example, cold cache", time([bin, "build", example, "-o", "-"], { before: () => rmSync(cacheDir, { recursive: true, force: true }) })],
  ["build example, warm cache", time([bin, "build", example, "-o", "-"])],
  ["build 300-service stack, warm cache", time([bin, "build", path.join(big, "stack.ts"), "-o", "-"])],
  ["build compose YAML (example output)", time([bin, "build", "examples/web-db-cache/docker-compose.yml", "-o", "-"])],
];
rmSync(big, { recursive: true, force: true });
console.log(`median of ${N} runs, node ${process.version}, ${os.cpus().length} cores`);
for (const [name, ms] of rows) console.log(`${name.padEnd(40)} ${ms.toFixed(1).padStart(7)} ms`);
