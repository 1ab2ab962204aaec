import { describe, expect, it, test } from "vitest";
import {
  apply,
  attr,
  attrs,
  bool,
  float,
  formals,
  fromData,
  ident,
  indentedNixString,
  inherit,
  int,
  lambda,
  letIn,
  list,
  nixAttrName,
  NixPrintError,
  nul,
  printNix,
  printNixFile,
  quoteNixString,
  raw,
  searchPath,
  str,
  type NixExpr,
} from "../../src/emit/nix/index.js";
import { evalNixJson, nixUnavailable, parseNix } from "../helpers/nix.js";

if (nixUnavailable) console.warn(nixUnavailable);

describe("scalars", () => {
  it("prints strings, numbers, booleans, null", () => {
    expect(printNix(str("hi"))).toBe('"hi"\n');
    expect(printNix(int(42))).toBe("42\n");
    expect(printNix(int(-7))).toBe("-7\n");
    expect(printNix(int(9007199254740993n))).toBe("9007199254740993\n");
    expect(printNix(int(-9223372036854775808n))).toBe("(-9223372036854775807 - 1)\n");
    expect(printNix(float(0.5))).toBe("0.5\n");
    expect(printNix(float(2))).toBe("2.0\n");
    expect(printNix(float(1e21))).toBe("1.0e+21\n");
    expect(printNix(float(1.5e-7))).toBe("1.5e-7\n");
    expect(printNix(bool(true))).toBe("true\n");
    expect(printNix(nul)).toBe("null\n");
  });

  it("rejects what Nix cannot hold", () => {
    expect(() => printNix(int(1.5))).toThrow(NixPrintError);
    expect(() => printNix(int(2n ** 63n))).toThrow(NixPrintError);
    expect(() => printNix(float(Number.NaN))).toThrow(NixPrintError);
    expect(() => printNix(float(5e-324))).toThrow(NixPrintError);
    expect(() => printNix(str("a\0b"))).toThrow(NixPrintError);
    expect(() => printNix(str("\uD800"))).toThrow(NixPrintError);
    expect(() => printNix(ident("a.b c"))).toThrow(NixPrintError);
    expect(() => printNix(ident("let"))).toThrow(NixPrintError);
  });

  it('escapes "…" strings', () => {
    expect(quoteNixString('a"b\\c${d}$e\n\r\t')).toBe('"a\\"b\\\\c\\${d}$e\\n\\r\\t"');
    expect(quoteNixString("$${x}")).toBe('"$\\${x}"');
  });

  it("quotes attribute names that are not identifiers or are keywords", () => {
    expect(nixAttrName("foo_bar-1'")).toBe("foo_bar-1'");
    expect(nixAttrName("com.example")).toBe('"com.example"');
    expect(nixAttrName("if")).toBe('"if"');
    expect(nixAttrName("or")).toBe('"or"');
    expect(nixAttrName("1abc")).toBe('"1abc"');
    expect(nixAttrName("${x}")).toBe('"\\${x}"');
    expect(nixAttrName("")).toBe('""');
  });
});

describe("indented strings", () => {
  it("uses ''…'' for multi-line values with escapes", () => {
    expect(printNix(attrs([attr("s", str("a ${b}\nc '' d\n"))]))).toBe(
      "{\n  s = ''\n    a ''${b}\n    c ''' d\n  '';\n}\n",
    );
    expect(printNix(attrs([attr("s", str("a\n\n  b"))]))).toBe("{\n  s = ''\n    a\n\n      b'';\n}\n");
  });

  it("falls back to \"…\" when '' form could not hold the value exactly", () => {
    for (const v of ["  a\n  b", "a\tb\nc", "a\r\nb", "a\n  ", "a\nb'", "'${x}\n"]) {
      expect(indentedNixString(v, 0), JSON.stringify(v)).toBeUndefined();
      expect(printNix(str(v))).toBe(quoteNixString(v) + "\n");
    }
    expect(printNix(str("one line"))).toBe('"one line"\n');
    expect(printNix(str("a\nb", "double"))).toBe('"a\\nb"\n');
  });
});

