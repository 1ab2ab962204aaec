import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Code } from "../../src/diagnostics/index.js";
import { type LoadComposeOptions, loadComposeFiles } from "../../src/load/compose/files.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const testdata = path.resolve(projectRoot, "../shared/corpus/compose-go-testdata");

/** Files in memory (by resolved path), falling back to the disk for everything else. */
function fs(files: Record<string, string>, base = "/virtual"): Required<Pick<LoadComposeOptions, "readFile">> {
  const mem = new Map(Object.entries(files).map(([p, text]) => [path.resolve(base, p), text]));
  return {
    readFile: (p) => {
      const hit = mem.get(path.resolve(base, p));
      if (hit !== undefined) return hit;
      return readFileSync(p, "utf8");
    },
  };
}

type Doc = { services: Record<string, Record<string, unknown>>; [k: string]: unknown };

function load(files: Record<string, string>, order: string[] = Object.keys(files).slice(0, 1)) {
  const r = loadComposeFiles(
    order.map((f) => path.join("/virtual", f)),
    fs(files),
  );
  return { ...r, doc: r.document as Doc | undefined };
}

describe("-f files in order", () => {
  it("merges later files onto earlier ones, applying their !reset", () => {
    const { doc, diagnostics } = load(
      {
      "compose.yaml": "services:\n  web:\n    image: a\n    ports: ['80:80']\n    command: run\n",
      "compose.override.yaml": "services:\n  web:\n    image: b\n    ports: ['81:81']\n    command: !reset\n",
      },
      ["compose.yaml", "compose.override.yaml"],
    );
    expect(diagnostics).toEqual([]);
    expect(doc?.services.web).toEqual({ image: "b", ports: ["80:80", "81:81"] });
  });

  it("drops `version` with a located warning", () => {
    const { doc, diagnostics } = load({ "compose.yaml": "services:\n  web:\n    image: a\nversion: '3.8'\n" });
    expect(doc).toEqual({ services: { web: { image: "a" } } });
    expect(diagnostics).toEqual([
      {
        code: Code.Deprecated,
        severity: "warning",
        path: "version",
        message: "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
        pos: { file: "/virtual/compose.yaml", line: 4, col: 10 },
      },
    ]);
  });

  it("keeps ${VAR} verbatim", () => {
    expect(load({ "compose.yaml": "services:\n  web:\n    image: ${IMG:-a}\n" }).doc?.services.web?.image).toBe("${IMG:-a}");
  });

  it("locates a path in the file whose value won", () => {
    const r = load(
      {
      "a.yaml": "services:\n  web:\n    image: a\n    user: x\n",
      "b.yaml": "services:\n\n  web:\n    image: b\n",
      },
      ["a.yaml", "b.yaml"],
    );
    expect(r.locate(["services", "web", "image"])).toEqual({ file: "/virtual/b.yaml", line: 4, col: 12 });
    expect(r.locate(["services", "web", "user"])).toEqual({ file: "/virtual/a.yaml", line: 4, col: 11 });
  });

  it("reports an unreadable file", () => {
    const r = loadComposeFiles(["/virtual/none.yaml"], { readFile: () => { throw new Error("ENOENT"); } });
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0]?.code).toBe(Code.LoadFailed);
  });
});

