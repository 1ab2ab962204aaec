import path from "node:path";
import { type Command, Option } from "commander";
import { emitComposeYaml } from "../emit/compose-yaml.js";
import { imagesNixFile } from "./images-file.js";
import { isSupportedInput, loadInput } from "./input.js";
import { type Io, UserError, deliver, report } from "./output.js";
import { collect, toPosix } from "./util.js";

/** `compose-ts build`: a stack (stack.ts or compose YAML) → docker-compose.yml (and images.nix). */
export function registerBuild(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("build")
    .description("compile a stack (stack.ts or compose YAML) to docker-compose.yml")
    .argument("<input>", "stack.ts / .mts / .js / .mjs, or a compose YAML file")
    .option("-f, --file <file>", "another compose YAML file merged on top (repeatable)", collect, [])
    .option("-o, --output <file>", "output file, or - for stdout (default: docker-compose.yml beside the input)")
    .option("--check", "write nothing; exit 1 with a diff when the output file differs")
    .option("--force", "replace an existing output file that compose-ts did not generate")
    .option("-p, --project-name <name>", "project name (overrides the stack's name)")
    .option("--interpolate", "resolve ${VAR} from the environment and .env first, as docker compose config does")
    .addOption(new Option("--format <format>", "output format").choices(["yaml", "json"]).default("yaml"))
    .action(async (input: string, o: BuildOptions) => {
      setExit(await build(input, o, io));
    });
}

interface BuildOptions {
  file: string[];
  output?: string;
  check?: boolean;
  force?: boolean;
  projectName?: string;
  interpolate?: boolean;
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
    ...(o.interpolate === true ? { interpolate: true } : {}),
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
