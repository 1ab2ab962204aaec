/**
 * Property: every compose file compose-ts writes reads back as exactly the model, with `yaml`
 * (YAML 1.2, as compose-go reads) and with PyYAML's pure-Python and libyaml loaders (YAML 1.1,
 * as docker-compose v1 reads) — over hostile strings as keys and values. The documents of a run
 * are read by one python3 process. More cases: COMPOSE_TS_PROPERTY_RUNS=<n> (a multiplier);
 * reproduce a run: COMPOSE_TS_PROPERTY_SEED=<seed printed on failure>.
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { emitComposeYaml } from "../../src/emit/compose-yaml.js";
import type { Project } from "../../src/model/index.js";
import { normalize } from "../../src/normalize/index.js";
import { composeSchemaErrors } from "../helpers/compose-schema.js";
import { CONTROL_CHARS, LONG_STRINGS, YAML_LOOKALIKES, extensionKey, hasUtf8Form, hostileString, hostileTree } from "./arbitraries.js";
import { type ReadBack, probePyYaml, readWithPyYaml } from "./yaml-readers.js";

const RUNS = Math.max(1, Number(process.env.COMPOSE_TS_PROPERTY_RUNS ?? "1") || 1);
const SEED = process.env.COMPOSE_TS_PROPERTY_SEED ? Number(process.env.COMPOSE_TS_PROPERTY_SEED) : Date.now() % 2 ** 31;

const pyyaml = probePyYaml();
if ("missing" in pyyaml) console.warn(`yaml-roundtrip: PyYAML checks skipped: ${pyyaml.missing}`);
else if (!pyyaml.libyaml) console.warn("yaml-roundtrip: PyYAML has no libyaml here: CSafeLoader not checked, SafeLoader only");

/** JSON's view of a value: what every reader must give back (-0 and 0 alike, no undefined). */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

interface Case {
  /** What was emitted (a model or plain data). */
  value: unknown;
  text: string;
}

/** Reads every case back with `yaml` (YAML 1.2) and both PyYAML loaders; returns the failures. */
function checkReaders(cases: Case[]): string[] {
  const failures: string[] = [];
  const fail = (c: Case, reader: string, got: unknown) => {
    if (process.env.COMPOSE_TS_PROPERTY_DUMP) writeFileSync(`${process.env.COMPOSE_TS_PROPERTY_DUMP}.${failures.length}.json`, JSON.stringify({ reader, value: c.value, text: c.text, got }));
    failures.push(`${reader}: ${JSON.stringify(c.value).slice(0, 300)}\n--- emitted:\n${c.text.slice(0, 600)}\n--- read: ${JSON.stringify(got).slice(0, 300)}`);
  };
  for (const c of cases) {
    const doc = parseDocument(c.text, { version: "1.2", schema: "core", uniqueKeys: true });
    const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
    if (problems.length > 0) fail(c, "yaml 1.2 (errors/warnings)", problems);
    else if (JSON.stringify(asJson(doc.toJS())) !== JSON.stringify(asJson(c.value)) && !deepEqual(doc.toJS(), c.value)) fail(c, "yaml 1.2", doc.toJS());
  }
  if ("missing" in pyyaml) return failures;
  const back = readWithPyYaml(cases.map((c) => c.text));
  cases.forEach((c, i) => {
    for (const [loader, r] of Object.entries(back[i]!) as Array<[string, ReadBack]>) {
      if ("error" in r) fail(c, `PyYAML ${loader}`, r.error);
      else if (!deepEqual(r.ok, c.value)) fail(c, `PyYAML ${loader}`, r.ok);
    }
  });
  return failures;
}

function deepEqual(a: unknown, b: unknown): boolean {
  try {
    expect(asJson(a)).toEqual(asJson(b));
    return true;
  } catch {
    return false;
  }
}

function report(failures: string[], total: number): void {
  if (failures.length > 0 && process.env.COMPOSE_TS_PROPERTY_DUMP) writeFileSync(process.env.COMPOSE_TS_PROPERTY_DUMP, failures.join("\n\n=====\n"));
  expect(failures.slice(0, 5), `${failures.length} of ${total} documents misread (seed ${SEED})`).toEqual([]);
}

/** One small document per string: as a key, a value, a list item, nested in an x- extension. */
function stringDoc(s: string): Record<string, unknown> {
  return { [s]: s, value: s, list: [s, { [s]: [s] }], "x-ext": { [s]: { k: s } } };
}

