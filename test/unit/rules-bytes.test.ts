import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { normalizeByteSize } from "../../src/normalize/rules/bytes.js";

function norm(value: unknown) {
  const d = new Diagnostics();
  const out = normalizeByteSize(value, ["services", "web", "mem_limit"], d);
  return { out, d };
}

describe("normalizeByteSize", () => {
  it.each([
    ["512m", "536870912"],
    ["1gb", "1073741824"],
    ["50M", "52428800"],
    ["1kb", "1024"],
    ["1KiB", "1024"],
    ["1.5g", "1610612736"],
    ["1 g", "1073741824"],
    ["100b", "100"],
    ["100", "100"],
    ["0100", "100"],
    ["+5", "5"],
    ["-1", "-1"],
    ["2t", "2199023255552"],
    ["1p", "1125899906842624"],
    ["0.5k", "512"],
    ["1e3", "1000"],
    ["1.9", "1"],
    [".5k", "512"],
    ["9223372036854775807", "9223372036854775807"],
  ])("%s → %s", (input, want) => {
    const { out, d } = norm(input);
    expect(d.items).toEqual([]);
    expect(out).toBe(want);
  });

  it("keeps integers and interpolation", () => {
    expect(norm(10000).out).toBe("10000");
    expect(norm(-1).out).toBe("-1");
    expect(norm("${MEM:-512m}").out).toBe("${MEM:-512m}");
  });

  it.each(["", "m", "1x", "1kbb", "1bb", "1mib2", "-1k", "1  g", "1g ", "lots", "1.5.5m", "99999999p", 1.5, true, null])("rejects %j", (input) => {
    const { out, d } = norm(input);
    expect(out).toBeUndefined();
    expect(d.errors.map((e) => e.code)).toEqual([Code.InvalidByteSize]);
  });

  it("names the bad suffix", () => {
    expect(norm("5x").d.errors[0]!.message).toBe('invalid byte size "5x": invalid suffix "x"');
  });
});
