import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { type Io, UserError, deliver, report } from "./output.js";

interface ImportOptions {
  file: string[];
  output?: string;
  projectName?: string;
  force?: boolean;
  keepLayers?: boolean;
}

/** `compose-ts import`: compose YAML → a typed `stack.ts` written from what the user wrote. */
export function registerImport(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("import")
    .description("turn compose YAML into a typed stack.ts (comments, anchors and short syntax kept)")
    .argument("<compose>", "a compose YAML file (docker-compose.yml, compose.yaml, …)")
    .option("-f, --file <file>", "another compose YAML file merged on top (repeatable)", (v: string, prev: string[]) => [...prev, v], [])
    .option("-o, --output <file>", "output file, or - for stdout (default: stack.ts beside the input)")
    .option("-p, --project-name <name>", "project name written into the stack (overrides the files' name)")
    .option("--force", "overwrite an existing output file")
    .option("--keep-layers", "keep each -f file as a mergeStacks layer instead of merging them")
    .action(async (input: string, o: ImportOptions) => {
      setExit(await importCommand(input, o, io));
    });
}

async function importCommand(input: string, o: ImportOptions, io: Io): Promise<number> {
  const files = [input, ...o.file].map((f) => path.resolve(io.cwd, f));
  // The input names the kind of file; a `-f` file is compose YAML whatever its name
  // (`compose.override.yaml.example`), as with `build -f` and `docker compose -f`.
  if (!/\.ya?ml$/.test(files[0]!)) throw new UserError(`unsupported input ${input}: expected a .yml or .yaml compose file`, 2);
  const toStdout = o.output === "-";
  const outPath = toStdout ? undefined : path.resolve(io.cwd, o.output ?? path.join(path.dirname(files[0]!), "stack.ts"));
  if (outPath && existsSync(outPath) && o.force !== true) {
    throw new UserError(`${path.relative(io.cwd, outPath) || outPath} already exists; pass --force to overwrite it`, 1);
  }
  const outDir = outPath ? path.dirname(outPath) : io.cwd;

  // Loaded only here, so that `build` never pays for ts-morph.
  const { prepareImport } = await import("../import/prepare.js");
  const prepared = prepareImport(files, {
    outDir,
    ...(o.projectName !== undefined ? { projectName: o.projectName } : {}),
    keepLayers: o.keepLayers === true,
  });
  report(prepared.diagnostics, files[0]!, io);
  if (!prepared.input) return 1;
  if (path.resolve(outDir) !== path.dirname(files[0]!)) {
    io.stderr(
      "note: stack.ts goes to another directory than the YAML; relative paths (build contexts, bind mounts, env files) are kept as written, so check them\n",
    );
  }
  const { generateStack } = await import("../import/generate-stack.js");
  const content = generateStack(prepared.input);
  return deliver([{ path: outPath ?? "-", content }], { check: false, toStdout, inputs: files }, io);
}