describe("YAML emitter: hostile strings read back identically (yaml 1.2, PyYAML pure and libyaml)", () => {
  it("every YAML 1.1/1.2 look-alike, every C0/C1 control character and long strings at the limits, as keys and values", () => {
    const strings = [...YAML_LOOKALIKES, ...CONTROL_CHARS, ...LONG_STRINGS, "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "a\tb", "\tx", "x\t"];
    const cases = strings.map((s) => {
      const value = stringDoc(s);
      return { value, text: emitComposeYaml(value as unknown as Project) };
    });
    report(checkReaders(cases), cases.length);
  });

  it(`random hostile strings (${2000 * RUNS}) and random trees (${400 * RUNS}) under hostile keys`, () => {
    const strings = fc.sample(hostileString, { numRuns: 2000 * RUNS, seed: SEED });
    const rootKey = fc.oneof(hostileString, extensionKey);
    const trees = fc.sample(fc.dictionary(rootKey, hostileTree, { maxKeys: 5 }), { numRuns: 400 * RUNS, seed: SEED + 1 });
    const cases: Case[] = [];
    for (const s of strings) {
      const value = stringDoc(s);
      cases.push({ value, text: emitComposeYaml(value as unknown as Project) });
    }
    for (const t of trees) {
      cases.push({ value: t, text: emitComposeYaml(t as unknown as Project) });
    }
    report(checkReaders(cases), cases.length);
  });
});

/** Strings a stack may hold where Compose reads them verbatim: `$` is doubled, or a valid `${VAR}` form. */
const stackString = fc
  .tuple(hostileString, fc.constantFrom("", "", "${VAR}", "${VAR:-d}", "$${x}"))
  .map(([s, v]) => s.replace(/\$/g, "$$$$") + v)
  .filter(hasUtf8Form);

/**
 * Map keys the Compose schema accepts (`.+`: at least one character that is not a line break).
 * compose-ts accepts a label or environment key made only of line breaks today (left to the
 * normalizer's owners); the property is about the emitter, so such keys are not generated.
 */
const mapKey = stackString.filter((k) => /[^\n\r\u2028\u2029]/.test(k));

const serviceName = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,10}$/);

const stack = fc.record({
  name: fc.constantFrom("prop"),
  services: fc.dictionary(
    serviceName,
    fc.record(
      {
        image: fc.constantFrom("alpine", "nginx:1.27", "ghcr.io/o/x@sha256:" + "a".repeat(64)),
        command: fc.array(stackString, { maxLength: 4 }),
        entrypoint: fc.array(stackString, { maxLength: 2 }),
        environment: fc.dictionary(mapKey.filter((k) => !k.includes("=")), stackString, { maxKeys: 4 }),
        labels: fc.dictionary(mapKey, stackString, { maxKeys: 4 }),
        working_dir: stackString.map((s) => "/" + s),
        "x-meta": hostileTree,
      },
      { requiredKeys: ["image"] },
    ),
    { minKeys: 1, maxKeys: 3 },
  ),
  "x-top": hostileTree,
});

describe("compose-ts build output of random hostile stacks", () => {
  it(`reads back as the model with every reader and satisfies the Compose schema (${300 * RUNS} stacks)`, () => {
    const stacks = fc.sample(stack, { numRuns: 300 * RUNS, seed: SEED + 2 });
    const cases: Case[] = [];
    const schemaFailures: string[] = [];
    for (const s of stacks) {
      const { model } = normalize(s);
      if (!model) continue;
      const text = emitComposeYaml(model, { source: "stack.ts" });
      cases.push({ value: model, text });
      const errors = composeSchemaErrors(parseDocument(text).toJS());
      if (errors.length > 0) schemaFailures.push(`${errors.join("; ")}\n${text.slice(0, 400)}`);
    }
    // The generator keeps strings Compose accepts: most stacks must normalize, or this tests nothing.
    expect(cases.length, `only ${cases.length} of ${stacks.length} random stacks normalized (seed ${SEED})`).toBeGreaterThan(stacks.length * 0.5);
    expect(schemaFailures.slice(0, 3)).toEqual([]);
    report(checkReaders(cases), cases.length);
  });

  it("refuses a lone surrogate anywhere in a stack with a located error (it has no UTF-8 form)", () => {
    for (const [raw, path] of [
      [{ services: { a: { image: "alpine", environment: { K: "x\ud800" } } } }, "services.a.environment.K"],
      [{ services: { a: { image: "alpine", labels: { "k\udc00": "v" } } } }, "services.a.labels"],
      [{ services: { a: { image: "alpine", command: ["ok", "\udfff"] } } }, "services.a.command[1]"],
    ] as const) {
      const r = normalize(raw);
      expect(r.model).toBeUndefined();
      const d = r.diagnostics.find((x) => x.message.includes("unpaired UTF-16 surrogate"));
      expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
      expect(d!.path.startsWith(path)).toBe(true);
    }
  });
});
