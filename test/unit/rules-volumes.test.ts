import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { cleanPath, isFilePath, normalizeVolumeMount, volumeKey } from "../../src/normalize/rules/volumes.js";

const at = ["services", "web", "volumes", 0];

function run(value: unknown) {
  const d = new Diagnostics();
  return { v: normalizeVolumeMount(value, at, d), d };
}
function ok(value: unknown) {
  const { v, d } = run(value);
  expect(d.items).toEqual([]);
  return v;
}
function fails(value: unknown, code: string = Code.InvalidMount) {
  const { v, d } = run(value);
  expect(v).toBeUndefined();
  expect(d.errors.map((e) => e.code)).toContain(code);
  return d.errors;
}

describe("short syntax", () => {
  it("keeps relative and home-relative bind sources as written", () => {
    expect(ok("./data:/data:ro")).toEqual({ type: "bind", source: "./data", target: "/data", read_only: true, bind: {} });
    expect(ok("~/configs:/etc/configs")).toEqual({ type: "bind", source: "~/configs", target: "/etc/configs", bind: {} });
    expect(ok(".:/code")).toMatchObject({ type: "bind", source: "." });
  });

  it("takes names as named volumes and a lone path as anonymous", () => {
    expect(ok("named:/x")).toEqual({ type: "volume", source: "named", target: "/x", volume: {} });
    expect(ok("/var/lib/anon")).toEqual({ type: "volume", target: "/var/lib/anon", volume: {} });
  });

  it("cleans the target", () => {
    expect(ok("./a:/x/y/../z/")).toMatchObject({ target: "/x/z" });
    expect(ok("data://srv//data/.")).toMatchObject({ target: "/srv/data" });
  });

  it("reads options", () => {
    expect(ok("~/c:/c:z")).toMatchObject({ bind: { selinux: "z" } });
    expect(ok("/h:/c:ro,rshared")).toEqual({ type: "bind", source: "/h", target: "/c", read_only: true, bind: { propagation: "rshared" } });
    expect(ok("vol:/c:nocopy")).toEqual({ type: "volume", source: "vol", target: "/c", volume: { nocopy: true } });
    expect(ok("/h:/c:ro,rw")).not.toHaveProperty("read_only");
  });

  it("keeps options that do not fit the type, as compose-go does", () => {
    expect(ok("vol:/c:Z")).toEqual({ type: "volume", source: "vol", target: "/c", bind: { selinux: "Z" }, volume: {} });
  });

  it("warns about unknown options", () => {
    const { v, d } = run("/h:/c:rox");
    expect(v).toMatchObject({ type: "bind" });
    expect(d.warnings[0]!.message).toContain('"rox"');
  });

  it("handles Windows paths", () => {
    expect(ok("C:\\data:/data")).toEqual({ type: "bind", source: "C:\\data", target: "/data", bind: {} });
    expect(ok("\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine")).toMatchObject({ type: "bind", source: "\\\\.\\pipe\\docker_engine" });
    expect(ok("/h:c:/target")).toMatchObject({ source: "/h", target: "c:/target" });
  });

  it("treats 1–2 characters as a bare target", () => {
    expect(ok("/a")).toEqual({ type: "volume", target: "/a" });
  });

  it("keeps interpolated parts whole and guesses the type from defaults", () => {
    expect(ok("${DATA:-./data}:/data")).toMatchObject({ type: "bind", source: "${DATA:-./data}", target: "/data" });
    expect(ok("${HOME}/x:/x")).toMatchObject({ type: "bind" });
    expect(ok("${VOL:-myvol}:/x")).toMatchObject({ type: "volume", source: "${VOL:-myvol}" });
    expect(ok("/h:${TARGET:-/x}")).toMatchObject({ target: "${TARGET:-/x}" });
  });

  it("warns when an interpolated source gives no hint", () => {
    const { v, d } = run("${CONFIG}:/config");
    expect(v).toMatchObject({ type: "bind", source: "${CONFIG}" });
    expect(d.warnings).toHaveLength(1);
  });

  it("rejects malformed specs", () => {
    expect(fails("")[0]!.message).toMatch(/empty/);
    expect(fails("/a::/b")[0]!.message).toMatch(/empty section/);
    expect(fails("/a:/b:ro:x")[0]!.message).toMatch(/too many colons/);
    fails(42, Code.InvalidType);
  });
});