describe("extends", () => {
  it("in the same file, nested, with the extending service merged on top", () => {
    const { doc, diagnostics } = load({
      "compose.yaml": [
        "services:",
        "  base:",
        "    image: a",
        "    environment: [A=1]",
        "  mid:",
        "    extends: base",
        "    environment: [B=2]",
        "  top:",
        "    extends: {service: mid}",
        "    environment: [A=3]",
        "",
      ].join("\n"),
    });
    expect(diagnostics).toEqual([]);
    expect(doc?.services.top).toEqual({ image: "a", environment: ["A=3", "B=2"] });
    expect(doc?.services.mid).toEqual({ image: "a", environment: ["A=1", "B=2"] });
  });

  it("from another file, with its relative paths rebased onto the project directory", () => {
    const { doc, diagnostics } = load({
      "compose.yaml": "services:\n  web:\n    extends:\n      file: sub/base.yaml\n      service: app\n",
      "sub/base.yaml": [
        "services:",
        "  app:",
        "    build: ./ctx",
        "    env_file: [app.env, {path: ../shared.env}]",
        "    volumes:",
        "      - ./data:/data",
        "      - named:/named",
        "      - /abs:/abs",
        "      - {type: bind, source: conf, target: /conf}",
        "    label_file: labels.txt",
        "    extends: {file: deeper/more.yaml, service: x}",
        "",
      ].join("\n"),
      "sub/deeper/more.yaml": "services:\n  x:\n    image: from-deeper\n    env_file: x.env\n",
    });
    expect(diagnostics).toEqual([]);
    expect(doc?.services.web).toEqual({
      image: "from-deeper",
      build: "sub/ctx",
      env_file: ["sub/deeper/x.env", "sub/app.env", { path: "shared.env" }],
      volumes: ["./sub/data:/data", "named:/named", "/abs:/abs", { type: "bind", source: "sub/conf", target: "/conf" }],
      label_file: "sub/labels.txt",
    });
  });

  it("!reset in the extending service removes the inherited value", () => {
    const { doc } = load({
      "compose.yaml": "services:\n  base:\n    image: a\n    command: x\n  web:\n    extends: base\n    command: !reset\n",
    });
    expect(doc?.services.web).toEqual({ image: "a" });
  });

  it("the extending file's !reset still applies to earlier -f files", () => {
    const { doc } = load(
      {
        "a.yaml": "services:\n  web:\n    image: a\n    command: x\n",
        "b.yaml": "services:\n  base:\n    image: b\n  web:\n    extends: base\n    command: !reset\n",
      },
      ["a.yaml", "b.yaml"],
    );
    expect(doc?.services.web).toEqual({ image: "b" });
  });

  it("a missing service is a located error", () => {
    const r = load({ "compose.yaml": "services:\n  web:\n    extends: bse\n  base:\n    image: a\n" });
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toEqual([
      {
        code: Code.ComposeFileReference,
        severity: "error",
        path: "services.web.extends",
        message: 'cannot extend service "web" in /virtual/compose.yaml: service "bse" not found — did you mean "base"?',
        pos: { file: "/virtual/compose.yaml", line: 3, col: 14 },
      },
    ]);
  });

  it("a missing file is a located error", () => {
    const r = load({ "compose.yaml": "services:\n  web:\n    extends:\n      file: nope.yaml\n      service: x\n" });
    expect(r.diagnostics[0]).toMatchObject({ code: Code.ComposeFileReference, path: "services.web.extends", pos: { line: 4 } });
    expect(r.diagnostics[0]?.message).toMatch(/cannot read .*nope\.yaml/);
  });

  it("a cycle is a located error, reported once", () => {
    const r = load({ "compose.yaml": "services:\n  a:\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n" });
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: Code.ComposeFileReference, pos: { file: "/virtual/compose.yaml" } });
    expect(r.diagnostics[0]?.message).toMatch(/^Circular reference:\n {2}a in .*\n {2}extends b in .*\n {2}extends c in .*\n {2}extends a in /);
  });

  it("a service without `service` is an error", () => {
    const r = load({ "compose.yaml": "services:\n  web:\n    extends:\n      file: x.yaml\n" });
    expect(r.diagnostics[0]?.message).toBe("extends.web.service is required");
  });
});

describe("include", () => {
  it("copies the included resources in, rebased onto the project directory", () => {
    const { doc, diagnostics } = load({
      "compose.yaml": "include:\n  - lib/compose.yaml\nservices:\n  web:\n    image: w\n",
      "lib/compose.yaml": [
        "services:",
        "  db:",
        "    build: {dockerfile: Dockerfile}",
        "    volumes: ['./init:/init']",
        "secrets:",
        "  pw:",
        "    file: ./pw.txt",
        "volumes:",
        "  data:",
        "    driver: local",
        "    driver_opts: {o: bind, type: none, device: ./data}",
        "",
      ].join("\n"),
    });
    expect(diagnostics).toEqual([]);
    expect(doc).toEqual({
      services: { web: { image: "w" }, db: { build: { dockerfile: "Dockerfile", context: "lib" }, volumes: ["./lib/init:/init"] } },
      secrets: { pw: { file: "lib/pw.txt" } },
      volumes: { data: { driver: "local", driver_opts: { o: "bind", type: "none", device: "lib/data" } } },
    });
  });

  it("merges the local definition over an included one of the same name", () => {
    const { doc } = load({
      "compose.yaml": "include: [{path: lib.yaml}]\nservices:\n  db:\n    environment: !override [B=2]\n    ports: ['5433:5432']\n",
      "lib.yaml": "services:\n  db:\n    image: pg\n    environment: [A=1]\n    ports: ['5432:5432']\n",
    });
    expect(doc?.services.db).toEqual({ image: "pg", environment: ["B=2"], ports: ["5432:5432", "5433:5432"] });
  });

  it("a cycle is a located error", () => {
    const r = load({
      "compose.yaml": "include: [a.yaml]\nservices: {}\n",
      "a.yaml": "include:\n  - compose.yaml\nservices: {}\n",
    });
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: Code.ComposeFileReference, path: "include[0]", pos: { file: "/virtual/a.yaml", line: 2 } });
    expect(r.diagnostics[0]?.message).toMatch(/^include cycle detected: .*compose\.yaml include .*a\.yaml include .*compose\.yaml$/);
  });
});

