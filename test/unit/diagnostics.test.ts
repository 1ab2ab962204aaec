import { describe, expect, it } from "vitest";
import { Code, Diagnostics, closest, didYouMean, formatPath, parsePath, type PathSegment } from "../../src/diagnostics/index.js";

describe("diagnostic paths", () => {
  const cases: PathSegment[][] = [
    ["services", "web", "ports", 0],
    ["services", "my.svc", "labels", "com.example.x"],
    ["x-a", "b-c", 3, 'q"uote'],
    [],
  ];
  it.each(cases)("formats and parses back %j", (...p) => {
    expect(parsePath(formatPath(p))).toEqual(p);
  });
  it("reads like Compose paths", () => {
    expect(formatPath(["services", "web", "depends_on", 0])).toBe("services.web.depends_on[0]");
    expect(formatPath(["services", "web", "labels", "com.example.x"])).toBe('services.web.labels["com.example.x"]');
  });
});

describe("did you mean", () => {
  it("suggests close names only", () => {
    expect(closest("dbb", ["db", "web"])).toBe("db");
    expect(closest("enviroment", ["environment", "env_file"])).toBe("environment");
    expect(closest("zzzzzz", ["db", "web"])).toBeUndefined();
    expect(didYouMean("wbe", ["web"])).toBe(' — did you mean "web"?');
  });
});

describe("Diagnostics", () => {
  it("collects errors and warnings as data, once each", () => {
    const d = new Diagnostics();
    d.error(Code.UnknownReference, ["services", "a"], "x");
    d.error(Code.UnknownReference, ["services", "a"], "x");
    d.warn(Code.Deprecated, "version", "obsolete");
    expect(d.items).toEqual([
      { code: "CT0102", severity: "error", path: "services.a", message: "x" },
      { code: "CT0160", severity: "warning", path: "version", message: "obsolete" },
    ]);
    expect(d.hasErrors()).toBe(true);
  });
});
