import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import type { Diagnostic } from "../diagnostics/index.js";
import { emitComposeYaml } from "../emit/compose-yaml.js";
import { lineDiff } from "./diff.js";
import { isSupportedInput, loadInput } from "./input.js";
import { renderDiagnostic } from "./render.js";
import { registerCheck } from "./check.js";
import { registerDockerfile } from "./dockerfile.js";
import { registerGraph } from "./graph.js";
import { imagesNixFile } from "./images-file.js";
import { registerImport } from "./import.js";
import { registerInit } from "./init.js";
import { registerToNix } from "./to-nix.js";
import { collect, toPosix } from "./util.js";
import { readIfExists, writeFilesAtomically } from "./write.js";

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

/** A user mistake with its exit code: 1 for an invalid stack or drift, 2 for bad usage. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export interface OutputFile {
  path: string;
  content: string;
}

/**
 * Runs the CLI with injected I/O and returns the exit code. Internal errors (bugs) are
 * reported as such, with their stack, and exit 70.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const program = new Command("compose-ts")
    .description("Typed container stacks: stack.ts → docker-compose.yml, Arion and NixOS")
    .version(version(), "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command("build")
    .description("compile a stack (stack.ts or compose YAML) to docker-compose.yml")
    .argument("<input>", "stack.ts / .mts / .js / .mjs, or a compose YAML file")
    .option("-f, --file <file>", "another compose YAML file merged on top (repeatable)", collect, [])
    .option("-o, --output <file>", "output file, or - for stdout (default: docker-compose.yml beside the input)")
    .option("--check", "write nothing; exit 1 with a diff when the output file differs")
    .option("--force", "replace an existing output file that compose-ts did not generate")
    .option("-p, --project-name <name>", "project name (overrides the stack's name)")
    .addOption(new Option("--format <format>", "output format").choices(["yaml", "json"]).default("yaml"))
    .action(async (input: string, o: BuildOptions) => {
      code = await build(input, o, io);
    });

  const setExit = (c: number) => {
    code = c;
  };
  registerToNix(program, io, setExit);
  registerImport(program, io, setExit);
  registerCheck(program, io, setExit);
  registerInit(program, io, setExit);
  registerGraph(program, io, setExit);
  registerDockerfile(program, io, setExit);

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UserError) {
      io.stderr(`error: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`compose-ts: internal error (this is a bug in compose-ts, please report it):\n${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
  return code;
}

interface BuildOptions {
  file: string[];
  output?: string;
  check?: boolean;
  force?: boolean;
  projectName?: string;
  format: "yaml" | "json";
}

async function build(input: string, o: BuildOptions, io: Io): Promise<number> {
  const inputPath = path.resolve(io.cwd, input);
  if (!isSupportedInput(inputPath)) {
    throw new UserError(`unsupported input ${input}: expected a .ts, .mts, .js, .mjs, .yml or .yaml file`, 2);
  }
  if (o.file.length > 0 && !/\.ya?ml$/.test(inputPath)) {
    throw new UserError("-f merges compose YAML files; it needs a YAML input", 2);
  }
  const toStdout = o.output === "-";
  const outPath = toStdout
    ? undefined
    : path.resolve(io.cwd, o.output ?? path.join(path.dirname(inputPath), o.format === "json" ? "docker-compose.json" : "docker-compose.yml"));
  // On stdout, paths stay relative to the stack, as if the output sat beside it.
  const outDir = outPath ? path.dirname(outPath) : path.dirname(inputPath);

  const loaded = await loadInput([inputPath, ...o.file.map((f) => path.resolve(io.cwd, f))], {
    outDir,
    ...(o.projectName !== undefined ? { projectName: o.projectName } : {}),
  });
  report(loaded.diagnostics, loaded.file, io);
  if (!loaded.model) return 1;

  const source = toPosix(path.relative(outDir, inputPath));
  const content = emitComposeYaml(loaded.model, { source, format: o.format });
  // images.nix goes beside the compose file, written (and --check'ed) together with it.
  const images = outPath === undefined ? undefined : imagesNixFile(loaded.model, outPath, inputPath);
  const inputs = [inputPath, ...o.file.map((f) => path.resolve(io.cwd, f))];
  return deliver([{ path: outPath ?? "-", content }, ...(images ? [images] : [])], { check: o.check === true, toStdout, inputs, force: o.force === true }, io);
}

/** Writes (atomically), prints, or compares the outputs for `--check`. */
export function deliver(
  files: OutputFile[],
  o: { check: boolean; toStdout: boolean; inputs: string[]; force?: boolean },
  io: Io,
): number {
  // `compose-ts build docker-compose.yml` must never replace the file it reads.
  const inputs = new Set(o.inputs.map((f) => path.resolve(f)));
  const clash = o.toStdout ? undefined : files.find((f) => inputs.has(path.resolve(f.path)));
  if (clash) {
    const shown = path.relative(io.cwd, clash.path) || clash.path;
    throw new UserError(`refusing to overwrite the input ${shown}; choose another output with -o <file> (or -o - for stdout)`, 2);
  }
  if (o.toStdout) {
    for (const f of files) io.stdout(f.content);
    return 0;
  }
  if (!o.check && !o.force) {
    // A file compose-ts did not write (say, the docker-compose.yml a stack was imported from) is
    // only replaced when asked: --force.
    for (const f of files) {
      const current = readIfExists(f.path);
      if (current !== undefined && isGenerated(f.content) && !isGenerated(current)) {
        const shown = path.relative(io.cwd, f.path) || f.path;
        throw new UserError(`${shown} exists and was not generated by compose-ts; pass --force to replace it, or -o to write elsewhere`, 1);
      }
    }
  }
  if (o.check) {
    let drift = false;
    for (const f of files) {
      const current = readIfExists(f.path);
      const shown = path.relative(io.cwd, f.path) || f.path;
      if (current === f.content) continue;
      drift = true;
      if (current === undefined) io.stderr(`${shown} does not exist; run without --check to write it\n`);
      else io.stderr(`${shown} is out of date:\n${lineDiff(current, f.content, { before: `${shown} (on disk)`, after: `${shown} (generated)` })}`);
    }
    return drift ? 1 : 0;
  }
  try {
    writeFilesAtomically(files);
  } catch (e) {
    throw new UserError(`cannot write ${files.map((f) => path.relative(io.cwd, f.path)).join(", ")}: ${(e as Error).message}`, 1);
  }
  for (const f of files) io.stderr(`wrote ${path.relative(io.cwd, f.path) || f.path}\n`);
  return 0;
}

/** Our outputs say so in their first lines; a file without that mark is someone's own. */
function isGenerated(text: string): boolean {
  return /generated by compose-ts/i.test(text.split("\n", 4).join("\n"));
}

export function report(diagnostics: Diagnostic[], file: string, io: Io): void {
  for (const d of diagnostics) io.stderr(renderDiagnostic(d, file, io.cwd) + "\n");
}


function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
