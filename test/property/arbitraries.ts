/**
 * fast-check generators of hostile strings and models, shared by the property tests (YAML
 * round trip here; the Nix targets may reuse them). Every generator is pure data: no I/O.
 */
import fc from "fast-check";

/** Plain scalars YAML 1.1 or 1.2 readers take for something else than a string, and near misses. */
export const YAML_LOOKALIKES: readonly string[] = [
  "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
  "true", "True", "TRUE", "false", "False", "FALSE", "TrUe", "yEs",
  "~", "null", "Null", "NULL", "nULL", "",
  "0", "-0", "+1", "0755", "0o17", "0O17", "0b1010", "0B11", "0x1F", "0X1f", "+0x1F", "-0x_1", "1_000", "1__0", "_1",
  "22:22", "1:2:3", "190:20:30.15", "-1:00", "12:60",
  "1e3", "1E+3", "1.5e-3", ".5", "5.", "1_0.5", ".", "-.", "+.", "1.2.3", ".e1", "1e", "e1",
  ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", ".NAN", "inf", "nan", "NaN",
  "2001-12-14", "2001-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43Z", "20011214",
  "=", "==", "A==", "<<", "<<<", "< <",
  "-", "--", "---", "--- x", "---x", "...", "... x", "...x", "?", "? x", "?x", ":", ": x", ":x", "-x", "- x",
  "#", "# x", "a #b", "a#b", "a: b", "a:b", "a:", "a :", "a:\tb",
  "@x", "`x", ",x", "%x", "%YAML 1.2", "!x", "!!str x", "&a", "*a", "|", ">", "[a]", "{a: 1}", "]", "}",
  "'", "''", "'''", "'a'", '"', '""', '"a"', "a'b\"c", "\\", "\\n", "\\\"",
  "$$", "$${x}", "${X}", "${X:-d}", "${X?err}", "$", "costs 5$$", "$$$",
];

/** Characters that stress a YAML emitter: whitespace, breaks, controls, indicators, non-BMP, RTL, BOM. */
const STRESS_CHARS: readonly string[] = [
  " ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", "\u0085", "\u2028", "\u2029", "\u00a0", "\ufeff", "\ufffe", "\uffff",
  "\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u001f", "\u007f", "\u0080", "\u009f",
  ":", ": ", "#", " #", "-", "- ", "?", "'", '"', "\\", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`",
  "$", "$$", "${", "}", "=", "<<", "~", ".", "0", "1", "_", "x", "é", "中", "😀", "\u200f", "\u202e", "א", "ب", "\u0301",
  "---", "...",
];

/** Every C0 and C1 control character and DEL, one string each. */
export const CONTROL_CHARS: readonly string[] = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  "\u007f",
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)),
];

/**
 * A string made of stress pieces, look-alikes and ordinary text. Always with a UTF-8 form (no
 * unpaired surrogate: compose-ts refuses those before any emitter, see `hasUtf8Form`).
 */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...YAML_LOOKALIKES) },
  { weight: 1, arbitrary: fc.constantFrom(...CONTROL_CHARS) },
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...STRESS_CHARS) },
          { weight: 2, arbitrary: fc.constantFrom(...YAML_LOOKALIKES) },
          { weight: 3, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 6 }) },
          { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 3 }) },
        ),
        { maxLength: 8 },
      )
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...YAML_LOOKALIKES), fc.constantFrom(" ", "  ", "\t")).map(([s, ws]) => ws + s + ws) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }).filter(hasUtf8Form) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...STRESS_CHARS, ...YAML_LOOKALIKES), fc.integer({ min: 50, max: 300 }))
      .map(([s, n]) => (s || "a").repeat(Math.ceil(n / Math.max(1, s.length))).slice(0, n)),
  },
).filter(hasUtf8Form);

/**
 * Long strings at the limits: YAML implicit keys end at 1024 characters (as written, escapes
 * included), and long double-quoted values are folded at their line breaks.
 */
export const LONG_STRINGS: readonly string[] = [
  "k".repeat(1024), "k".repeat(1025), "\u2028".repeat(600), "\u0085".repeat(513), "\x01".repeat(300), "é".repeat(1100),
  "line one and some more text\n  indented line with trailing space \n".repeat(3), "a\n".repeat(40) + " x", "😀".repeat(700),
  "a\n\nb\n\n\n", "\n\nstarts with breaks", "---\n...\n%YAML", "tab\tinside\nblock\tliteral\n",
];

/** A hostile string usable as an extension key (`x-…`). */
export const extensionKey: fc.Arbitrary<string> = hostileString.map((s) => "x-" + s);

/** Whether a string has a UTF-8 form (no unpaired surrogate); compose-ts refuses the others. */
export function hasUtf8Form(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** Scalars as a model holds them: mostly hostile strings, some numbers, booleans and null. */
export const hostileScalar: fc.Arbitrary<string | number | boolean | null> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
);

/** Nested plain data (maps with hostile keys, lists, hostile scalars), as extension values carry. */
export const hostileTree: fc.Arbitrary<unknown> = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileScalar,
    fc.array(tie("tree"), { maxLength: 4 }),
    fc.dictionary(hostileString, tie("tree"), { maxKeys: 4 }),
  ),
})).tree;
