import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { normalizeExtraHosts } from "../../src/normalize/rules/extra-hosts.js";

function norm(value: unknown) {
  const d = new Diagnostics();
  return { out: normalizeExtraHosts(value, ["services", "web", "extra_hosts"], d), d };
}
function ok(value: unknown) {
  const { out, d } = norm(value);
  expect(d.items).toEqual([]);
  return out;
}

describe("normalizeExtraHosts", () => {
  it("turns host:ip and host=ip lists into a sorted host=ip list", () => {
    expect(ok(["somehost:162.242.195.82", "otherhost=50.31.209.229", "host.docker.internal:host-gateway"])).toEqual([
      "host.docker.internal=host-gateway",
      "otherhost=50.31.209.229",
      "somehost=162.242.195.82",
    ]);
  });

  it("prefers = so IPv6 colons survive, and strips brackets", () => {
    expect(ok(["v6=::1", "v6b:[fe80::1]", "v6c:::2"])).toEqual(["v6=::1", "v6b=fe80::1", "v6c=::2"]);
  });

  it("splits comma-separated IPs in lists and accepts several IPs in mappings", () => {
    expect(ok(["multi=10.0.0.1,10.0.0.2"])).toEqual(["multi=10.0.0.1", "multi=10.0.0.2"]);
    expect(ok({ b: "1.2.3.4", a: ["10.0.0.2", "[::1]"] })).toEqual(["a=10.0.0.2", "a=::1", "b=1.2.3.4"]);
  });

  it("keeps interpolation", () => {
    expect(ok(["${H:-db}:${IP}"])).toEqual(["${H:-db}=${IP}"]);
  });

  it("rejects entries without ip, bad host names and bad shapes", () => {
    expect(norm(["nohost"]).d.errors[0]!.message).toContain("missing ip");
    expect(norm(["=1.2.3.4"]).d.errors[0]!.message).toContain("bad host name");
    expect(norm({ "a:b": "1.2.3.4" }).d.errors[0]!.message).toContain("bad host name");
    expect(norm({ a: null }).d.errors[0]!.code).toBe(Code.InvalidValue);
    expect(norm("h:1.2.3.4").d.errors[0]!.code).toBe(Code.InvalidType);
    expect(norm("h:1.2.3.4").out).toEqual([]);
  });
});