/** compose-go's own fixtures (loader/testdata), checked against what its loader tests expect. */
describe("compose-go testdata", () => {
  const present = existsSync(testdata);
  if (!present) console.log(`skipped: ${testdata} is absent`);
  const t = present ? it : it.skip;
  const inline = (text: string, ...more: string[]) =>
    loadComposeFiles([path.join(testdata, "(inline).yaml"), ...more.map((m) => path.join(testdata, m))], {
      ...fs({ "(inline).yaml": text }, testdata),
    });
  const services = (r: { document: unknown }) => (r.document as Doc).services;

  t("compose-include-cycle.yaml: include cycle detected", () => {
    const r = loadComposeFiles([path.join(testdata, "compose-include-cycle.yaml")]);
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: Code.ComposeFileReference, path: "include[0]", pos: { line: 2, col: 5 } });
    expect(r.diagnostics[0]?.message).toMatch(/^include cycle detected/);
  });

  t("compose-test-extends.yaml (TestLoadWithExtends): env_file relative to the extended file", () => {
    const r = loadComposeFiles([path.join(testdata, "compose-test-extends.yaml")]);
    expect(r.diagnostics).toEqual([]);
    expect(r.document).toEqual({
      name: "compose-test-extends",
      services: {
        importer: {
          image: "nginx",
          container_name: "${SOURCE:-imported}",
          env_file: ["subdir/extra.env"],
          volumes: ["/opt/data:/var/lib/mysql"],
        },
      },
    });
  });

  t("compose-test-extends-with-context-url.yaml: a remote build context is not rebased", () => {
    const r = loadComposeFiles([path.join(testdata, "compose-test-extends-with-context-url.yaml")]);
    expect(r.diagnostics).toEqual([]);
    expect(services(r)["importer-with-https-url"]).toEqual({ build: { context: "https://github.com/docker/compose.git" } });
  });

  t("compose-test-with-version.yaml: version dropped with a warning", () => {
    const r = loadComposeFiles([path.join(testdata, "compose-test-with-version.yaml")]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([[Code.Deprecated, "warning"]]);
    expect(r.document?.version).toBeUndefined();
    expect(r.document?.name).toBe("compose-test-with-version");
  });

  t("TestExtends: three services from extends/base.yaml, with `another` extending `base` there", () => {
    const r = inline(
      "services:\n  test1:\n    extends: {file: extends/base.yaml, service: base}\n    hostname: test1\n" +
        "  test3:\n    extends: {file: extends/base.yaml, service: another}\n    hostname: test3\n",
    );
    expect(r.diagnostics).toEqual([]);
    expect(services(r)).toEqual({ test1: { image: "base", hostname: "test1" }, test3: { image: "base", hostname: "test3" } });
  });

  t("TestExtendsPort / TestExtendsUlimits", () => {
    const r = inline(
      "services:\n  test:\n    image: test\n    extends: {file: extends/base.yaml, service: with-port}\n" +
        "  u:\n    extends: {file: extends/base.yaml, service: withUlimits}\n",
    );
    expect(services(r).test?.ports).toEqual(["8000:8000"]);
    expect(services(r).u?.ulimits).toEqual({ nproc: 65535, nofile: { soft: 20000, hard: 40000 } });
  });

  t("TestExtendsRelativePath: build context becomes extends/ (via sibling.yaml)", () => {
    const r = inline("services:\n  test:\n    extends: {file: extends/base.yaml, service: with-build}\n");
    expect(r.diagnostics).toEqual([]);
    expect(services(r).test?.build).toBe("extends");
  });

  t("TestExtendsNil: extending an empty service is not an error", () => {
    const r = inline("services:\n  test:\n    image: test\n    extends: {file: extends/base.yaml, service: nil}\n");
    expect(r.diagnostics).toEqual([]);
    expect(services(r).test).toEqual({ image: "test" });
  });

  t("TestExtendsWihtMissingService: extends.test.service is required", () => {
    const r = inline("services:\n  test:\n    image: test\n    extends: {file: extends/base.yaml}\n");
    expect(r.diagnostics.map((d) => d.message)).toEqual(["extends.test.service is required"]);
  });

  t("TestIncludeWithExtends: extends inside an included file", () => {
    const r = inline("include:\n  - extends/nested.yaml\n");
    expect(r.diagnostics).toEqual([]);
    expect(services(r)["with-build"]).toEqual({ build: "extends" });
  });

  t("TestExtendsPortOverride: the same port twice stays one port", () => {
    const r = inline("services:\n  test:\n    extends: {file: extends/ports.yaml, service: test}\n");
    const both = loadComposeFiles([path.join(testdata, "extends/ports.yaml"), path.join(testdata, "(inline).yaml")], {
      ...fs({ "(inline).yaml": "services:\n  test:\n    extends: {file: extends/ports.yaml, service: test}\n" }, testdata),
      projectDir: testdata,
    });
    expect(services(r).test?.ports).toEqual(["8080:8080"]);
    expect(both.diagnostics).toEqual([]);
    expect(services(both).test?.ports).toEqual(["8080:8080"]);
  });

  t("TestExtendsReset: !reset in the extended file's service", () => {
    const r = inline("services:\n  test:\n    extends: {file: extends/reset.yaml, service: base}\n");
    expect(r.diagnostics).toEqual([]);
    expect(services(r).test).toEqual({ image: "alpine:latest" });
  });

  t("TestExtendsWithInterpolation: values stay verbatim (no interpolation here)", () => {
    const r = inline("services:\n  test:\n    extends: {file: extends/interpolated.yaml, service: foo}\n");
    expect(services(r).test?.volumes).toEqual(["${SOURCE:-/dev/null}:/tmp/foo:ro"]);
  });

  t("extends/withdir: nested extends.file relative to the extending file", () => {
    const r = loadComposeFiles([path.join(testdata, "extends/withdir/compose.yaml")]);
    expect(r.diagnostics).toEqual([]);
    expect(services(r).test).toEqual({ image: "hello-world" });
  });

  t("TestIncludeRelative: include/compose.yaml keeps `.` paths", () => {
    const r = loadComposeFiles([path.join(testdata, "include/compose.yaml")]);
    expect(r.diagnostics).toEqual([]);
    expect(services(r).included).toEqual({ build: ".", volumes: ["./:/mnt"] });
  });

  t("TestIncludeWithProjectDirectory: paths resolved against project_directory ../subdir", () => {
    const r = loadComposeFiles([path.join(testdata, "include/project-directory.yaml")]);
    expect(r.diagnostics).toEqual([]);
    const s = services(r).service!;
    expect((s.build as Record<string, unknown>).context).toBe("../subdir");
    expect(s.volumes).toEqual([{ type: "bind", source: "../subdir/compose-test-extends-imported.yaml", target: "/mnt/bind/compose.yaml" }]);
    expect(s.env_file).toEqual(["../subdir/extra.env"]);
  });

  t("TestLoadIncludeExtendsCombined: include then extends in the included directory", () => {
    const r = loadComposeFiles([path.join(testdata, "combined/compose.yaml")]);
    expect(r.diagnostics).toEqual([]);
    expect(services(r).service).toEqual({ build: "dir" });
  });

  t("TestLoadWithMultipleInclude: the same service included twice is not an error", () => {
    const r = inline(
      "include:\n  - path: ./subdir/compose-test-extends-imported.yaml\n    env_file: ./subdir/extra.env\n  - path: ./compose-include.yaml\n" +
        "services:\n  foo:\n    image: busybox\n    depends_on: [imported]\n",
    );
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(services(r)).sort()).toEqual(["bar", "foo", "imported"]);
    expect(services(r).imported?.env_file).toEqual(["subdir/extra.env"]);
  });

  t("TestLoadWithMultipleIncludeConflict: !override on the local service", () => {
    const r = inline(
      "include:\n  - path: ./compose-include.yaml\nservices:\n  bar:\n    image: busybox\n    environment: !override\n      - ZOT=QIX\n",
    );
    expect(r.diagnostics).toEqual([]);
    expect(services(r).bar).toEqual({ image: "busybox", environment: ["ZOT=QIX"] });
  });

  t("TestLoadWithIncludeOverride: a later -f file overrides an included service", () => {
    const r = loadComposeFiles([path.join(testdata, "(inline).yaml"), path.join(testdata, "(override).yaml")], {
      ...fs(
        {
          "(inline).yaml": "include:\n  - ./subdir/compose-test-extends-imported.yaml\n",
          "(override).yaml": "services:\n  imported:\n    image: overridden\n",
        },
        testdata,
      ),
    });
    expect(r.diagnostics).toEqual([]);
    expect(services(r).imported?.image).toBe("overridden");
  });

  t("empty.yaml: an empty compose file", () => {
    const r = loadComposeFiles([path.join(testdata, "empty.yaml")]);
    expect(r.document).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual(["empty compose file"]);
  });

});
