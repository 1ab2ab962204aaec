import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import {
  checkInterpolation,
  hasInterpolation,
  interpolate,
  splitOutsideInterpolation,
  tokenize,
  withDefaults,
} from "../../src/normalize/rules/interpolation.js";

const env: Record<string, string> = { SET: "value", EMPTY: "", NUM: "42", lower_case: "lc" };
const lookup = (name: string) => env[name];
const at = ["services", "web", "image"];

function interp(s: string) {
  const d = new Diagnostics();
  return { out: interpolate(s, lookup, at, d), d };
}
function ok(s: string) {
  const { out, d } = interp(s);
  expect(d.errors).toEqual([]);
  return out;
}

describe("interpolate", () => {
  it.each([
    ["$SET", "value"],
    ["${SET}", "value"],
    ["a${SET}b$SET.c", "avalueb" + "value.c"],
    ["${lower_case}", "lc"],
    ["${EMPTY:-d}", "d"],
    ["${EMPTY-d}", ""],
    ["${UNSET-d}", "d"],
    ["${UNSET:-d}", "d"],
    ["${SET:-d}", "value"],
    ["${SET:+r}", "r"],
    ["${EMPTY:+r}", ""],
    ["${EMPTY+r}", "r"],
    ["${UNSET+r}", ""],
    ["${UNSET:+r}", ""],
    ["${SET:?e}", "value"],
    ["${EMPTY?e}", ""],
    ["${UNSET:-${SET}}", "value"],
    ["${UNSET:-${UNSET2:-x}}y", "xy"],
    ["${UNSET:-a-b:c}", "a-b:c"],
    ["${UNSET:-x} and ${SET}", "x and value"],
    ["${UNSET:-{x}}", "{x}"],
    ["$$SET", "$SET"],
    ["$${SET}", "${SET}"],
    ["cost: $5 and $ and $", "cost: $5 and $ and $"],
    ["${UNSET:-$$}", "$"],
    ["${SET:-a}}", "value}"],
  ])("%s → %s", (input, want) => {
    expect(ok(input)).toBe(want);
  });

  it("warns about an unset variable without default", () => {
    const { out, d } = interp("x${UNSET}y$UNSET2");
    expect(out).toBe("xy");
    expect(d.warnings.map((w) => w.message)).toEqual([
      'the "UNSET" variable is not set, defaulting to a blank string',
      'the "UNSET2" variable is not set, defaulting to a blank string',
    ]);
  });

  it("errors on a required variable", () => {
    expect(interp("${UNSET:?set it to ${NUM}}").d.errors[0]!.message).toBe("required variable UNSET is missing a value: set it to 42");
    expect(interp("${EMPTY:?}").d.errors[0]!.message).toBe("required variable EMPTY is missing a value");
    expect(interp("${UNSET?}").d.errors[0]!.code).toBe(Code.InvalidInterpolation);
  });

  it("errors on malformed expressions", () => {
    for (const s of ["${}", "${1}", "${A B}", "${A", "${A:x}", "${A:-x", "x ${", "${A:-x\n}"]) {
      const { d } = interp(s);
      expect(d.errors, s).toHaveLength(1);
      expect(d.errors[0]!.message).toContain("invalid interpolation format for services.web.image");
      expect(d.errors[0]!.message).toContain("You may need to escape any $ with another $");
    }
  });
});

describe("checkInterpolation", () => {
  it("accepts valid and escaped forms", () => {
    const d = new Diagnostics();
    for (const s of ["plain", "$A ${B} ${C:-${D:-x}} $$ $1 $", "${A:?msg with spaces}"]) checkInterpolation(s, at, d);
    expect(d.items).toEqual([]);
  });
  it("checks nested defaults even when they would not be used", () => {
    const d = new Diagnostics();
    checkInterpolation("${SET:-${}}", at, d);
    expect(d.errors.map((e) => e.code)).toEqual([Code.InvalidInterpolation]);
  });
});

describe("helpers", () => {
  it("hasInterpolation ignores $$ and lone $", () => {
    expect(["$A", "${A}", "x${A:-1}", "${"].map(hasInterpolation)).toEqual([true, true, true, true]);
    expect(["$$A", "$1", "a $ b", "plain"].map(hasInterpolation)).toEqual([false, false, false, false]);
  });
  it("splitOutsideInterpolation keeps expressions whole", () => {
    expect(splitOutsideInterpolation("${IP:-::1}:${P:-80}:80", ":")).toEqual(["${IP:-::1}", "${P:-80}", "80"]);
  });
  it("withDefaults substitutes defaults only", () => {
    expect(withDefaults("${A:-./x}/${B}/${C-c}$$")).toBe("./x//c$");
  });
  it("tokenize cuts at the balanced brace like compose-go", () => {
    expect(tokenize("${A:-${B}} ${C}").map((t) => t.kind === "var" ? t.raw : t.kind)).toEqual(["${A:-${B}}", "text", "${C}"]);
  });
});
