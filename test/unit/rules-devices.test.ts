import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { normalizeDevice } from "../../src/normalize/rules/devices.js";

function norm(value: unknown) {
  const d = new Diagnostics();
  return { out: normalizeDevice(value, ["services", "web", "devices", 0], d), d };
}

describe("normalizeDevice", () => {
  it.each<[unknown, object]>([
    ["/dev/x:/dev/y:r", { source: "/dev/x", target: "/dev/y", permissions: "r" }],
    ["/dev/x:/dev/y", { source: "/dev/x", target: "/dev/y", permissions: "rwm" }],
    ["/dev/x", { source: "/dev/x", target: "/dev/x", permissions: "rwm" }],
    ["/dev/x::rw", { source: "/dev/x", target: "/dev/x", permissions: "rw" }],
    [{ source: "/dev/x" }, { source: "/dev/x", target: "/dev/x", permissions: "rwm" }],
    [{ source: "/dev/x", target: "/dev/y", permissions: "mr", "x-a": 1 }, { source: "/dev/x", target: "/dev/y", permissions: "mr", "x-a": 1 }],
    ["${GPU:-/dev/dri}:/dev/dri", { source: "${GPU:-/dev/dri}", target: "/dev/dri", permissions: "rwm" }],
  ])("%j", (input, want) => {
    const { out, d } = norm(input);
    expect(d.items).toEqual([]);
    expect(out).toEqual(want);
  });

  it("warns when the target looks like permissions, and keeps compose-go's reading", () => {
    const { out, d } = norm("/dev/x:rw");
    expect(out).toEqual({ source: "/dev/x", target: "rw", permissions: "rwm" });
    expect(d.warnings[0]!.message).toContain("/dev/x:/dev/x:rw");
  });

  it.each<[unknown, string]>([
    ["/a:/b:rw:x", Code.InvalidMount],
    ["/a:/b:rwx", Code.InvalidMount],
    ["/a:/b:rr", Code.InvalidMount],
    [":/b", Code.InvalidMount],
    [{ target: "/b" }, Code.InvalidMount],
    [{ source: "/a", perms: "r" }, Code.UnknownKey],
    [{ source: 1 }, Code.InvalidType],
    [3, Code.InvalidType],
  ])("rejects %j", (input, code) => {
    const { out, d } = norm(input);
    expect(out).toBeUndefined();
    expect(d.errors.map((e) => e.code)).toContain(code);
  });
});
