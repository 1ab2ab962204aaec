import { IndentationText, Project, QuoteKind, VariableDeclarationKind, type StatementStructures, StructureKind } from "ts-morph";
import { type Node, type Pair, isMap, isScalar } from "yaml";
import { Override, Reset, stripMarkers } from "../normalize/merge.js";
import { composeKeyText } from "../load/compose/scalars.js";
import { parseComposeDocuments } from "../load/compose/yaml.js";
import { deepEqual, isPlainObject } from "../util/values.js";
import { SERVICE, STACK, type Shape, childShape } from "./dsl-shape.js";
import { referencesResolve } from "./references.js";
import { type Entry, type Expr, code, printExpr, stringLiteral } from "./ts-expr.js";
import { type ConstMaker, type FileScope, Writer, addCollectionComments, commentLines, fileScope, isCollection, pairTrivia, plain } from "./yaml-to-expr.js";

/**
 * Compose YAML → an idiomatic `stack.ts` (`compose-ts import`). Pure: text in, text out.
 *
 * The stack is written from the YAML as the user wrote it — keys, short syntax, comments, blank
 * lines — not from the canonical model. Reused YAML anchors become named `const`s (a `<<: *x`
 * merge becomes `...x`: both are shallow and let the mapping's own keys win). What the DSL cannot
 * say is resolved first and written as its result: `include` (its services and resources are
 * inlined) and `extends` (the service is written merged), an entry whose meaning the resolution
 * changed being taken from the resolved document. Values the DSL types more strictly than YAML
 * are converted to the typed form (see dsl-shape.ts). `${VAR}` and `$$` stay verbatim.
 */

export interface ImportLayer {
  /** The file's name as shown in the generated comments. */
  name: string;
  /** The YAML text. */
  text: string;
  /** The file's document as compose-ts reads it, before `include` and `extends` are applied. */
  parsed: Record<string, unknown>;
  /** The file's document with its `include` and `extends` applied. */
  resolved: Record<string, unknown>;
}

export interface GenerateStackInput {
  /** The compose files, base first (`-f` order). */
  layers: ImportLayer[];
  /** Several files: keep each later file as a `mergeStacks` layer instead of merging them. */
  keepLayers?: boolean;
  /** All layers merged by Compose's rules; needed when several layers are merged into one stack. */
  merged?: Record<string, unknown>;
  /**
   * Written as the stack's `name` when the files set none, so that the stack gets the project
   * name the YAML got (Compose takes it from the directory otherwise).
   */
  projectName?: string;
  /** `--project-name`: replaces the files' own `name`. */
  overrideName?: boolean;
}

const SECTIONS = new Set(["services", "networks", "volumes", "secrets", "configs", "models"]);
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import " +
    "in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await as async of satisfies type undefined NaN Infinity defineStack mergeStacks Service StackInput base"
  ).split(" "),
);

export function generateStack(input: GenerateStackInput): string {
  const gen = new Generator();
  const first = input.layers[0];
  if (!first) throw new Error("generateStack needs at least one compose file");
  const layered = input.layers.length > 1 && input.keepLayers === true && !input.layers.slice(1).some((l) => hasMarkers(l.parsed));
  const notes: string[] = [];
  if (input.layers.length > 1 && input.keepLayers === true && !layered) {
    notes.push("The override files use !reset / !override, which mergeStacks cannot express: they are merged in here.");
  }

  const baseResolved = layered || input.layers.length === 1 ? first.resolved : (input.merged ?? first.resolved);
  const loose = !referencesResolve(baseResolved);
  const body = gen.layer(first, baseResolved, input, notes);
  const overrides = layered
    ? input.layers.slice(1).map((l) => ({ layer: l, name: gen.names.take(layerName(l.name)), expr: gen.layer(l, l.resolved, {}, []) }))
    : [];

  const statements: Array<StatementStructures | string> = [];
  for (const c of gen.consts) {
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: c.name, initializer: `${printExpr(c.expr, 0, c.name.length + 9)} as const${c.service ? " satisfies Service" : ""}` }],
    });
  }
  const looseNote =
    "// The names are not cross-checked by the types (the files refer to names they do not declare);\n" +
    "// `compose-ts build` still checks them.\n";
  const define = `defineStack${loose ? "<string, string, string, string, string, string>" : ""}(${printExpr(body, 0, 20)})`;
  if (layered) {
    statements.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      leadingTrivia: `// ${first.name}\n${loose ? looseNote : ""}`,
      declarations: [{ name: "base", initializer: define }],
    });
    for (const o of overrides) {
      statements.push({
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        leadingTrivia: `// ${o.layer.name}\n`,
        declarations: [{ name: o.name, type: "Partial<StackInput>", initializer: printExpr(o.expr, 0, o.name.length + 30) }],
      });
    }
    statements.push(`export default mergeStacks(base, ${overrides.map((o) => o.name).join(", ")});`);
  } else {
    statements.push(`${loose ? looseNote : ""}export default ${define};`);
  }

  const names = ["defineStack", ...(layered ? ["mergeStacks"] : [])];
  const types = [...(gen.consts.some((c) => c.service) ? ["Service"] : []), ...(layered ? ["StackInput"] : [])];
  const sources = input.layers.map((l) => l.name).join(", ");
  const header = [
    `// Generated by \`compose-ts import\` from ${sources}.`,
    "// This file is now the source: edit it, then run `compose-ts build`.",
    ...notes.map((n) => `// ${n}`),
  ].join("\n");

  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const sf = project.createSourceFile("stack.ts", "");
  sf.addImportDeclaration({
    leadingTrivia: `${header}\n`,
    namedImports: [...names, ...types.map((t) => ({ name: t, isTypeOnly: true }))],
    moduleSpecifier: "compose-ts",
  });
  // A blank line between top-level statements, as a person would write them.
  sf.addStatements(
    statements.map((st) =>
      typeof st === "string" ? `\n${st}` : { ...st, leadingTrivia: `\n${typeof st.leadingTrivia === "string" ? st.leadingTrivia : ""}` },
    ),
  );
  sf.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  return sf.getFullText().replace(/\n{3,}/g, "\n\n");
}

