import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Command, Option } from "commander";
import { Code, type Diagnostic, Diagnostics } from "../diagnostics/index.js";
import { emitArion, emitArionPkgs } from "../emit/arion.js";
import { emitDaemonJson } from "../emit/daemon-json.js";
import { emitFlake } from "../emit/flake.js";
import { emitNixos } from "../emit/nixos.js";
import { parseDotenv } from "../load/dotenv.js";
import { loadInput } from "./input.js";
import { type Io, type OutputFile, UserError, deliver, report } from "./output.js";
import { collect, toPosix } from "./util.js";

type Target = "arion" | "nixos" | "daemon-json";

interface ToNixOptions {
  target: Target;
  runtime?: "docker" | "podman";
  projectDir?: string;
  file: string[];
  output?: string;
  envFile: string[];
  check?: boolean;
  force?: boolean;
  allowLossy?: boolean;
  projectName?: string;
  flake?: boolean;
}

/** The files each target writes, by default into the input's directory. */
const DEFAULT_FILES: Record<Target, string> = {
  arion: "arion-compose.nix",
  nixos: "nixos.nix",
  "daemon-json": "daemon.json",
};

export function registerToNix(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("to-nix")
    .description("compile a stack to Nix: an Arion composition, a NixOS module, or daemon.json")
    .argument("<input>", "stack.ts / .mts / .js / .mjs, or a compose YAML file")
    .addOption(new Option("-t, --target <target>", "what to generate").choices(["arion", "nixos", "daemon-json"]).default("arion"))
    .addOption(new Option("--runtime <runtime>", "container runtime of the NixOS target (default: host.docker.runtime, else docker)").choices(["docker", "podman"]))
    .option("--project-dir <dir>", "where relative paths point on the NixOS host (default: the output directory)")
    .option("-f, --file <file>", "another compose YAML file merged on top (repeatable)", collect, [])
    .option("-o, --output <path>", "output directory, or file (default: beside the input); - for stdout")
    .option("--env-file <file>", "variables for ${VAR} in the NixOS target, instead of the .env beside the input (repeatable; later files win, the process environment wins over files)", collect, [])
    .option("--check", "write nothing; exit 1 with a diff when an output file differs")
    .option("--force", "replace an existing output file that compose-ts did not generate")
    .option("--allow-lossy", "turn keys the target cannot express into warnings instead of errors")
    .option("-p, --project-name <name>", "project name (overrides the stack's name)")
    .option("--flake", "also write flake.nix: nixosModules.<project> (with -t nixos), packages.<system>.<service> for Nix-built images, devShells.<system>.default")
    .action(async (input: string, o: ToNixOptions) => {
      setExit(await toNix(input, o, io));
    });
}

async function toNix(input: string, o: ToNixOptions, io: Io): Promise<number> {
  const inputPath = path.resolve(io.cwd, input);
  const toStdout = o.output === "-";
  const { dir: outDir, file: outFile } = outputLocation(inputPath, o, io);

  const loaded = await loadInput([inputPath, ...o.file.map((f) => path.resolve(io.cwd, f))], {
    outDir,
    ...(o.projectName !== undefined ? { projectName: o.projectName } : {}),
    ...(o.envFile.length > 0 ? { envFiles: o.envFile.map((f) => path.resolve(io.cwd, f)) } : {}),
  });
  const d = new Diagnostics();
  const host = loaded.host;
  if (!loaded.model) {
    report(loaded.diagnostics, loaded.file, io);
    return 1;
  }
  const model = loaded.model;
  const sourceName = toPosix(path.relative(outDir, inputPath));

  let files: OutputFile[];
  let emitted: Diagnostic[];
  switch (o.target) {
    case "arion": {
      const r = emitArion(model, { sourceName });
      emitted = r.diagnostics;
      // arion-pkgs.nix is Arion's companion file; a user's own copy (a pinned nixpkgs) is never replaced.
      const pkgs = path.join(outDir, "arion-pkgs.nix");
      files = [
        { path: path.join(outDir, outFile), content: r.text },
        ...(toStdout || o.check || existsSync(pkgs) ? [] : [{ path: pkgs, content: emitArionPkgs() }]),
      ];
      break;
    }
    case "nixos": {
      // As docker compose does: `.env` beside the input unless --env-file names other files.
      const dotenv = path.join(path.dirname(inputPath), ".env");
      const envFiles = o.envFile.length > 0 ? o.envFile : existsSync(dotenv) ? [dotenv] : [];
      const env = readEnvironment(envFiles, io, d);
      const r = emitNixos(model, {
        ...(o.runtime ? { runtime: o.runtime } : {}),
        // Units run in /, so relative paths are anchored where the stack lives on the host.
        projectDir: o.projectDir ?? outDir,
        env,
        allowLossy: o.allowLossy === true,
        ...(host ? { host } : {}),
        sourceName,
      });
      emitted = r.diagnostics;
      files = [{ path: path.join(outDir, outFile), content: r.text }];
      break;
    }
    case "daemon-json": {
      emitted = [];
      if (!host?.docker?.daemonSettings) {
        d.error(Code.MissingKey, ["host", "docker", "daemonSettings"], "the stack has no host.docker.daemonSettings to write as daemon.json");
      }
      files = [{ path: path.join(outDir, outFile), content: host ? emitDaemonJson(host) : "" }];
      break;
    }
  }
  if (o.flake) {
    if (toStdout) throw new UserError("--flake writes flake.nix beside the output; it cannot go to stdout", 2);
    files.push({ path: path.join(outDir, "flake.nix"), content: emitFlake(model, { sourceName, ...(o.target === "nixos" ? { nixosModule: outFile } : {}) }) });
  }
  const all = [...loaded.diagnostics, ...(await loaded.place([...d.items, ...emitted]))];
  report(all, loaded.file, io);
  if (all.some((x) => x.severity === "error")) return 1;
  return deliver(files, { check: o.check === true, toStdout, force: o.force === true, inputs: [inputPath, ...o.file.map((f) => path.resolve(io.cwd, f))] }, io);
}

/** `-o dir/` or an existing directory → default file name inside it; `-o x.nix` → that file. */
function outputLocation(inputPath: string, o: ToNixOptions, io: Io): { dir: string; file: string } {
  const name = DEFAULT_FILES[o.target];
  if (o.output === undefined || o.output === "-") return { dir: path.dirname(inputPath), file: name };
  const out = path.resolve(io.cwd, o.output);
  const looksLikeFile = /\.(nix|json)$/.test(out) && !o.output.endsWith("/");
  return looksLikeFile ? { dir: path.dirname(out), file: path.basename(out) } : { dir: out, file: name };
}

/** `--env-file`s in order (later wins), then the process environment over them, as Compose does. */
function readEnvironment(files: string[], io: Io, d: Diagnostics): (name: string) => string | undefined {
  const values = new Map<string, string>();
  for (const f of files) {
    const abs = path.resolve(io.cwd, f);
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch (e) {
      throw new UserError(`cannot read --env-file ${f}: ${(e as Error).message}`, 1);
    }
    const parsed = parseDotenv(text, abs);
    for (const x of parsed.diagnostics) d.push(x);
    for (const [k, v] of parsed.values) values.set(k, v);
  }
  return (name) => process.env[name] ?? values.get(name);
}

