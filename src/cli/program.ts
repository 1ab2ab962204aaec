import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerBuild } from "./build.js";
import { registerCheck } from "./check.js";
import { registerDockerfile } from "./dockerfile.js";
import { registerGraph } from "./graph.js";
import { registerImport } from "./import.js";
import { registerInit } from "./init.js";
import { type Io, UserError } from "./output.js";
import { registerToNix } from "./to-nix.js";

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

  const setExit = (c: number) => {
    code = c;
  };
  registerBuild(program, io, setExit);
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

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
