import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { loadComposeFiles } from "../../src/load/compose/files.js";
import { normalize } from "../../src/normalize/index.js";
import { applyIncludeEnv, interpolate, literalTemplate } from "../../src/normalize/rules/interpolation.js";

/**
 * An included project's `env_file` / `.env` (compose-go loader/include.go): the output keeps
 * `${VAR}`, so each reference must fall back to the include's value while the parent's wins.
 */

const include = new Map([
  ["API_TAG", "2"],
  ["E", ""],
]);

function rewrite(s: string, env: ReadonlyMap<string, string> = include) {
  return applyIncludeEnv(s, env);
}

/** Evaluates like `docker compose`; undefined when it fails (a `?` error). */
function evaluate(s: string, env: Record<string, string>): string | undefined {
  const d = new Diagnostics();
  const out = interpolate(s, (k) => (Object.hasOwn(env, k) ? env[k] : undefined), [], d);
  return d.hasErrors() ? undefined : out;
}

describe("applyIncludeEnv: each operator, before → after", () => {
  it.each([
    ["${API_TAG}", "${API_TAG-2}"],
    ["$API_TAG", "${API_TAG-2}"],
    ["img:$API_TAG.x", "img:${API_TAG-2}.x"],
    ["${API_TAG-x}", "${API_TAG-2}"],
    ["${API_TAG?need it}", "${API_TAG-2}"],
    ["${API_TAG:-latest}", "${API_TAG:-${API_TAG+latest}${API_TAG-2}}"],
    ["${API_TAG:-}", "${API_TAG-2}"],
    ["${API_TAG:-2}", "${API_TAG:-2}"],
    ["${API_TAG:?need it}", "${API_TAG:-${API_TAG+${API_TAG:?need it}}${API_TAG-2}}"],
    ["${API_TAG+set}", "set"],
    ["${API_TAG:+on}", "on"],
    ["a${API_TAG+$$}b", "a$$b"],
    ["${OTHER:-${API_TAG}}", "${OTHER:-${API_TAG-2}}"],
    ["${OTHER:-${API_TAG:-${X}}}", "${OTHER:-${API_TAG:-${API_TAG+${X}}${API_TAG-2}}}"],
    ["${OTHER}", "${OTHER}"],
    ["${OTHER-$API_TAG}", "${OTHER-${API_TAG-2}}"],
    ["$$API_TAG and $${API_TAG}", "$$API_TAG and $${API_TAG}"],
    // An empty include value: `:` operators treat it as missing, so they stay as written.
    ["${E}", "${E-}"],
    ["${E:-d}", "${E:-d}"],
    ["${E:+r}", "${E:+r}"],
    ["${E:?m}", "${E:?m}"],
    ["${E-d}", "${E-}"],
  ])("%s → %s", (before, after) => {
    expect(rewrite(before)).toEqual({ value: after, pinned: [], unexpressed: [] });
  });

  // compose-go's lookup for the included file: the parent's value if set, else the include's.
  const cases = [
    "${API_TAG}",
    "$API_TAG",
    "${API_TAG-x}",
    "${API_TAG?m}",
    "${API_TAG:-latest}",
    "${API_TAG:-}",
    "${API_TAG:?m}",
    "${API_TAG+set}",
    "${API_TAG:+on}",
    "${OTHER:-${API_TAG:-${X-y}}}",
    "${E}",
    "${E:-d}",
    "${E:+r}",
    "${E:?m}",
    "${E+r}",
  ];
  const parents: Record<string, string>[] = [{}, { API_TAG: "" }, { API_TAG: "p" }, { E: "" }, { E: "q" }, { OTHER: "o", X: "x" }];
  for (const before of cases) {
    it(`${before} means in the parent's environment what compose-go makes of it`, () => {
      const after = rewrite(before).value;
      for (const parent of parents) {
        const composeGo = evaluate(before, { ...Object.fromEntries(include), ...parent });
        // The one case no expression over the parent's variable can express (see applyIncludeEnv).
        if (before === "${API_TAG:+on}" && parent.API_TAG === "") continue;
        expect([parent, evaluate(after, parent)]).toEqual([parent, composeGo]);
      }
    });
  }

  it("keeps `$` in the include's value literal where it was literal, and references live", () => {
    const env = new Map([
      ["P", "pa$$word"],
      ["Q", "cost$5"],
      ["R", "${BASE:-b}/x"],
    ]);
    expect(rewrite("${P}", env).value).toBe("${P-pa$$word}");
    expect(evaluate(rewrite("${P}", env).value, {})).toBe("pa$word");
    expect(evaluate(rewrite("${Q}x", env).value, {})).toBe("cost$5x");
    expect(evaluate(rewrite("${R}", env).value, {})).toBe("b/x");
    expect(evaluate(rewrite("${R}", env).value, { BASE: "z" })).toBe("z/x");
    expect(literalTemplate("a$b$$")).toBe("a$$b$$$$");
  });

  it("writes a value that cannot be a default in place, and says so", () => {
    // Balanced braces fit (compose-go counts them); `{}` does not: its `{` skips the `}`.
    const fits = rewrite("${K}", new Map([["K", '{"a":1}']])).value;
    expect(fits).toBe('${K-{"a":1}}');
    expect(evaluate(`${fits} }`, {})).toBe('{"a":1} }');
    const env = new Map([
      ["J", "a}b"],
      ["B", "{}"],
    ]);
    expect(rewrite("x=${J:-d}", env)).toEqual({ value: "x=a}b", pinned: ["J"], unexpressed: [] });
    expect(rewrite("${B} }", env)).toEqual({ value: "{} }", pinned: ["B"], unexpressed: [] });
    // Nested in another expression there is no way to write it: left alone, reported.
    expect(rewrite("${O:-${J}}", env)).toEqual({ value: "${O:-${J}}", pinned: [], unexpressed: ["J"] });
    // A trailing lone `$` must not join the text after it into a new expression.
    const t = rewrite("${T}", new Map([["T", "a}$"]]));
    expect(t.pinned).toEqual(["T"]);
    expect(evaluate(`${t.value}{X}`, { X: "no" })).toBe("a}${X}");
  });
});

