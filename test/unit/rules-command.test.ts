import { describe, expect, it } from "vitest";
import { Code, Diagnostics } from "../../src/diagnostics/index.js";
import { shellSplit, splitCommand } from "../../src/normalize/rules/command.js";

function split(value: string) {
  const d = new Diagnostics();
  return { args: splitCommand(value, ["services", "web", "command"], d), d };
}
function ok(value: string) {
  const { args, d } = split(value);
  expect(d.items).toEqual([]);
  return args;
}

describe("splitCommand", () => {
  it.each<[string, string[]]>([
    [`sh -c "echo 'hi' && x"`, ["sh", "-c", "echo 'hi' && x"]],
    ["  npm   run  start ", ["npm", "run", "start"]],
    ["", []],
    ["   ", []],
    [`""`, [""]],
    [`a '' b`, ["a", "", "b"]],
    [`echo "a\\"b"`, ["echo", `a"b`]],
    [`echo 'a\\b'`, ["echo", "a\\b"]],
    [`echo a\\ b`, ["echo", "a b"]],
    [`echo \\n`, ["echo", "n"]],
    [`echo "\\\\"`, ["echo", "\\"]],
    [`"a b"c'd e'`, ["a bcd e"]],
    ["echo $(date +%s)", ["echo", "$(date +%s)"]],
    ["echo `date; id`", ["echo", "`date; id`"]],
    ["echo 'a;b' \"c|d\"", ["echo", "a;b", "c|d"]],
    ["tab\tnew\nline", ["tab", "new", "line"]],
    ["echo $HOME $$PATH", ["echo", "$HOME", "$$PATH"]],
  ])("%j", (input, want) => {
    expect(ok(input)).toEqual(want);
  });

  it("keeps ${…} as one unit even with spaces or quotes inside", () => {
    expect(ok("echo ${MSG:-hello world} done")).toEqual(["echo", "${MSG:-hello world}", "done"]);
    expect(ok("echo '${A:-it's}'")).toEqual(["echo", "${A:-it's}"]);
  });

  it("truncates at an unquoted operator like compose-go, with a warning", () => {
    for (const [input, want] of [
      ["echo a && echo b", ["echo", "a"]],
      ["echo a; echo b", ["echo", "a"]],
      ["cat x | grep y", ["cat", "x"]],
      ["cmd < in", ["cmd"]],
      ["cmd > out", ["cmd"]],
      ["cmd 2>&1", ["cmd"]],
      ["cmd a>b", ["cmd", "a"]],
      ["cmd 1x>b", ["cmd"]],
    ] as const) {
      const { args, d } = split(input);
      expect(args, input).toEqual(want);
      expect(d.errors).toEqual([]);
      expect(d.warnings).toHaveLength(1);
      expect(d.warnings[0]!.code).toBe(Code.InvalidValue);
      expect(d.warnings[0]!.message).toContain('["sh", "-c"');
    }
  });

  it.each(["echo (x)", "echo )", `echo "unterminated`, "echo 'x", "echo x\\", "echo `x", "echo $(x", "a $(b $(c))"])("rejects %j", (input) => {
    const { args, d } = split(input);
    expect(args).toEqual([]);
    expect(d.errors.map((e) => e.code)).toEqual([Code.InvalidValue]);
  });

  it("reports where parsing stopped", () => {
    expect(shellSplit("a | b")).toEqual({ args: ["a"], stoppedAt: 2 });
  });
});
