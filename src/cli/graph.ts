import path from "node:path";
import { type Command, Option } from "commander";
import { emitGraph, type GraphFormat } from "../emit/graph.js";
import { locateInStack } from "../load/locate.js";
import { isSupportedInput, loadInput } from "./input.js";
import type { Io } from "./output.js";
import { renderDiagnostic } from "./render.js";

interface GraphCliOptions {
  format: GraphFormat;
  projectName?: string;
}

/** `compose-ts graph <input>`: the stack as a Mermaid or Graphviz picture, on stdout. */
export function registerGraph(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("graph")
    .description("draw services, depends_on edges, networks and volumes (Mermaid or Graphviz dot) on stdout")
    .argument("<input>", "stack.ts / .mts / .js / .mjs, or a compose YAML file")
    .addOption(new Option("--format <format>", "diagram language").choices(["mermaid", "dot"]).default("mermaid"))
    .option("-p, --project-name <name>", "project name (overrides the stack's name)")
    .action(async (input: string, o: GraphCliOptions) => {
      setExit(await graph(input, o, io));
    });
}

async function graph(input: string, o: GraphCliOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, input);
  if (!isSupportedInput(file)) {
    io.stderr(`error: unsupported input ${input}: expected a .ts, .mts, .js, .mjs, .yml or .yaml file\n`);
    return 2;
  }
  const loaded = await loadInput([file], o.projectName !== undefined ? { projectName: o.projectName } : {});
  const diagnostics = /\.ya?ml$/.test(file) ? loaded.diagnostics : await locateInStack(file, loaded.diagnostics);
  for (const d of diagnostics) io.stderr(renderDiagnostic(d, file, io.cwd) + "\n");
  if (!loaded.model) return 1;
  io.stdout(emitGraph(loaded.model, { format: o.format }));
  return 0;
}
