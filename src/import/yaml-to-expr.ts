import { type Alias, type Document, type Node, type Pair, isAlias, isMap, isPair, isScalar, isSeq, visit } from "yaml";
import { composeKeyText, composeScalarValue } from "../load/compose/scalars.js";
import { Override, Reset } from "../normalize/merge.js";
import { isPlainObject } from "../util/values.js";
import { type Shape, childShape, coerceScalar, hasFixedKeys } from "./dsl-shape.js";
import { type Entry, type Expr, type Item, code, numberLiteral, printExpr, stringLiteral } from "./ts-expr.js";

/**
 * YAML → TypeScript expressions for `compose-ts import`: the nodes of a file as written (with
 * their comments, blank lines, anchors and `<<` merges), or a plain value from a resolved
 * document (which keeps none of those).
 */

/** One YAML file being written: its aliases' targets and which of them became consts. */
export interface FileScope {
  targets: Map<Alias, Node | undefined>;
  /** Anchored collections that an alias refers to: each becomes a const. */
  shared: Set<Node>;
  constNames: Map<Node, string>;
  /** The shape at the place a shared node is used (it decides how its values are typed). */
  useShape: Map<Node, Shape>;
  defining?: Node;
}

/** Gives a shared (anchored and aliased) node its `const` and returns the name to use. */
export interface ConstMaker {
  constFor(node: Node, scope: FileScope, dry: boolean, shape: Shape | undefined, w: Writer): string;
}

/** Walks YAML nodes of one file into expressions. */
export class Writer {
  constructor(
    private readonly scope: FileScope,
    private readonly gen: ConstMaker,
    private readonly dry: boolean,
  ) {}

  /** undefined: leave the key (or item) out. */
  node(node: Node | null, shape: Shape | undefined, inFixedKeys: boolean): Expr | undefined {
    if (node === null) return this.nullValue(shape, inFixedKeys);
    if (node.tag === "!reset") return undefined;
    if (isAlias(node)) {
      const target = this.scope.targets.get(node);
      if (!target) return code("null");
      if (this.scope.shared.has(target)) return code(this.gen.constFor(target, this.scope, this.dry, shape, this));
      return this.node(target, shape, inFixedKeys);
    }
    if (this.scope.shared.has(node) && this.scope.defining !== node) {
      return code(this.gen.constFor(node, this.scope, this.dry, shape, this));
    }
    if (isScalar(node)) {
      const v = composeScalarValue(node);
      if (v === null) return this.nullValue(shape, inFixedKeys);
      return literal(coerceScalar(v, shape));
    }
    if (isSeq(node)) {
      const items: Item[] = [];
      for (const item of node.items as (Node | null)[]) {
        const value = this.node(item, childShape(shape, 0), false);
        if (value === undefined) continue;
        const it: Item = { value };
        if (item && !isAlias(item)) {
          const c = commentLines(item.commentBefore);
          if (c && !isCollection(item)) it.before = c;
          if (item.spaceBefore) it.blank = true;
          if (!isCollection(item) && item.comment) it.trailing = item.comment;
        }
        items.push(it);
      }
      const e: Expr = { t: "arr", items };
      addCollectionComments(e, node);
      return e;
    }
    if (isMap(node)) {
      const spreads: Entry[] = [];
      const entries: Entry[] = [];
      const fixed = hasFixedKeys(shape);
      const keys = new Set<string>();
      for (const pair of node.items as Pair<Node | null, Node | null>[]) {
        if (!isPair(pair) || pair.key === null) continue;
        const keyNode = isAlias(pair.key) ? this.scope.targets.get(pair.key) : pair.key;
        if (!keyNode || !isScalar(keyNode)) continue;
        const trivia = pairTrivia(pair);
        if (keyNode.type === "PLAIN" && !keyNode.tag && keyNode.source === "<<") {
          spreads.push(...this.mergeSources(pair.value, shape, trivia));
          continue;
        }
        const key = composeKeyText(keyNode);
        keys.add(key);
        const child = childShape(shape, key);
        const value = this.node(pair.value, child, fixed && !key.startsWith("x-"));
        if (value === undefined) continue;
        const valueNode = pair.value;
        entries.push({
          t: "prop",
          key,
          value,
          ...trivia,
          ...(valueNode && !isAlias(valueNode) && !isCollection(valueNode) && valueNode.comment ? { trailing: valueNode.comment } : {}),
        });
      }
      if (shape?.defaults && spreads.length === 0) {
        for (const [k, v] of Object.entries(shape.defaults)) {
          if (!keys.has(k)) entries.unshift({ t: "prop", key: k, value: literal(v) });
        }
      }
      const e: Expr = { t: "obj", entries: [...spreads, ...entries] };
      addCollectionComments(e, node);
      return e;
    }
    return code("null");
  }