// -------------------------------------------------------------------------------------------------

const dir = mkdtempSync(path.join(tmpdir(), "include-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = path.join(dir, name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), text);
  }
  return path.join(root, "compose.yaml");
}

const SUB =
  "services:\n  api:\n    image: registry/api:${API_TAG:-latest}\n    environment:\n      MODE: $MODE\n      LITERAL: $$MODE\n" +
  "    labels:\n      ${API_TAG}: key\n";

type Services = Record<string, Record<string, unknown>>;

function build(main: string) {
  const loaded = loadComposeFiles([main]);
  const doc = loaded.document;
  const r = doc ? normalize(doc, { fallbackProjectName: "p" }) : undefined;
  return { loaded, doc: doc as { services: Services } | undefined, model: r?.model as { services: Services } | undefined, r };
}

describe("include env end to end (loadComposeFiles + normalize)", () => {
  for (const [what, files] of [
    [
      "env_file",
      { "compose.yaml": "include:\n  - path: ./sub/compose.yaml\n    env_file: ./sub/vars.env\n", "sub/compose.yaml": SUB, "sub/vars.env": "API_TAG=2\nMODE=prod # c\n" },
    ],
    ["the included project's .env", { "compose.yaml": "include:\n  - sub/compose.yaml\n", "sub/compose.yaml": SUB, "sub/.env": "API_TAG=2\nMODE=prod\n" }],
  ] as const) {
    it(`resolves to the include's values with the parent unset, and to the parent's when set (${what})`, () => {
      const { loaded, doc, model, r } = build(project(what.replaceAll(" ", "-"), files));
      expect(loaded.diagnostics).toEqual([]);
      expect(r?.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
      // Keys are never interpolated.
      expect(doc?.services.api?.labels).toEqual({ "${API_TAG}": "key" });
      const api = model!.services.api!;
      const env = api.environment as Record<string, string>;
      const at = (s: string, parent: Record<string, string>) => evaluate(s, parent);
      expect(at(api.image as string, {})).toBe("registry/api:2");
      expect(at(env.MODE!, {})).toBe("prod");
      expect(at(env.LITERAL!, {})).toBe("$MODE");
      expect(at(api.image as string, { API_TAG: "3" })).toBe("registry/api:3");
      expect(at(env.MODE!, { MODE: "dev" })).toBe("dev");
      // Without the fix these were `${API_TAG:-latest}` and `$MODE`: "latest" and "".
      expect(api.image).not.toBe("registry/api:${API_TAG:-latest}");
    });
  }

  it("layers nested includes: the nearer include wins over the deeper one, the parent over both", () => {
    const main = project("nested", {
      "compose.yaml": "include:\n  - path: child/compose.yaml\n    env_file: child/c.env\n",
      "child/compose.yaml": "include:\n  - grand/compose.yaml\nservices:\n  c:\n    image: c:${A}\n",
      "child/c.env": "A=c\n",
      "child/grand/compose.yaml": "services:\n  g:\n    image: g:${A}-${B}\n",
      "child/grand/.env": "A=g\nB=${A}b\n",
    });
    const { loaded, doc } = build(main);
    expect(loaded.diagnostics).toEqual([]);
    const g = doc!.services.g!.image as string;
    expect(g).toBe("g:${A-c}-${B-${A-c}b}");
    expect(evaluate(g, {})).toBe("g:c-cb");
    expect(evaluate(g, { A: "p" })).toBe("g:p-pb");
    expect(evaluate(doc!.services.c!.image as string, {})).toBe("c:c");
  });

  it("a missing env_file is a located error, as in compose-go", () => {
    const main = project("missing", {
      "compose.yaml": "services:\n  web:\n    image: w\ninclude:\n  - path: sub/compose.yaml\n    env_file: [sub/nope.env]\n",
      "sub/compose.yaml": SUB,
    });
    const { loaded } = build(main);
    expect(loaded.document).toBeUndefined();
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]).toMatchObject({
      code: Code.ComposeFileReference,
      severity: "error",
      path: "include[0].env_file",
      pos: { file: main, line: 6 },
    });
    expect(loaded.diagnostics[0]!.message).toMatch(/^couldn't find env file: .*sub\/nope\.env/);
  });

  it("/dev/null as env_file means no variables, and no .env fallback", () => {
    const main = project("devnull", {
      "compose.yaml": "include:\n  - path: sub/compose.yaml\n    env_file: /dev/null\n",
      "sub/compose.yaml": SUB,
      "sub/.env": "API_TAG=2\n",
    });
    const { doc } = build(main);
    expect(doc?.services.api?.image).toBe("registry/api:${API_TAG:-latest}");
  });

  it("warns when a value has to be written in place", () => {
    const main = project("pinned", {
      "compose.yaml": "include:\n  - sub/compose.yaml\n",
      "sub/compose.yaml": "services:\n  api:\n    image: x\n    environment:\n      CFG: ${CFG}\n",
      "sub/.env": "CFG='a}b'\n",
    });
    const { loaded, doc } = build(main);
    expect((doc?.services.api?.environment as Record<string, string>).CFG).toBe("a}b");
    expect(loaded.diagnostics).toHaveLength(1);
    expect(loaded.diagnostics[0]).toMatchObject({ code: Code.NotExpressible, severity: "warning", path: "services.api.environment.CFG" });
    expect(loaded.diagnostics[0]!.message).toContain("no longer changes it");
  });
});

describe("include env values that look like secrets", () => {
  it("warn that they are written into the output", () => {
    const main = project("secret-default", {
      "compose.yaml": "include:\n  - sub/compose.yaml\n",
      "sub/compose.yaml": "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n      MODE: ${MODE}\n",
      "sub/.env": "DB_PASSWORD=hunter2\nMODE=prod\n",
    });
    const { loaded } = build(main);
    const secrets = loaded.diagnostics.filter((d) => d.code === Code.SecretExposure);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.message).toContain("DB_PASSWORD");
    expect(secrets[0]!.severity).toBe("warning");
  });
});