describe("compound forms", () => {
  it("prints empty and inline lists, and long or nested ones one per line", () => {
    expect(printNix(list([]))).toBe("[ ]\n");
    expect(printNix(attrs([]))).toBe("{ }\n");
    expect(printNix(list([str("a"), int(1), int(-2), nul]))).toBe('[ "a" 1 (-2) null ]\n');
    const long = list(Array.from({ length: 12 }, (_, i) => str(`item-number-${i}`)));
    expect(printNix(long)).toBe(`[\n${Array.from({ length: 12 }, (_, i) => `  "item-number-${i}"`).join("\n")}\n]\n`);
    expect(printNix(list([attrs([attr("a", int(1))]), list([])]))).toBe("[\n  {\n    a = 1;\n  }\n  [ ]\n]\n");
  });

  it("collapses one-key sets into dotted paths, but keeps larger sets", () => {
    const e = attrs([
      attr("services", attrs([attr("web", attrs([attr("service", attrs([attr("image", str("nginx"))]))]))])),
      attr("a", attrs([attr("x", int(1)), attr("y", int(2))])),
      attr("labels", attrs([attr("com.example.k", str("v"))])),
    ]);
    expect(printNix(e)).toBe(
      '{\n  services.web.service.image = "nginx";\n  a = {\n    x = 1;\n    y = 2;\n  };\n  labels."com.example.k" = "v";\n}\n',
    );
    expect(printNix(attrs([attr("a", attrs([attr("b", int(1))], { collapse: false }))]))).toBe(
      "{\n  a = {\n    b = 1;\n  };\n}\n",
    );
  });

  it("prints function headers, let, inherit, application, comments, search paths", () => {
    const e = lambda(
      formals(["pkgs", { name: "lib", default: ident("pkgs.lib") }]),
      letIn(
        [attr("x", apply(ident("lib.mkForce"), int(-1)))],
        attrs([
          inherit(["x"]),
          inherit(["hello"], ident("pkgs")),
          attr("p", apply(ident("import"), searchPath("nixpkgs"), attrs([])), "from NIX_PATH\nsecond line"),
          attr("r", raw("builtins.currentSystem")),
          attr("f", lambda("y", ident("y"))),
        ]),
      ),
    );
    expect(printNixFile({ header: ["Generated by compose-ts"], body: e })).toBe(
      [
        "# Generated by compose-ts",
        "{ pkgs, lib ? pkgs.lib, ... }:",
        "let",
        "  x = lib.mkForce (-1);",
        "in",
        "{",
        "  inherit x;",
        "  inherit (pkgs) hello;",
        "  # from NIX_PATH",
        "  # second line",
        "  p = import <nixpkgs> { };",
        "  r = builtins.currentSystem;",
        "  f = y: y;",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keeps comment text on comment lines", () => {
    const text = printNixFile({ header: ["a\r\nb = 1;\rc"], body: attrs([]) });
    expect(text).toBe("# a\n# b = 1;\n# c\n{ }\n");
  });

  it("converts data with sorted keys and ints vs floats", () => {
    expect(printNix(fromData({ b: [1, 1.5], a: { k: null }, "x y": true }))).toBe(
      '{\n  a = {\n    k = null;\n  };\n  b = [ 1 1.5 ];\n  "x y" = true;\n}\n',
    );
  });
});

const adversarial = [
  "${x}",
  "''",
  "'''",
  "''$",
  '"',
  "\\",
  "\n",
  "$${",
  "$${x}",
  "trailing $",
  "$",
  "$$",
  "\\${x}",
  "''${x}",
  "'${x}",
  "a'",
  "''\\n",
  "unicode: é 中文 😀 \u200b",
  "\r",
  "a\r\nb\r\n",
  "\ttab\n\tline",
  "yes",
  "0755",
  "~",
  "",
  "multi\nline ${x} '' ''' $${y}\n  indented\n",
  "multi\nno trailing newline",
  "  leading\n  spaces",
  "line\n   \nwith blank-ish line\n",
  "\nstarts with newline",
  "ends with quote '\nx'",
  "ends $\n$",
  "'''\n'",
  "a''\n''b\n",
  "${\n}",
  "#not a comment\n/* nor this */",
];

describe.skipIf(nixUnavailable !== undefined)("round trip through nix-instantiate", () => {
  test("adversarial strings evaluate to themselves, as values and attribute names", () => {
    const e = attrs([
      attr("v", list(adversarial.map((s) => str(s)))),
      attr("d", list(adversarial.map((s) => str(s, "double")))),
      attr("names", attrs(adversarial.map((s, i) => attr(s, int(i))), { collapse: false })),
    ]);
    const text = printNix(e);
    const got = evalNixJson(text) as { v: string[]; d: string[]; names: Record<string, number> };
    expect(got.v).toEqual(adversarial);
    expect(got.d).toEqual(adversarial);
    expect(got.names).toEqual(Object.fromEntries(adversarial.map((s, i) => [s, i])));
  });

  test.each(adversarial.map((s) => [JSON.stringify(s), s]))("{ v = %s; } alone", (_, s) => {
    expect(evalNixJson(printNix(attrs([attr("v", str(s))])))).toEqual({ v: s });
  });

  test("numbers read back as the same value", () => {
    const ints = [0, 1, -1, 42, -9007199254740991, 9007199254740991];
    const floats = [0.1, -0.5, 2, 1e21, 1.5e-7, 2.2250738585072014e-308, 1.7976931348623157e308, 123.456];
    const e = attrs([
      attr("ints", list(ints.map((n) => int(n)))),
      attr("big", list([int(-9223372036854775808n), int(9223372036854775807n)])),
      // Nix prints floats with 6 digits; compare inside Nix against the exact JSON reading.
      attr(
        "floatsEqual",
        list(floats.map((f) => apply(raw("(x: x == builtins.fromJSON"), str(JSON.stringify(f)), raw(")"), float(f)))),
      ),
      attr("isFloat", list(floats.map((f) => apply(ident("builtins.isFloat"), float(f))))),
    ]);
    const got = evalNixJson(printNix(e)) as Record<string, unknown>;
    expect(got.ints).toEqual(ints);
    expect(got.floatsEqual).toEqual(floats.map(() => true));
    expect(got.isFloat).toEqual(floats.map(() => true));
    expect(evalNixJson("toString (builtins.elemAt " + printNix(e).trim() + ".big 0)")).toBe("-9223372036854775808");
  });

  test("a complex expression parses and evaluates", () => {
    const e: NixExpr = lambda(
      formals(["pkgs"]),
      letIn(
        [attr("name", str("p ${x}"))],
        attrs([
          attr(["project", "name"], ident("name")),
          attr("nested", attrs([attr("deep", attrs([attr("er", list([attrs([attr("k", bool(false))]), float(-1.25)]))]))])),
          attr("s", str("multi\nline\n")),
          inherit(["pkgs"]),
        ]),
      ),
    );
    const text = printNixFile({ header: ["header ${comment}\n''"], body: e });
    expect(parseNix(text)).toContain("project");
    expect(evalNixJson(`(${text}) { pkgs = 1; }`)).toEqual({
      project: { name: "p ${x}" },
      nested: { deep: { er: [{ k: false }, -1.25] } },
      s: "multi\nline\n",
      pkgs: 1,
    });
  });
});