  /** `<<: *a` → `...a`; `<<: [*a, *b]` → `...b, ...a` (in YAML the first source wins). */
  private mergeSources(value: Node | null, shape: Shape | undefined, trivia: { before?: string[]; blank?: boolean }): Entry[] {
    const target = value && isAlias(value) ? this.scope.targets.get(value) : value;
    const nodes = target && isSeq(target) && !this.scope.shared.has(target) ? (target.items as (Node | null)[]) : [value];
    const out: Entry[] = [];
    for (const n of [...nodes].reverse()) {
      const e = this.node(n, shape, false);
      if (e === undefined) continue;
      out.push({ t: "spread", code: e.t === "code" ? e.code : `(${printExpr(e, 0, 80)})` });
    }
    if (out[0]) Object.assign(out[0], { before: trivia.before, blank: trivia.blank });
    return out;
  }

  private nullValue(shape: Shape | undefined, inFixedKeys: boolean): Expr | undefined {
    if (shape?.nullAs === "empty-object") return { t: "obj", entries: [] };
    // In a Compose object `key:` with nothing means "unset" (the DSL has no null there).
    if (inFixedKeys) return undefined;
    return code("null");
  }
}

/** A value from a resolved document (no comments or anchors survive resolution). */
export function plain(v: unknown, shape: Shape | undefined, top: boolean, inFixedKeys = false): Expr | undefined {
  if (v instanceof Reset) return undefined;
  if (v instanceof Override) return plain(v.value, shape, top, inFixedKeys);
  if (v === null || v === undefined) {
    if (shape?.nullAs === "empty-object") return { t: "obj", entries: [] };
    return inFixedKeys ? undefined : code("null");
  }
  if (Array.isArray(v)) {
    const items: Item[] = [];
    for (const x of v) {
      const e = plain(x, childShape(shape, 0), false);
      if (e !== undefined) items.push({ value: e });
    }
    return { t: "arr", items };
  }
  if (isPlainObject(v)) {
    const fixed = hasFixedKeys(shape);
    const entries: Entry[] = [];
    if (shape?.defaults) for (const [k, d] of Object.entries(shape.defaults)) if (!Object.hasOwn(v, k)) entries.push({ t: "prop", key: k, value: literal(d) });
    for (const [k, x] of Object.entries(v)) {
      if (top && k === "version") continue;
      const e = plain(x, childShape(shape, k), false, fixed && !k.startsWith("x-"));
      if (e !== undefined) entries.push({ t: "prop", key: k, value: e });
    }
    return { t: "obj", entries };
  }
  return literal(coerceScalar(v, shape));
}

export function literal(v: unknown): Expr {
  if (typeof v === "string") return code(stringLiteral(v));
  if (typeof v === "number") return code(numberLiteral(v));
  if (typeof v === "boolean") return code(String(v));
  if (v === null || v === undefined) return code("null");
  return code(stringLiteral(String(v)));
}

export function fileScope(doc: Document): FileScope {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  const shared = new Set<Node>();
  // Each alias refers to the last node with that anchor before it, in document order.
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const t = anchors.get(node.source);
        targets.set(node, t);
        if (t && isCollection(t)) shared.add(t);
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return { targets, shared, constNames: new Map(), useShape: new Map() };
}

export function isCollection(n: Node): boolean {
  return isMap(n) || isSeq(n);
}

export function commentLines(c: string | null | undefined): string[] | undefined {
  if (c === null || c === undefined || c === "") return undefined;
  return c.split("\n");
}

export function pairTrivia(pair: Pair<unknown, unknown>): { before?: string[]; blank?: boolean } {
  const key = pair.key as Node | null;
  const out: { before?: string[]; blank?: boolean } = {};
  const c = commentLines(key && !isAlias(key) ? key.commentBefore : undefined);
  if (c) {
    // A blank line inside the comment block separates it from what came before.
    while (c[0]?.trim() === "" && c.length > 0) c.shift();
    out.before = c;
  }
  if (key && !isAlias(key) && key.spaceBefore) out.blank = true;
  return out;
}

export function addCollectionComments(e: Expr | undefined, node: Node): void {
  if (!e || e.t === "code") return;
  const head = commentLines(node.commentBefore);
  if (head) e.head = [...head, ...(e.head ?? [])];
  const tail = commentLines(node.comment);
  if (tail) e.tail = [...(e.tail ?? []), ...tail];
}
