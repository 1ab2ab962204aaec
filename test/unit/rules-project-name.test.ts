import { describe, expect, it } from "vitest";
import { isValidProjectName, normalizeProjectName } from "../../src/normalize/rules/project-name.js";

describe("project names", () => {
  it.each([
    ["My_Project", "my_project"],
    ["MyProj.Dir", "myprojdir"],
    ["-_x", "x"],
    ["__", ""],
    ["app-1_b", "app-1_b"],
    ["Ünïcode app", "ncodeapp"],
    ["x-_y", "x-_y"],
  ])("%s → %s", (input, want) => {
    expect(normalizeProjectName(input)).toBe(want);
  });

  it("accepts only already-normalized, non-empty names", () => {
    expect(["app", "my_project", "1app", "a-b"].map(isValidProjectName)).toEqual([true, true, true, true]);
    expect(["", "App", "_app", "-app", "my.app", "my app"].map(isValidProjectName)).toEqual([false, false, false, false, false, false]);
  });
});
