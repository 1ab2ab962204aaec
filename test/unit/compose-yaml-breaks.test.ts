import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { emitComposeYaml } from "../../src/emit/compose-yaml.js";
import type { Project } from "../../src/model/index.js";

// Regression: NEL, LS and PS were written raw (even inside double quotes, since the yaml
// package quotes through JSON.stringify), and go-yaml — compose-go's reader — folds them as
// line breaks, so docker compose saw another string.
describe("compose YAML: characters YAML 1.1 reads as line breaks", () => {
  const values = ["a\u2028b", "nel\u0085x", "ps\u2029", "multi\nline\u2028end\n"];
  const model: Project = {
    name: "p",
    services: { s: { image: "alpine", environment: Object.fromEntries(values.map((v, i) => [`V${i}`, v])), labels: { "k\u2028ey": "v" } } },
  };
  const text = emitComposeYaml(model);

  it("writes them as escapes in double-quoted scalars", () => {
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(text).toContain('V0: "a\\Lb"');
    expect(text).toContain('V1: "nel\\Nx"');
    expect(text).toContain('V2: "ps\\P"');
    expect(text).toContain('"k\\Ley": v');
  });

  it("reads back to the same strings under YAML 1.2 and 1.1", () => {
    for (const version of ["1.2", "1.1"] as const) {
      const back = parse(text, { version }) as Project;
      expect(back.services.s!.environment).toEqual(model.services.s!.environment);
      expect(back.services.s!.labels).toEqual(model.services.s!.labels);
    }
  });
});
