#!/usr/bin/env node
/**
 * How long `compose-ts check` spends type-checking a large stack: a generated 300-service
 * stack (each service depends on two others, joins networks, mounts volumes and secrets),
 * checked with every checker compose-ts ships. Run after `npm run build`:
 *
 *   node bench/typecheck.mjs [services=300] [runs=5]
 *
 * Not a test: the numbers depend on the machine; bench/README.md records one run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { typecheckStack, nativeCompiler } = await import(path.join(root, "dist/load/typecheck.js"));

const services = Number(process.argv[2] ?? 300);
const runs = Number(process.argv[3] ?? 5);

/** A stack whose references are all valid, plus one typo so the checker has to report something. */
export function generateStack(n, { typo = true } = {}) {
  const lines = ['import { defineStack } from "compose-ts";', "", "export default defineStack({", '  name: "big",', "  services: {"];
  for (let i = 0; i < n; i++) {
    const deps = [i - 1, i - 2].filter((j) => j >= 0).map((j) => `"svc${j}"`);
    const net = `net${i % 10}`;
    lines.push(
      `    svc${i}: {`,
      `      image: "example/svc${i}:1.0",`,
      `      depends_on: [${deps.join(", ")}],`,
      `      networks: ["${net}", "default"],`,
      `      volumes: ["vol${i % 20}:/data", "./conf/${i}:/etc/app:ro"],`,
      `      secrets: ["sec${i % 5}"],`,
      `      ports: ["${10000 + i}:80"],`,
      `      environment: { ID: "${i}", MODE: "prod" },`,
      `      healthcheck: { test: ["CMD", "true"], interval: "10s" },`,
      `      restart: "unless-stopped",`,
      `    },`,
    );
  }
  if (typo) lines.push('    broken: { image: "x", depends_on: ["svc00"] },');
  lines.push("  },");
  lines.push(`  networks: { ${Array.from({ length: 10 }, (_, i) => `net${i}: {}`).join(", ")} },`);
  lines.push(`  volumes: { ${Array.from({ length: 20 }, (_, i) => `vol${i}: {}`).join(", ")} },`);
  lines.push(`  secrets: { ${Array.from({ length: 5 }, (_, i) => `sec${i}: { file: "./s${i}" }`).join(", ")} },`);
  lines.push("});", "");
  return lines.join("\n");
}

const dir = mkdtempSync(path.join(os.tmpdir(), "compose-ts-bench-"));
const file = path.join(dir, "stack.ts");
writeFileSync(file, generateStack(services));

const checkers = [...(nativeCompiler() ? ["native"] : []), "typescript"];
if (!nativeCompiler()) console.log("native compiler not installed: only the JS compiler is measured");
console.log(`${services} services, ${runs} runs each, node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"}`);
for (const checker of checkers) {
  const times = [];
  let errors = 0;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const result = await typecheckStack(file, { checker });
    times.push(performance.now() - t);
    errors = result.diagnostics.length;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${checker.padEnd(10)} median ${median.toFixed(0)} ms  min ${times[0].toFixed(0)} ms  max ${times.at(-1).toFixed(0)} ms  (${errors} diagnostic${errors === 1 ? "" : "s"}: the planted typo)`);
}
rmSync(dir, { recursive: true, force: true });