describe("long syntax", () => {
  it("cleans the target and keeps the source; bind only if given", () => {
    expect(ok({ type: "bind", source: "./opt", target: "/opt/cached/", consistency: "cached" })).toEqual({
      type: "bind",
      source: "./opt",
      target: "/opt/cached",
      consistency: "cached",
    });
    expect(ok({ type: "bind", source: "./x", target: "/x", bind: {} })).toEqual({ type: "bind", source: "./x", target: "/x", bind: {} });
  });

  it("omits create_host_path when true and prints it when false", () => {
    expect(ok({ type: "bind", source: "/a", target: "/b", bind: { create_host_path: true } })!.bind).toEqual({});
    expect(ok({ type: "bind", source: "/a", target: "/b", bind: { create_host_path: false } })!.bind).toEqual({ create_host_path: false });
  });

  it("converts tmpfs size to bytes and octal string modes", () => {
    expect(ok({ type: "tmpfs", target: "/t", tmpfs: { size: "1kb", mode: "01777" } })).toEqual({
      type: "tmpfs",
      target: "/t",
      tmpfs: { size: "1024", mode: 0o1777 },
    });
    expect(ok({ type: "tmpfs", target: "/t", tmpfs: { size: 10000 } })!.tmpfs).toEqual({ size: "10000" });
  });

  it("casts booleans given as strings", () => {
    expect(ok({ type: "volume", source: "v", target: "/v", read_only: "true", volume: { nocopy: "false", subpath: "sub" } })).toEqual({
      type: "volume",
      source: "v",
      target: "/v",
      read_only: true,
      volume: { subpath: "sub" },
    });
    expect(ok({ type: "volume", source: "v", target: "/v", read_only: "${RO}" })!.read_only).toBe("${RO}");
  });

  it("keeps volume labels as a sorted map and extensions", () => {
    expect(ok({ type: "volume", target: "/v", volume: { labels: ["b=2", "a"] }, "x-k": 1 })).toEqual({
      type: "volume",
      target: "/v",
      volume: { labels: { a: "", b: "2" } },
      "x-k": 1,
    });
  });

  it("reports every problem", () => {
    const errors = fails({ type: "blind", bind: { propagation: "up", selinux: "q" }, redonly: true }, Code.InvalidValue);
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "services.web.volumes[0].type",
        "services.web.volumes[0].target",
        "services.web.volumes[0].bind.propagation",
        "services.web.volumes[0].bind.selinux",
        "services.web.volumes[0].redonly",
      ]),
    );
    expect(errors.find((e) => e.path.endsWith(".type"))!.message).toContain('did you mean "bind"');
    fails({ target: "/x" }, Code.MissingKey);
    fails({ type: "tmpfs", target: "/t", tmpfs: { size: "lots" } }, Code.InvalidByteSize);
  });
});

describe("helpers", () => {
  it("cleanPath matches Go path.Clean", () => {
    expect(cleanPath("")).toBe(".");
    expect(cleanPath("/..")).toBe("/");
    expect(cleanPath("a/../..")).toBe("..");
    expect(cleanPath("//a//b/")).toBe("/a/b");
  });
  it("isFilePath follows format/volume.go", () => {
    expect(["./x", "/x", "~/x", "\\\\pipe", "C:\\x", "c:"].map(isFilePath)).toEqual([true, true, true, true, true, true]);
    expect(["x", "", "C", "data:"].map(isFilePath)).toEqual([false, false, false, false]);
  });
  it("volumeKey is the target", () => {
    expect(volumeKey(ok("./a:/b/")!)).toBe("/b");
  });
});

describe("compose-go golden full example", () => {
  const golden = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/spec/compose-go-golden");
  const input = path.join(golden, "full-example.input.yml");
  const expected = path.join(golden, "full-example.expected-marshal.yaml");
  const present = existsSync(input) && existsSync(expected);
  if (!present) console.log(`skipping golden volumes check: ${golden} not found`);
  it.skipIf(!present)("matches compose-go's volumes for services.foo, except absolute paths", () => {
    const inVols = parse(readFileSync(input, "utf8")).services.foo.volumes as unknown[];
    const want = parse(readFileSync(expected, "utf8")).services.foo.volumes as Record<string, unknown>[];
    const d = new Diagnostics();
    const got = inVols.map((v, i) => normalizeVolumeMount(v, ["services", "foo", "volumes", i], d));
    expect(d.items).toEqual([]);
    // compose-go made the sources absolute; compose-ts keeps them as written.
    const relative: Record<string, string> = { "/WORKDIR": ".", "/WORKDIR/static": "./static", "/HOME/configs": "~/configs", "/WORKDIR/opt": "./opt" };
    const wantRelative = want.map((v) => (typeof v.source === "string" && v.source in relative ? { ...v, source: relative[v.source] } : v));
    expect(got).toEqual(wantRelative);
  });
});
