import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { emitArion } from "../src/emit/arion.js";
import { emitNixos } from "../src/emit/nixos.js";
import { parseDotenv } from "../src/load/dotenv.js";
import type { Project } from "../src/model/index.js";
import { simulateArion } from "./helpers/arion-back.js";
import { buildFile } from "./helpers/build.js";
import { evalNixJson, nixUnavailable } from "./helpers/nix.js";
import { evalNixosModule } from "./helpers/nixos-back.js";
import { ROOT } from "./helpers/paths.js";

/**
 * test/fixtures/adversarial-strings, checked string by string (test/fixtures.test.ts proves
 * the whole model): every value reaches docker compose (YAML), Arion and the NixOS module
 * byte-exact — as Compose text in the first two, after Compose's own substitution in the last.
 */
const DIR = path.join(ROOT, "test/fixtures/adversarial-strings");
const envFile = path.join(DIR, "nixos.env");
const dotenv = parseDotenv(readFileSync(envFile, "utf8"), envFile).values;
/** What Compose makes of the text: `$$` is `$`, and the one `${VAR}` comes from nixos.env. */
const composed = (s: string) => s.replace(/\$\{FROM_ENV_FILE\}/g, dotenv.get("FROM_ENV_FILE")!).replace(/\$\$/g, "$");

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.skipIf(nixUnavailable !== undefined)("adversarial strings", async () => {
  const built = await buildFile(path.join(DIR, "stack.ts"));
  const model = built.model!;
  const app = model.services.app!;
  const strings = (s: Project["services"][string]) => ({
    environment: s.environment,
    labels: s.labels,
    command: s.command,
    healthcheck: s.healthcheck?.test,
    targets: s.volumes?.map((v) => v.target),
  });

  it("holds the strings it is meant to (the fixture did not lose its teeth)", () => {
    expect(app.environment).toMatchObject({ TWO_QUOTES: "a''b", THREE_QUOTES: "a'''b", ANTIQUOTE: "$${HOME} and $${x}", TRAILING_DOLLAR: "costs 5$$", YES: "yes" });
    expect(app.environment!.UNICODE).toContain("\u2028");
    expect(dotenv.get("FROM_ENV_FILE")).toBe('${not} interpolated $here "q" \\n');
  });

  it("comes back from docker-compose.yml as the same Compose text", () => {
    const yaml = parse(built.yaml!) as Project;
    expect(strings(yaml.services.app!)).toEqual(strings(app));
    expect(yaml.services.shell).toEqual(model.services.shell);
  });

  it("comes back from Arion as the same Compose text", () => {
    const mod = evalNixJson("import ./a.nix { pkgs = { }; }", { "a.nix": emitArion(model).text }) as Obj;
    const out = simulateArion(mod).services as Obj;
    expect({ environment: out.app.environment, labels: out.app.labels, command: out.app.command, healthcheck: out.app.healthcheck.test, targets: out.app.volumes.map((v: Obj) => v.target) }).toEqual(
      strings(app),
    );
    expect(out.shell.command).toEqual(model.services.shell!.command);
  });

  it("comes back from the NixOS module as what Compose would run", () => {
    const r = emitNixos(model, { env: (n) => dotenv.get(n), projectDir: "/srv/adversarial-strings" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const c = (evalNixosModule(r.text).virtualisation as Obj)["oci-containers"].containers as Obj;
    const env = Object.fromEntries(Object.entries(app.environment!).map(([k, v]) => [k, composed(v!)]));
    expect(c["adversarial-app"].environment).toEqual(env);
    expect(c["adversarial-app"].labels).toEqual(Object.fromEntries(Object.entries(app.labels!).map(([k, v]) => [k, composed(v)])));
    expect(c["adversarial-app"].cmd).toEqual(app.command!.map(composed));
    expect(c["adversarial-app"].volumes.map((v: string) => v.split(":")[1])).toEqual(app.volumes!.map((v) => composed(v.target)));
    // docker run's --health-cmd is a shell line: each CMD word single-quoted.
    const quoted = app.healthcheck!.test!.slice(1).map((a) => `'${composed(a).replace(/'/g, `'\\''`)}'`).join(" ");
    expect(c["adversarial-app"].extraOptions).toContain(`--health-cmd=${quoted}`);
    expect(c["adversarial-shell"].cmd).toEqual(["-c", composed(model.services.shell!.command![0]!)]);
    expect(c["adversarial-shell"].extraOptions).toContain(`--health-cmd=${composed(model.services.shell!.healthcheck!.test![1]!)}`);
  });
});
