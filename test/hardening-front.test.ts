import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../src/cli/program.js";

/** Issue 11 / issue 10 defects of the compose front end, each through the CLI as a user meets it. */

const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "compose-ts-front-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

function project(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(tmpRoot, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe("container_name", () => {
  it('rejects container_name: "" (and a one-letter name) at its line, as the Compose schema does', async () => {
    const dir = project("container-name", {
      "compose.yml": 'services:\n  web:\n    image: nginx\n    container_name: ""\n  db:\n    image: postgres\n    container_name: d\n',
    });
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/compose\.yml:4:21 error CT0103 invalid container_name ""/);
    expect(r.stderr).toMatch(/compose\.yml:7:21 error CT0103 invalid container_name "d"/);
    const ok = project("container-name-ok", {
      "compose.yml": 'services:\n  web:\n    image: nginx\n    container_name: web-1\n  db:\n    image: postgres\n    container_name: "${DB_NAME}"\n',
    });
    expect((await cli(["build", "compose.yml", "-o", "-"], ok)).code).toBe(0);
  });
});

describe("import -f", () => {
  it("accepts an override file of any name, as build -f and docker compose -f do", async () => {
    const dir = project("import-f", {
      "compose.yml": "services:\n  web:\n    image: nginx\n",
      "compose.override.yaml.example": "services:\n  web:\n    image: nginx:1.27\n",
    });
    const r = await cli(["import", "compose.yml", "-f", "compose.override.yaml.example", "-o", "-"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('image: "nginx:1.27"');
    // The main input still says what kind of file it is.
    expect((await cli(["import", "compose.override.yaml.example"], dir)).code).toBe(2);
    expect(existsSync(path.join(dir, "stack.ts"))).toBe(false);
  });
});

describe("text encoding", () => {
  it("rejects YAML that is not valid UTF-8 at its first bad byte, for build and import, writing nothing", async () => {
    const bad = Buffer.concat([Buffer.from("services:\n  web:\n    image: nginx\n    labels:\n      note: caf"), Buffer.from([0xe9, 0xff]), Buffer.from("\n")]);
    const dir = project("not-utf8", { "compose.yml": bad, "base.yml": "services:\n  web:\n    image: nginx\n" });
    const r = await cli(["build", "compose.yml"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("compose.yml:5:16 error CT0400 ");
    expect(r.stderr).toContain("is not valid UTF-8: byte 0xE9 at line 5, column 16");
    expect(r.stderr.match(/error/g)).toHaveLength(1);
    expect(existsSync(path.join(dir, "docker-compose.yml"))).toBe(false);
    // The same from a -f file, and for import.
    const f = await cli(["build", "base.yml", "-f", "compose.yml", "-o", "-"], dir);
    expect(f.code).toBe(1);
    expect(f.stderr).toContain("compose.yml:5:16 error CT0400 ");
    const i = await cli(["import", "compose.yml", "-o", "-"], dir);
    expect(i.code).toBe(1);
    expect(i.stdout).toBe("");
    expect(i.stderr).toContain("compose.yml:5:16 error CT0400 ");
  });

  it("finds the first bad byte after multi-byte characters, and reads UTF-16 with a byte-order mark", async () => {
    const { firstInvalidUtf8 } = await import("../src/load/compose/text.js");
    expect(firstInvalidUtf8(Buffer.from("é€😀", "utf8"))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(1); // truncated sequence
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    const line = Buffer.concat([Buffer.from("services:\n  web:\n    image: nginx\n    labels: {note: \"é€"), Buffer.from([0x80]), Buffer.from("\"}\n")]);
    const dir = project("not-utf8-col", {
      "compose.yml": line,
      "utf16.yml": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("services:\n  web:\n    image: nginx\n", "utf16le")]),
    });
    // Columns count characters, not bytes.
    expect((await cli(["build", "compose.yml", "-o", "-"], dir)).stderr).toContain("compose.yml:4:23 error CT0400 ");
    const u = await cli(["build", "utf16.yml", "-o", "-"], dir);
    expect(u.stderr).toBe("");
    expect(u.stdout).toContain("image: nginx");
  });
});

describe("a missing input", () => {
  it("check reports a missing stack once, with no compiler internals", async () => {
    const dir = project("missing", {});
    for (const input of ["nope.ts", "nope.yml"]) {
      const r = await cli(["check", input], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(/tsconfig|TS6053|ENOENT/);
      expect(r.stderr.match(/ error /g), r.stderr).toHaveLength(1);
      expect(r.stderr).toContain(`error CT0300 cannot read`);
      expect(r.stderr).toContain("no such file");
      expect(r.stderr).toContain(`${input}: 1 error`);
    }
  });
});

describe("diagnostics about a -f file", () => {
  it("name that file and its line:col, for the normalizer's and the Nix targets' diagnostics", async () => {
    const dir = project("dash-f", {
      "compose.yml": "services:\n  web:\n    image: nginx:1.27\n",
      "override.yml": "services:\n  api:\n    image: redis:7\n    develop:\n      watch: [{path: ., action: sync, target: /x}]\n    deploy:\n      replicas: 2\n",
      "typo.yml": "services:\n  web:\n    depends_on: [dbb]\n",
    });
    const nixos = await cli(["to-nix", "compose.yml", "-f", "override.yml", "-t", "nixos", "-o", "-"], dir);
    expect(nixos.code).toBe(1);
    expect(nixos.stderr).toContain("override.yml:5:7 warning CT0180 develop:");
    expect(nixos.stderr).toContain("override.yml:7:17 error CT0180 2 replicas:");
    expect(nixos.stderr).not.toMatch(/^compose\.yml/m);
    const build = await cli(["build", "compose.yml", "-f", "typo.yml", "-o", "-"], dir);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/^typo\.yml:3:18 error CT0102 unknown service "dbb"/m);
  });
});

describe("messages", () => {
  // Lines and columns as docker-compose v1 (PyYAML) reports them for the same files.
  const cases: [string, string, string][] = [
    ["services:\n  web:\n    image: nginx\n     ports:\n      - '80:80'\n", "4:11", "bad indentation: line 4 is indented deeper than the key before it"],
    ["services:\n  web:\n    image: nginx\n   ports:\n      - '80:80'\n", "4:4", "bad indentation: this key does not start at the same column"],
    ["services:\n  web:\n    image: nginx\n    environment:\n      A: 1\n     B: 2\n", "6:6", "bad indentation: this key"],
    ["services:\n  web:\n    image: nginx\n    ports:\n    - '80:80'\n   - '81:81'\n", "6:4", "bad indentation: this list item"],
    ["services:\n\tweb:\n    image: nginx\n", "2:1", "tabs cannot indent YAML"],
  ];
  it.each(cases)("YAML bad indentation: one message, at the line PyYAML names (%#)", async (text, at, message) => {
    const dir = project(`indent-${at.replace(":", "-")}`, { "compose.yml": text });
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/ error /g), r.stderr).toHaveLength(1);
    expect(r.stderr).toContain(`compose.yml:${at} error CT0400 ${message}`);
  });

  it('a port written "8080:80:tcp" suggests "8080:80/tcp"', async () => {
    const dir = project("port-proto", { "compose.yml": 'services:\n  web:\n    image: nginx\n    ports: ["8080:80:tcp", "127.0.0.1:53:53:udp"]\n' });
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compose.yml:4:13 error CT0140 invalid port "8080:80:tcp": the protocol follows the container port after a slash — did you mean "8080:80/tcp"?');
    expect(r.stderr).not.toContain("invalid ip address");
    // An IP in front stays an IP problem, unless the last part is a protocol.
    expect(r.stderr).toContain('did you mean "127.0.0.1:53:53/udp"?');
  });
});

describe("include paths and extends.file are interpolated", () => {
  const files = {
    "compose.yml": 'include:\n  - sub/${D}/x.yml\nservices:\n  web:\n    extends: {file: "${BASE:-base.yml}", service: x}\n',
    ".env": "D=one\n",
    "alt.env": "D=two\nBASE=other.yml\n",
    "base.yml": "services:\n  x:\n    image: base:1\n",
    "other.yml": "services:\n  x:\n    image: other:2\n",
    "sub/one/x.yml": "services:\n  inc:\n    image: one:1\n",
    "sub/two/x.yml": "services:\n  inc:\n    image: two:2\n",
  };
  const images = (yaml: string) => [...yaml.matchAll(/image: (\S+)/g)].map((m) => m[1]);

  it("from the .env beside the file, with ${X:-default}", async () => {
    const dir = project("interp-dotenv", files);
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.stderr).toBe("");
    expect(images(r.stdout)).toEqual(["one:1", "base:1"]);
  });

  it("the process environment wins over .env", async () => {
    const dir = project("interp-env", files);
    const r = await cli(["build", "compose.yml", "-o", "-"], dir, { D: "two", BASE: "other.yml" });
    expect(r.stderr).toBe("");
    expect(images(r.stdout)).toEqual(["two:2", "other:2"]);
  });

  it("--env-file replaces .env where the command has it (to-nix)", async () => {
    const dir = project("interp-env-file", files);
    const r = await cli(["to-nix", "compose.yml", "-t", "nixos", "--env-file", "alt.env", "-o", "-"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('image = "two:2";');
    expect(r.stdout).toContain('image = "other:2";');
  });

  it("an unset variable is warned about at the include, and its file then cannot be read", async () => {
    const { ".env": _, ...noEnv } = files;
    const dir = project("interp-unset", noEnv);
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('compose.yml:2:5 warning CT0145 the "D" variable is not set, defaulting to a blank string (at include[0])');
    expect(r.stderr).toMatch(/compose\.yml:2:5 error CT0410 cannot read .*sub\/x\.yml: no such file/);
  });

  it("in a TypeScript stack's include too", async () => {
    const dir = project("interp-ts", {
      ...files,
      "stack.ts": 'export default { name: "p", include: ["sub/${D}/x.yml"], services: { web: { image: "nginx:1" } } };\n',
    });
    const r = await cli(["build", "stack.ts", "-o", "-"], dir, { D: "two" });
    expect(r.stderr).toBe("");
    expect(images(r.stdout)).toEqual(["two:2", "nginx:1"]);
  });
});

describe("a variable inside a list item never becomes a mapping key", () => {
  it("depends_on, networks and environment/labels/sysctls list items are refused, located", async () => {
    const dir = project("list-vars", {
      "compose.yml": [
        "services:",
        "  db:",
        "    image: postgres:16",
        "  web:",
        "    image: nginx:1",
        '    depends_on: ["${DB_HOST:-db}"]',
        '    networks: ["${NET:-front}"]',
        '    environment: ["${K:-FOO}=v", "PLAIN=${V:-x}"]',
        '    labels: ["${L:-a.b}=1"]',
        '    sysctls: ["${S:-net.core.somaxconn}=1024"]',
        "networks:",
        "  front: {}",
        "",
      ].join("\n"),
    });
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('compose.yml:6:18 error CT0180 the service "${DB_HOST:-db}" is only known once');
    expect(r.stderr).toContain('compose.yml:7:16 error CT0180 the network "${NET:-front}" is only known once');
    expect(r.stderr).toContain('compose.yml:8:19 error CT0180 the key "${K:-FOO}" is only known once');
    expect(r.stderr).toContain('compose.yml:9:14 error CT0180 the key "${L:-a.b}"');
    expect(r.stderr).toContain('compose.yml:10:15 error CT0180 the key "${S:-net.core.somaxconn}"');
    // A variable in a value is fine: values are interpolated where the file runs.
    expect(r.stderr.match(/ error /g)).toHaveLength(5);
    expect(r.stderr).toContain("build with --interpolate");
    // --interpolate resolves them like `docker compose config`: defaults here, the environment over .env.
    const i = await cli(["build", "compose.yml", "--interpolate", "-o", "-"], dir, { K: "FROM_ENV" });
    expect(i.stderr).toBe("");
    expect(i.code).toBe(0);
    const { parse } = await import("yaml");
    const web = (parse(i.stdout) as { services: Record<string, Record<string, unknown>> }).services.web!;
    expect(Object.keys(web.depends_on as object)).toEqual(["db"]);
    expect(Object.keys(web.networks as object)).toEqual(["front"]);
    expect(web.environment).toEqual({ FROM_ENV: "v", PLAIN: "x" });
    expect(web.labels).toEqual({ "a.b": "1" });
    expect(web.sysctls).toEqual({ "net.core.somaxconn": "1024" });
  });

  it('links: ["${LINK:-db}"] stays a link (Compose derives the dependency after interpolating), never a dependency on "${LINK:"', async () => {
    const dir = project("list-links", {
      "compose.yml": 'services:\n  db:\n    image: postgres:16\n  web:\n    image: nginx:1\n    links: ["${LINK:-db}", "db:database"]\n',
    });
    const r = await cli(["build", "compose.yml", "-o", "-"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("- ${LINK:-db}");
    const { parse } = await import("yaml");
    const web = (parse(r.stdout) as { services: Record<string, Record<string, unknown>> }).services.web!;
    expect(Object.keys(web.depends_on as object)).toEqual(["db"]);
    expect(web.links).toEqual(["${LINK:-db}", "db:database"]);
  });
});

export { cli, project, readFileSync };
