import { describe, expect, it } from "vitest";
import { normalize } from "../../src/normalize/index.js";

/** A stack is code, but what it exports must be data: every way it is not is an error, never a crash. */
describe("the exported value must be plain data", () => {
  const errors = (v: unknown) => normalize(v).diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`);

  it("reports a cycle with its path", () => {
    const o: Record<string, unknown> = { name: "c", services: {} };
    (o.services as Record<string, unknown>).a = { image: "x", "x-self": o };
    expect(errors(o)).toEqual([expect.stringMatching(/^CT0301 services\.a\.x-self: .*cycle/)]);
  });

  it("reports functions, class instances, non-finite numbers and throwing getters", () => {
    const input = {
      name: "c",
      services: {
        a: {
          image: "x",
          command: () => ["run"],
          labels: {
            get boom(): string {
              throw new Error("getter boom");
            },
          },
          environment: { WHEN: new Date(0) as unknown as string },
          cpus: Number.NaN,
        },
      },
    };
    const got = errors(input);
    expect(got).toContainEqual(expect.stringMatching(/^CT0301 services\.a\.command: a function/));
    expect(got).toContainEqual(expect.stringMatching(/^CT0301 services\.a\.labels\.boom: reading this value threw: getter boom/));
    expect(got).toContainEqual(expect.stringMatching(/^CT0301 services\.a\.environment\.WHEN: a Date is not plain data/));
    expect(got).toContainEqual(expect.stringMatching(/^CT0301 services\.a\.cpus: NaN/));
  });

  it("drops undefined entries, as JSON would", () => {
    const r = normalize({ name: "c", services: { a: { image: "x", command: undefined } } });
    expect(r.model!.services.a).not.toHaveProperty("command");
  });

  it("a service that runs nothing is an error", () => {
    expect(errors({ name: "c", services: { a: {} } })).toEqual([
      'CT0104 services.a: service "a" has neither an image nor a build context specified',
    ]);
  });
});
