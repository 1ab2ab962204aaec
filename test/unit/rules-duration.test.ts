import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { formatDuration, normalizeDuration, parseDuration } from "../../src/normalize/rules/duration.js";

function norm(value: unknown) {
  const d = new Diagnostics();
  const out = normalizeDuration(value, ["services", "web", "healthcheck", "interval"], d);
  return { out, d };
}

describe("normalizeDuration", () => {
  it.each([
    ["90s", "1m30s"],
    ["1m", "1m0s"],
    ["1h", "1h0m0s"],
    ["500ms", "500ms"],
    ["1d", "24h0m0s"],
    ["1w", "168h0m0s"],
    ["1h30m", "1h30m0s"],
    ["1.5s", "1.5s"],
    ["1.5h", "1h30m0s"],
    ["0", "0s"],
    ["0s", "0s"],
    ["-0", "0s"],
    ["+5s", "5s"],
    ["-1m30s", "-1m30s"],
    ["1500us", "1.5ms"],
    ["1500µs", "1.5ms"],
    ["1500μs", "1.5ms"],
    ["1500ns", "1.5µs"],
    ["999ns", "999ns"],
    [".5s", "500ms"],
    ["1.s", "1s"],
    ["2h45m10.123456789s", "2h45m10.123456789s"],
    ["3600s", "1h0m0s"],
    ["100000h", "100000h0m0s"],
  ])("%s → %s", (input, want) => {
    const { out, d } = norm(input);
    expect(d.items).toEqual([]);
    expect(out).toBe(want);
  });

  it("accepts the number 0 only, as compose-go reads numbers as unit-less strings", () => {
    expect(norm(0).out).toBe("0s");
    const { out, d } = norm(30);
    expect(out).toBeUndefined();
    expect(d.errors[0]!.message).toContain('(e.g. "30s")');
  });

  it("keeps interpolation verbatim", () => {
    expect(norm("${INTERVAL:-30s}").out).toBe("${INTERVAL:-30s}");
  });

  it.each(["", "s", "1", "1x", "1 s", "1S", "1.5", ".s", "-", "1s2", "99999999999h", true, null, ["1s"]])("rejects %j", (input) => {
    const { out, d } = norm(input);
    expect(out).toBeUndefined();
    expect(d.errors.map((e) => e.code)).toEqual([Code.InvalidDuration]);
    expect(d.errors[0]!.path).toBe("services.web.healthcheck.interval");
  });

  it("names the unknown unit", () => {
    expect(norm("5sec").d.errors[0]!.message).toBe('invalid duration "5sec": unknown unit "sec"');
  });
});

describe("formatDuration (Go Duration.String)", () => {
  it("formats large values exactly", () => {
    expect(formatDuration((1n << 63n) - 1n)).toBe("2562047h47m16.854775807s");
    expect(formatDuration(-(1n << 62n))).toBe("-1281023h53m38.427387904s");
    expect(formatDuration(1n)).toBe("1ns");
    expect(formatDuration(1_000_001n)).toBe("1.000001ms");
  });
  it("parses fractions the way Go does", () => {
    expect(parseDuration("0.1h")).toBe(360_000_000_000n);
    expect(parseDuration("1.0000000001s")).toBe(1_000_000_000n);
  });
});
