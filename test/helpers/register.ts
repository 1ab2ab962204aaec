import { Command, CommanderError } from "commander";
import type { Io } from "../../src/cli/output.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one `register<Name>` command the way `run()` in program.ts does (usage errors → 2), so a command can be tested before it is wired into the program.
 */
export async function runCommand(
  register: (program: Command, io: Io, setExit: (code: number) => void) => void,
  args: string[],
  cwd: string,
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  let code = 0;
  const io: Io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd };
  const program = new Command("compose-ts").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io, (c) => (code = c));
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
    throw e;
  }
  return { code, stdout, stderr };
}
