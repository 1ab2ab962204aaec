import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { Io } from "./output.js";

/** A first stack that shows the forms people reach for: healthcheck-gated start, volume, secret. */
const STACK_TS = `import { defineStack } from "compose-ts";

// Hover any key for its documentation; Ctrl+Space lists what fits where the cursor is.
// Names you declare below (services, volumes, secrets, networks) are what references may use:
// a typo is a red squiggle here and an error from \`compose-ts check\`.
export default defineStack({
  name: "app",
  services: {
    db: {
      image: "postgres:16-alpine",
      environment: { POSTGRES_PASSWORD_FILE: "/run/secrets/db_password" },
      secrets: ["db_password"],
      volumes: ["pgdata:/var/lib/postgresql/data"],
      healthcheck: { test: ["CMD-SHELL", "pg_isready -U postgres"], interval: "10s", retries: 5 },
      restart: "unless-stopped",
    },
    web: {
      image: "nginx:1.27",
      ports: ["8080:80"],
      // Wait until the database's healthcheck passes, not just until it started.
      depends_on: { db: { condition: "service_healthy" } },
      restart: "unless-stopped",
    },
  },
  volumes: { pgdata: {} },
  secrets: { db_password: { file: "./secrets/db_password.txt" } },
});
`;

/**
 * Options under which an editor resolves \`compose-ts\` from node_modules through its package
 * \`exports\` (bundler resolution, like the loader) and checks the stack strictly.
 */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "preserve",
    moduleResolution: "bundler",
    allowImportingTsExtensions: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  },
  include: ["stack.ts"],
};

interface InitOptions {
  force?: boolean;
}

/** `compose-ts init [dir]`: a commented stack.ts and a tsconfig.json that make the editor work. */
export function registerInit(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("init")
    .description("write an example stack.ts and a tsconfig.json for editor completions")
    .argument("[dir]", "directory to set up", ".")
    .option("--force", "overwrite stack.ts / tsconfig.json if they exist")
    .action((dir: string, o: InitOptions) => {
      setExit(init(dir, o, io));
    });
}

function init(dir: string, o: InitOptions, io: Io): number {
  const root = path.resolve(io.cwd, dir);
  const shown = (f: string) => path.relative(io.cwd, path.join(root, f)) || f;
  const files: [string, string][] = [
    ["stack.ts", STACK_TS],
    ["tsconfig.json", JSON.stringify(TSCONFIG, null, 2) + "\n"],
  ];
  const existing = files.filter(([f]) => existsSync(path.join(root, f))).map(([f]) => shown(f));
  if (existing.length > 0 && !o.force) {
    io.stderr(`error: ${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; nothing written (use --force to overwrite)\n`);
    return 1;
  }
  const pkgFile = path.join(root, "package.json");
  let pkgText: string | undefined;
  if (existsSync(pkgFile)) {
    pkgText = addDevDependency(readFileSync(pkgFile, "utf8"));
    if (pkgText === undefined) {
      io.stderr(`error: ${shown("package.json")} is not a JSON object; nothing written\n`);
      return 1;
    }
  }
  mkdirSync(root, { recursive: true });
  for (const [f, text] of files) {
    writeFileSync(path.join(root, f), text);
    io.stderr(`wrote ${shown(f)}\n`);
  }
  if (pkgText !== undefined && pkgText !== readFileSync(pkgFile, "utf8")) {
    writeFileSync(pkgFile, pkgText);
    io.stderr(`added compose-ts to devDependencies in ${shown("package.json")}\n`);
  }
  const cd = path.relative(io.cwd, root);
  const steps = [
    ...(cd ? [`cd ${cd}`] : []),
    pkgText === undefined ? "npm init -y && npm install --save-dev compose-ts" : "npm install",
    "mkdir -p secrets && echo change-me > secrets/db_password.txt",
    "npx compose-ts check stack.ts",
    "npx compose-ts build stack.ts && docker compose up -d",
  ];
  io.stdout(`Next:\n${steps.map((s) => `  ${s}`).join("\n")}\n`);
  return 0;
}

/** The package.json text with compose-ts among the devDependencies (left as is when listed anywhere). */
function addDevDependency(text: string): string | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) return undefined;
  const p = pkg as Record<string, unknown>;
  const listed = ["dependencies", "devDependencies"].some((k) => typeof p[k] === "object" && p[k] !== null && "compose-ts" in (p[k] as object));
  if (listed) return text;
  const dev = { ...((p.devDependencies as Record<string, string> | undefined) ?? {}), "compose-ts": `^${ownVersion()}` };
  p.devDependencies = Object.fromEntries(Object.entries(dev).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? "  ";
  return JSON.stringify(p, null, indent) + (text.endsWith("\n") ? "\n" : "");
}

function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
