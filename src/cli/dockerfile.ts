import path from "node:path";
import type { Command } from "commander";
import { emitDockerfile } from "../emit/dockerfile.js";
import { isSupportedInput, loadInput } from "./input.js";
import { type Io, UserError, deliver, report } from "./output.js";
import { toPosix } from "./util.js";

interface DockerfileCliOptions {
  output?: string;
  check?: boolean;
  projectName?: string;
}

/**
 * `compose-ts dockerfile <input> <service>`: a service's Nix image as a Dockerfile plus the
 * flake.nix it builds, for `docker build` on a host without Nix. Both files are written together
 * (default: `images/<service>/` beside the input).
 */
export function registerDockerfile(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("dockerfile")
    .description("write a multi-stage Dockerfile (Nix builder → scratch) and its flake.nix for a service's Nix-built image")
    .argument("<input>", "stack.ts / .mts / .js / .mjs, or a compose YAML file")
    .argument("<service>", "a service whose image is nixImage({ … }) / x-nix-image")
    .option("-o, --output <dir>", "directory for Dockerfile and flake.nix (default: images/<service>/ beside the input)")
    .option("--check", "write nothing; exit 1 with a diff when a file differs")
    .option("-p, --project-name <name>", "project name (overrides the stack's name)")
    .action(async (input: string, service: string, o: DockerfileCliOptions) => {
      setExit(await dockerfile(input, service, o, io));
    });
}

async function dockerfile(input: string, service: string, o: DockerfileCliOptions, io: Io): Promise<number> {
  const inputPath = path.resolve(io.cwd, input);
  if (!isSupportedInput(inputPath)) {
    throw new UserError(`unsupported input ${input}: expected a .ts, .mts, .js, .mjs, .yml or .yaml file`, 2);
  }
  if (o.output === "-") throw new UserError("dockerfile writes two files (Dockerfile and flake.nix); -o takes a directory", 2);
  const outDir = path.resolve(io.cwd, o.output ?? path.join(path.dirname(inputPath), "images", service));
  const loaded = await loadInput([inputPath], {
    outDir,
    ...(o.projectName !== undefined ? { projectName: o.projectName } : {}),
  });
  if (!loaded.model) {
    report(loaded.diagnostics, loaded.file, io);
    return 1;
  }
  const r = emitDockerfile(loaded.model, service, { sourceName: toPosix(path.relative(outDir, inputPath)) });
  const all = [...loaded.diagnostics, ...r.diagnostics];
  report(all, loaded.file, io);
  if (r.dockerfile === undefined || r.flake === undefined || all.some((d) => d.severity === "error")) return 1;
  return deliver(
    [
      { path: path.join(outDir, "Dockerfile"), content: r.dockerfile },
      { path: path.join(outDir, "flake.nix"), content: r.flake },
    ],
    { check: o.check === true, toStdout: false, inputs: [inputPath] },
    io,
  );
}
