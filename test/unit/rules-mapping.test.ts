import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { goNumberString, toStringMap } from "../../src/normalize/rules/mapping.js";

function env(value: unknown) {
  const d = new Diagnostics();
  return { out: toStringMap(value, ["services", "web", "environment"], d, { nullAs: "null" }), d };
}
function labels(value: unknown) {
  const d = new Diagnostics();
  return { out: toStringMap(value, ["services", "web", "labels"], d, { nullAs: "empty" }), d };
}

describe("toStringMap", () => {
  it("turns an environment list into a sorted map with null for bare keys", () => {
    const { out, d } = env(["FOO=bar", "UNSET", "EMPTY=", "EQ=a=b", "N=1"]);
    expect(d.items).toEqual([]);
    expect(out).toEqual({ EMPTY: "", EQ: "a=b", FOO: "bar", N: "1", UNSET: null });
    expect(Object.keys(out)).toEqual(["EMPTY", "EQ", "FOO", "N", "UNSET"]);
  });

  it("stringifies scalars in mappings like compose-go", () => {
    const { out } = env({ z: 1024, b: true, f: 0.5, tiny: 0.00001, big: 1e21, n: null, s: "x" });
    expect(out).toEqual({ b: "true", big: "1e+21", f: "0.5", n: null, s: "x", tiny: "1e-05", z: "1024" });
  });

  it("uses empty strings for labels", () => {
    expect(labels(["a.b=c", "x"]).out).toEqual({ "a.b": "c", x: "" });
    expect(labels({ k: null }).out).toEqual({ k: "" });
  });

  it("lets a later list entry win", () => {
    expect(env(["A=1", "A=2"]).out).toEqual({ A: "2" });
  });

  it("rejects a key with a trailing space, an empty key and nested values", () => {
    const { out, d } = env(["KEY =v", "=v", ["x"], "OK=1"]);
    expect(out).toEqual({ OK: "1" });
    expect(d.errors.map((e) => [e.path, e.code])).toEqual([
      ["services.web.environment[0]", Code.InvalidValue],
      ["services.web.environment[1]", Code.InvalidValue],
      ["services.web.environment[2]", Code.InvalidType],
    ]);
    expect(d.errors[0]!.message).toContain('"KEY "');
    expect(env({ a: { b: 1 } }).d.errors[0]!.path).toBe("services.web.environment.a");
    expect(env("A=1").d.errors[0]!.code).toBe(Code.InvalidType);
  });

  it("goNumberString matches Go's %v for floats", () => {
    expect([1, -2.5, 1e20, 1e21, 0.0001, 0.00001, 1.5e-7, 123456789012].map(goNumberString)).toEqual([
      "1", "-2.5", "100000000000000000000", "1e+21", "0.0001", "1e-05", "1.5e-07", "123456789012",
    ]);
  });
});