/** `docker-compose.override.yml` → `override`. */
function layerName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  const stem = base.replace(/\.ya?ml$/, "").replace(/^(docker-)?compose[.-]?/, "");
  return camel(stem === "" ? "layer" : stem);
}

function camel(s: string): string {
  const words = s.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const out = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  if (out === "") return "fragment";
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

class Names {
  private readonly used = new Set<string>();
  take(wanted: string): string {
    let name = wanted;
    for (let i = 2; RESERVED.has(name) || this.used.has(name); i++) name = `${wanted}${i}`;
    this.used.add(name);
    return name;
  }
}

interface ConstDecl {
  name: string;
  expr: Expr;
  service: boolean;
}

class Generator implements ConstMaker {
  readonly names = new Names();
  readonly consts: ConstDecl[] = [];

  /** The stack object of one file. */
  layer(layer: ImportLayer, resolved: Record<string, unknown>, opts: { projectName?: string; overrideName?: boolean }, notes: string[]): Expr {
    const docs = parseComposeDocuments(layer.text).filter((d) => d.contents !== null);
    const doc = docs.length === 1 ? docs[0] : undefined;
    const root = doc?.contents;
    let expr: Expr;
    if (!doc || !root || !isMap(root)) {
      // Several `---` documents: only their merged value has a meaning of its own.
      expr = plain(resolved, STACK, true) ?? { t: "obj", entries: [] };
    } else {
      const scope = fileScope(doc);
      // A dry run first records the shape each shared node is used at.
      this.topLevel(root.items as Pair<Node, Node | null>[], layer, resolved, scope, true, notes);
      expr = this.topLevel(root.items as Pair<Node, Node | null>[], layer, resolved, scope, false, notes);
      if (expr.t === "obj") {
        const header = commentLines(doc.commentBefore);
        if (header) expr.head = [...header, ...(expr.head ?? [])];
        const footer = commentLines(doc.comment);
        if (footer) expr.tail = [...(expr.tail ?? []), ...footer];
      }
    }
    if (expr.t === "obj" && opts.projectName !== undefined) {
      const at = expr.entries.findIndex((e) => e.t === "prop" && e.key === "name");
      const entry: Entry = { t: "prop", key: "name", value: code(stringLiteral(opts.projectName)) };
      if (at < 0) expr.entries.unshift(entry);
      else if (opts.overrideName) expr.entries[at] = { ...expr.entries[at]!, ...entry };
    }
    return expr;
  }

  private topLevel(
    pairs: Pair<Node, Node | null>[],
    layer: ImportLayer,
    resolved: Record<string, unknown>,
    scope: FileScope,
    dry: boolean,
    notes: string[],
  ): Expr {
    const parsed = stripMarkers(layer.parsed) as Record<string, unknown>;
    const entries: Entry[] = [];
    const seen = new Set<string>();
    const w = new Writer(scope, this, dry);
    for (const pair of pairs) {
      if (!isScalar(pair.key)) continue;
      const key = composeKeyText(pair.key);
      seen.add(key);
      if (key === "<<") return plain(resolved, STACK, true) ?? { t: "obj", entries: [] };
      if (key === "version") continue; // Compose ignores it (and warns)
      if (key === "include") {
        if (!dry) notes.push(`${layer.name}'s \`include\` is inlined: the stack holds the included services and resources.`);
        continue;
      }
      if (!Object.hasOwn(resolved, key)) continue;
      const shape = childShape(STACK, key);
      const trivia = pairTrivia(pair);
      let value: Expr | undefined;
      if (SECTIONS.has(key) && isMap(pair.value) && isPlainObject(parsed[key]) && isPlainObject(resolved[key])) {
        value = this.section(pair.value.items as Pair<Node, Node | null>[], parsed[key], resolved[key], shape, w);
        addCollectionComments(value, pair.value);
      } else if (deepEqual(parsed[key], resolved[key])) {
        value = w.node(pair.value, shape, false);
      } else {
        value = plain(resolved[key], shape, false);
      }
      if (value === undefined) continue;
      entries.push({ t: "prop", key, value, ...trivia, ...(pair.value && !isCollection(pair.value) && pair.value.comment ? { trailing: pair.value.comment } : {}) });
    }
    for (const [key, v] of Object.entries(resolved)) {
      if (seen.has(key)) continue;
      const value = plain(v, childShape(STACK, key), false);
      if (value !== undefined) entries.push({ t: "prop", key, value });
    }
    return { t: "obj", entries };
  }

  /** One of services/networks/…: entries the resolution left alone are written from the YAML. */
  private section(
    pairs: Pair<Node, Node | null>[],
    parsed: Record<string, unknown>,
    resolved: Record<string, unknown>,
    shape: Shape | undefined,
    w: Writer,
  ): Expr {
    const entries: Entry[] = [];
    const seen = new Set<string>();
    for (const pair of pairs) {
      if (!isScalar(pair.key)) return plain(resolved, shape, false) ?? { t: "obj", entries: [] };
      const key = composeKeyText(pair.key);
      if (key === "<<") return plain(resolved, shape, false) ?? { t: "obj", entries: [] };
      seen.add(key);
      if (!Object.hasOwn(resolved, key)) continue;
      const child = childShape(shape, key);
      const trivia = pairTrivia(pair);
      const same = deepEqual(parsed[key], resolved[key]);
      const value = same ? w.node(pair.value, child, false) : plain(resolved[key], child, false);
      if (value === undefined) continue;
      if (!same && isPlainObject(parsed[key]) && parsed[key].extends !== undefined) {
        trivia.before = [...(trivia.before ?? []), ` extends ${describeExtends(parsed[key].extends)}, resolved by compose-ts import`];
      }
      entries.push({ t: "prop", key, value, ...trivia, ...(pair.value && !isCollection(pair.value) && pair.value.comment ? { trailing: pair.value.comment } : {}) });
    }
    let first = true;
    for (const [key, v] of Object.entries(resolved)) {
      if (seen.has(key)) continue;
      const value = plain(v, childShape(shape, key), false);
      if (value === undefined) continue;
      entries.push({ t: "prop", key, value, ...(first ? { before: [" from an included file"], blank: true } : {}) });
      first = false;
    }
    return { t: "obj", entries };
  }

  constFor(node: Node, scope: FileScope, dry: boolean, shape: Shape | undefined, w: Writer): string {
    const existing = scope.constNames.get(node);
    if (existing !== undefined) return existing;
    const anchor = (node as { anchor?: string }).anchor ?? "fragment";
    if (dry) {
      if (shape && !scope.useShape.has(node)) scope.useShape.set(node, shape);
      // Still walk it, so the shapes of the consts it uses are recorded.
      const prev = scope.defining;
      scope.defining = node;
      w.node(node, scope.useShape.get(node) ?? shape, false);
      scope.defining = prev;
      return anchor;
    }
    const name = this.names.take(camel(anchor));
    scope.constNames.set(node, name);
    const useShape = scope.useShape.get(node) ?? shape;
    const prev = scope.defining;
    scope.defining = node;
    const expr = w.node(node, useShape, false) ?? code("null");
    scope.defining = prev;
    this.consts.push({ name, expr, service: useShape === SERVICE && expr.t === "obj" });
    return name;
  }
}

function describeExtends(v: unknown): string {
  if (typeof v === "string") return `"${v}"`;
  if (isPlainObject(v)) return `"${String(v.service)}"${typeof v.file === "string" ? ` of ${v.file}` : ""}`;
  return "";
}

function hasMarkers(v: unknown): boolean {
  if (v instanceof Reset || v instanceof Override) return true;
  if (Array.isArray(v)) return v.some(hasMarkers);
  if (isPlainObject(v)) return Object.values(v).some(hasMarkers);
  return false;
}
