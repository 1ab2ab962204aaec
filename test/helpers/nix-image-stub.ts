import { nixAttrName, quoteNixString } from "../../src/emit/nix/index.js";

/**
 * A stand-in for Nixpkgs, to evaluate generated Nix without a store or a Nixpkgs checkout:
 * `dockerTools.buildLayeredImage`, `dockerTools.buildImage`, `buildEnv` and `mkShell` return
 * `{ __builder; __args; }` (the arguments they were called with), and every `pkgs.<path>` the
 * text selects is the marker string `«pkgs.<path>»`. Tests read the arguments back and compare
 * them with the stack's recipe.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const marker = (attrPath: string): string => `«pkgs.${attrPath}»`;

const RECORDERS = `dockerTools = {
    buildLayeredImage = args: { __builder = "buildLayeredImage"; __args = args; };
    buildImage = args: { __builder = "buildImage"; __args = args; };
  };
  buildEnv = args: { __builder = "buildEnv"; __args = args; };
  mkShell = args: { __builder = "mkShell"; __args = args; };`;
const RECORDED_ROOTS = new Set(["dockerTools", "buildEnv", "mkShell"]);
const SELECT = /\bpkgs\.([A-Za-z_][A-Za-z0-9_'-]*(?:\.[A-Za-z_][A-Za-z0-9_'-]*)*)/g;

/** A Nix expression for the stub `pkgs` of `text`; `extra` (Nix source of bindings) wins over markers. */
export function stubPkgs(text: string, extra = ""): string {
  const tree: Obj = {};
  for (const m of text.matchAll(SELECT)) {
    const segs = m[1]!.split(".");
    if (RECORDED_ROOTS.has(segs[0]!)) continue;
    let node = tree;
    segs.forEach((seg, i) => {
      if (i === segs.length - 1) {
        if (node[seg] === undefined) node[seg] = marker(segs.join("."));
      } else {
        if (!isObj(node[seg])) node[seg] = {};
        node = node[seg] as Obj;
      }
    });
  }
  const print = (v: unknown): string =>
    typeof v === "string" ? quoteNixString(v) : `{ ${Object.entries(v as Obj).map(([k, x]) => `${nixAttrName(k)} = ${print(x)};`).join(" ")} }`;
  return `(${print(tree)} // {\n  ${RECORDERS}\n  ${extra}\n})`;
}

/** `«pkgs.a.b»` → `a.b`. */
export function unmark(v: unknown): string {
  const m = typeof v === "string" ? /^«pkgs\.(.*)»$/.exec(v) : null;
  if (!m) throw new Error(`not a stub package: ${JSON.stringify(v)}`);
  return m[1]!;
}

/** The Docker image configuration (`Cmd`, `Env`, …) → the recipe's fields. */
export function recipeFromConfig(config: unknown): Obj {
  const c = isObj(config) ? config : {};
  const out: Obj = {};
  for (const k of Object.keys(c)) if (!["Cmd", "Env", "WorkingDir", "ExposedPorts"].includes(k)) throw new Error(`unexpected image config ${k}`);
  if (c.Cmd !== undefined) out.command = c.Cmd;
  if (Array.isArray(c.Env)) out.env = Object.fromEntries((c.Env as string[]).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  if (c.WorkingDir !== undefined) out.workingDir = c.WorkingDir;
  if (isObj(c.ExposedPorts)) {
    for (const v of Object.values(c.ExposedPorts)) if (JSON.stringify(v) !== "{}") throw new Error("ExposedPorts values must be {}");
    out.exposedPorts = Object.keys(c.ExposedPorts);
  }
  return out;
}

/** A recorded `dockerTools` call → the `x-nix-image` recipe it builds (exposedPorts sorted: a Nix set has no order). */
export function recipeFromRecorded(rec: unknown): Obj {
  if (!isObj(rec) || !isObj(rec.__args)) throw new Error(`not a recorded dockerTools call: ${JSON.stringify(rec)}`);
  const a = rec.__args;
  const known = rec.__builder === "buildLayeredImage" ? ["name", "tag", "contents", "config"] : ["name", "tag", "copyToRoot", "config"];
  for (const k of Object.keys(a)) if (!known.includes(k)) throw new Error(`unexpected ${String(rec.__builder)} argument ${k}`);
  let contents: unknown[];
  if (rec.__builder === "buildLayeredImage") contents = a.contents as unknown[];
  else if (rec.__builder === "buildImage") {
    const root = a.copyToRoot as Obj;
    if (root.__builder !== "buildEnv") throw new Error("copyToRoot is not a buildEnv");
    contents = (root.__args as Obj).paths as unknown[];
  } else throw new Error(`unexpected builder ${String(rec.__builder)}`);
  const out: Obj = { name: a.name, tag: a.tag, contents: contents.map(unmark), ...recipeFromConfig(a.config) };
  if (rec.__builder === "buildImage") out.layered = false;
  return sortPorts(out);
}

/** The recipe as a Nix set would hold it: exposed ports in name order. */
export function sortPorts<T extends Obj>(recipe: T): T {
  return Array.isArray(recipe.exposedPorts) ? { ...recipe, exposedPorts: [...(recipe.exposedPorts as string[])].sort() } : recipe;
}
