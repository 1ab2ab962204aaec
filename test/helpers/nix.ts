import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Why Nix-evaluating tests cannot run here, or undefined when `nix-instantiate` works. */
export const nixUnavailable: string | undefined = (() => {
  try {
    execFileSync("nix-instantiate", ["--version"], { stdio: "pipe" });
    return undefined;
  } catch {
    return "nix-instantiate is not on PATH (apt-get install nix-bin): skipping Nix evaluation tests";
  }
})();

/** Runs nix-instantiate on `text` written to a temp file (so no shell or argv quoting is involved). */
function runOnFile(text: string, args: string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "compose-ts-nix-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const file = path.join(dir, "expr.nix");
    writeFileSync(file, text);
    return execFileSync("nix-instantiate", [...args, file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      // Keep evaluation hermetic: no store writes, no <nixpkgs> from the host.
      env: { ...process.env, NIX_PATH: "", NIX_REMOTE: "" },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `nix-instantiate --eval --strict --json` of a Nix expression; the JSON value. */
export function evalNixJson(text: string, files?: Record<string, string>): unknown {
  return JSON.parse(runOnFile(text, ["--eval", "--strict", "--json"], files));
}

/** `nix-instantiate --parse`: throws (with Nix's message) when `text` is not valid Nix. */
export function parseNix(text: string): string {
  return runOnFile(text, ["--parse"]);
}
