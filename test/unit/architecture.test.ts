import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The shape of the source tree, checked: no import cycles among src/ modules (type-only imports
 * included, since a cycle of types still ties two modules together for a reader), and no source
 * file longer than a screen-and-a-bit.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const src = path.join(root, "src");

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(p);
  }
  return out.sort();
}

/** Every module specifier a file imports or re-exports: static, type-only, side-effect and dynamic `import()`. */
export function importSpecifiers(text: string): string[] {
  // Comments cannot hide or fake an import.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\s*from\s*["']([^"']+)["']/g,
    /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1]!);
  return specs;
}

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const target = path.resolve(path.dirname(from), spec);
  const candidates = [target.replace(/\.js$/, ".ts"), `${target}.ts`, path.join(target, "index.ts")];
  return candidates.find((c) => files.includes(c));
}

const files = sourceFiles(src);
const rel = (f: string) => path.relative(root, f).split(path.sep).join("/");

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = importSpecifiers(readFileSync(f, "utf8"))
      .map((s) => resolveLocal(f, s))
      .filter((d): d is string => d !== undefined);
    graph.set(f, [...new Set(deps)].sort());
  }
  return graph;
}

/** Strongly connected components with more than one module (or a module importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

/** One concrete loop through a component, for the message: a → b → … → a. */
function loopThrough(scc: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(scc);
  const start = [...scc].sort()[0]!;
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(prev.get(loop[0]!)!);
        return [...loop, start];
      }
      if (!seen.has(w)) {
        seen.add(w);
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc;
}

const MAX_LINES = 400;
/** Files allowed past MAX_LINES: generated ones, and those being split right now. */
const LONG_FILES_ALLOWED = new Set([
  // being split on another branch
  "src/emit/nixos.ts",
  "src/normalize/service.ts",
]);
const GENERATED = /^src\/model\/json-schema\.ts$/;

describe("source tree", () => {
  it("finds the imports it is meant to find", () => {
    expect(
      importSpecifiers(
        [
          'import { a } from "./a.js";',
          'import type { B } from "./b.js";',
          "import {\n  c,\n  type D,\n} from './c.js';",
          'export { e } from "./e.js";',
          'export type { F } from "./f.js";',
          'export * from "./g.js";',
          'import "./h.js";',
          'const i = await import("./i.js");',
          '// import { x } from "./commented.js";',
          'import * as ns from "./j.js";',
          'import def, { k } from "./k.js";',
        ].join("\n"),
      ).sort(),
    ).toEqual(["./a.js", "./b.js", "./c.js", "./e.js", "./f.js", "./g.js", "./h.js", "./i.js", "./j.js", "./k.js"]);
    // The detector itself finds a cycle.
    const toy = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cycles(toy).map((c) => loopThrough(c, toy))).toEqual([["a", "b", "c", "a"]]);
  });

  it("has no import cycle among src/ modules", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    const loops = cycles(graph).map((scc) => loopThrough(scc, graph).map(rel).join(" → "));
    expect(loops, `import cycles:\n${loops.join("\n")}`).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = files
      .map((f) => ({ file: rel(f), lines: readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((f) => f.lines > MAX_LINES && !GENERATED.test(f.file) && !LONG_FILES_ALLOWED.has(f.file))
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
