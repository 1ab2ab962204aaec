import {
  type Document,
  LineCounter,
  type Node,
  type Pair,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
} from "yaml";
import { Code, type Diagnostic, type PathSegment, formatPath } from "../../diagnostics/index.js";
import { Override, Reset, mergeComposeDocuments } from "../../normalize/merge.js";
import { setOwn } from "../../util/values.js";
import { type LineCol, type PositionIndex, pathKey } from "./positions.js";
import { composeKeyText, composeScalarValue, goPlainScalar } from "./scalars.js";
import { firstSyntaxProblem } from "./syntax-error.js";

/**
 * Compose YAML text → plain JS document, the way compose-go reads it (loader/loader.go
 * `loadYamlFile`, loader/reset.go): anchors, aliases and `<<` merge keys resolved, keys forced to
 * strings, plain scalars typed by go-yaml's rules, `!reset` / `!override` kept as the `Reset` /
 * `Override` markers of normalize/merge.ts so that merging onto earlier files can apply them.
 * No interpolation happens here: `${VAR}` stays verbatim.
 */

/** Inputs larger than this are refused before parsing. Real compose files are a few KiB. */
export const MAX_INPUT_CHARS = 4 * 1024 * 1024;
/**
 * Cap on the number of nodes after alias expansion. The largest corpus file (getsentry) expands to
 * 3,328 nodes; a billion-laughs bomb passes this after a few levels. (yaml's own
 * `maxAliasCount` counts alias uses, which rejects getsentry's legitimate anchors.)
 */
export const MAX_EXPANDED_NODES = 200_000;

export interface ParsedCompose {
  /** The document (all YAML documents of the file merged in order); undefined on errors or when empty. */
  value: Record<string, unknown> | undefined;
  diagnostics: Diagnostic[];
  positions: PositionIndex;
}

export function parseComposeYaml(text: string, file: string): ParsedCompose {
  const values = new Map<string, LineCol>();
  const keys = new Map<string, LineCol>();
  const positions: PositionIndex = { file, values, keys };
  const diagnostics: Diagnostic[] = [];

  if (text.length > MAX_INPUT_CHARS) {
    diagnostics.push({
      code: Code.YamlLimit,
      severity: "error",
      path: "",
      message: `${file} is ${text.length} characters long; compose-ts reads at most ${MAX_INPUT_CHARS}`,
      pos: { file, line: 1, col: 1 },
    });
    return { value: undefined, diagnostics, positions };
  }

  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: "1.2",
    schema: "core",
    merge: true,
    // Duplicates are detected on the stringified keys below, as compose-go does.
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });
  const at = (offset: number): LineCol => lineCounter.linePos(offset);
  const list = Array.isArray(docs) ? docs : [];

  const problem = firstSyntaxProblem(
    list.flatMap((doc) => doc.errors),
    text,
    at,
  );
  if (problem) {
    diagnostics.push({ code: Code.YamlSyntax, severity: "error", path: "", message: problem.message, pos: { file, ...problem.at } });
    return { value: undefined, diagnostics, positions };
  }

  const ctx: Ctx = { file, at, diagnostics, values, keys, nodes: 0, building: new Set(), targets: new Map(), protect: 0 };
  const built: Record<string, unknown>[] = [];
  try {
    for (const doc of list) {
      if (doc.contents === null) continue; // comments only: no document, as go-yaml sees it
      resolveAnchors(doc, ctx);
      const root = doc.contents as Node;
      const v = build(root, [], ctx);
      if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Reset || v instanceof Override) {
        ctx.diagnostics.push({
          code: Code.YamlSyntax,
          severity: "error",
          path: "",
          message: `the top level of a compose file must be a mapping, got ${describe(v)}`,
          pos: { file, ...rangeStart(root, ctx) },
        });
        continue;
      }
      built.push(v as Record<string, unknown>);
    }
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
  }
  if (diagnostics.some((d) => d.severity === "error")) return { value: undefined, diagnostics, positions };

  let value: Record<string, unknown> | undefined = built[0];
  // Several `---` documents in one file are merged in order (compose-go loads each in turn).
  for (const next of built.slice(1)) {
    value = mergeComposeDocuments(value, next, { keepMarkers: true }) as Record<string, unknown>;
  }
  return { value, diagnostics, positions };
}

class LimitReached extends Error {}

interface Ctx {
  file: string;
  at: (offset: number) => LineCol;
  diagnostics: Diagnostic[];
  values: Map<string, LineCol>;
  keys: Map<string, LineCol>;
  /** Nodes produced so far, counting every alias expansion. */
  nodes: number;
  /** Collections being built: an alias to one of them is a recursive structure. */
  building: Set<Node>;
  targets: Map<Node, Node | undefined>;
  /** > 0 while building merge-key sources: their positions must not hide the mapping's own keys. */
  protect: number;
}

/** Each alias refers to the last node with that anchor before it, in document order. */
function resolveAnchors(doc: Document, ctx: Ctx): void {
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) ctx.targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
}

function rangeStart(node: Node | null | undefined, ctx: Ctx): LineCol {
  return ctx.at(node?.range?.[0] ?? 0);
}

function record(map: Map<string, LineCol>, path: readonly PathSegment[], pos: LineCol, ctx: Ctx): void {
  const k = pathKey(path);
  if (ctx.protect > 0 && map.has(k)) return;
  map.set(k, pos);
}

function error(ctx: Ctx, code: Diagnostic["code"], path: readonly PathSegment[], message: string, node: Node | null | undefined): void {
  ctx.diagnostics.push({ code, severity: "error", path: formatPath(path), message, pos: { file: ctx.file, ...rangeStart(node, ctx) } });
}

function count(ctx: Ctx, node: Node): void {
  ctx.nodes++;
  if (ctx.nodes > MAX_EXPANDED_NODES) {
    error(
      ctx,
      Code.YamlLimit,
      [],
      `aliases expand to more than ${MAX_EXPANDED_NODES} nodes (a "billion laughs" document?); refusing to expand further`,
      node,
    );
    throw new LimitReached();
  }
}

function build(node: Node | null, path: PathSegment[], ctx: Ctx, recordSelf = true): unknown {
  if (node === null) return null;
  count(ctx, node);
  const isEmptyPlain = isScalar(node) && node.source === "" && node.type === "PLAIN";
  // An empty value has no useful position of its own; its key's position is used instead.
  if (recordSelf && node.range && !isEmptyPlain) record(ctx.values, path, ctx.at(node.range[0]), ctx);

  if (isAlias(node)) {
    const target = ctx.targets.get(node);
    if (!target) {
      error(ctx, Code.YamlSyntax, path, `unknown alias *${node.source}`, node);
      return null;
    }
    if (ctx.building.has(target)) {
      error(ctx, Code.YamlSyntax, path, `alias *${node.source} refers to a node that contains it (a recursive structure)`, node);
      return null;
    }
    return build(target, path, ctx, false);
  }

  if (node.tag === "!reset") return Reset.instance;
  if (node.tag === "!override") return new Override(buildUntagged(node, path, ctx));
  return buildUntagged(node, path, ctx);
}

function buildUntagged(node: Node, path: PathSegment[], ctx: Ctx): unknown {
  if (isScalar(node)) return composeScalarValue(node);
  if (isSeq(node)) {
    ctx.building.add(node);
    const out = node.items.map((item, i) => build(item as Node | null, [...path, i], ctx));
    ctx.building.delete(node);
    return out;
  }
  if (isMap(node)) {
    ctx.building.add(node);
    const out = buildMapping(node.items as Pair<Node | null, Node | null>[], path, ctx);
    ctx.building.delete(node);
    return out;
  }
  return null;
}

function isMergeKey(key: Node | null): boolean {
  return key !== null && isScalar(key) && key.type === "PLAIN" && key.source === "<<" && !key.tag;
}

function buildMapping(items: Pair<Node | null, Node | null>[], path: PathSegment[], ctx: Ctx): Record<string, unknown> {
  // Pass 1: keys, duplicates (compared as strings, as compose-go does).
  const firstLine = new Map<string, number>();
  const names: (string | undefined)[] = [];
  for (const pair of items) {
    if (!isPair(pair)) {
      names.push(undefined);
      continue;
    }
    const name = isMergeKey(pair.key) ? "<<" : keyString(pair.key, path, ctx);
    const pos = rangeStart(pair.key, ctx);
    if (name !== undefined && firstLine.has(name)) {
      error(ctx, Code.YamlDuplicateKey, [...path, name], `duplicate key "${name}" (first defined at line ${firstLine.get(name)})`, pair.key);
      names.push(undefined);
      continue;
    }
    if (name !== undefined) firstLine.set(name, pos.line);
    names.push(name);
  }

  // Pass 2: explicit keys first, so that merge keys never win over them (YAML 1.1 merge).
  const explicit = new Map<string, unknown>();
  items.forEach((pair, i) => {
    const name = names[i];
    if (name === undefined || name === "<<") return;
    record(ctx.keys, [...path, name], rangeStart(pair.key, ctx), ctx);
    explicit.set(name, build(pair.value, [...path, name], ctx));
  });

  const out: Record<string, unknown> = {};
  items.forEach((pair, i) => {
    const name = names[i];
    if (name === undefined) return;
    if (name !== "<<") {
      if (!Object.hasOwn(out, name)) setOwn(out, name, explicit.get(name));
      return;
    }
    // The earliest source wins among several merged mappings.
    for (const source of mergeSources(pair.value, path, ctx)) {
      for (const [k, v] of Object.entries(source)) {
        if (!explicit.has(k) && !Object.hasOwn(out, k)) setOwn(out, k, v);
      }
    }
  });
  return out;
}

function mergeSources(node: Node | null, path: PathSegment[], ctx: Ctx): Record<string, unknown>[] {
  const resolved = node !== null && isAlias(node) ? ctx.targets.get(node) : node;
  const nodes = resolved && isSeq(resolved) ? (resolved.items as (Node | null)[]) : [node];
  const out: Record<string, unknown>[] = [];
  ctx.protect++;
  try {
    for (const n of nodes) {
      const v = build(n, path, ctx, false);
      if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Reset || v instanceof Override) {
        error(ctx, Code.YamlSyntax, path, "a `<<` merge key needs a mapping or a sequence of mappings", n);
        continue;
      }
      out.push(v as Record<string, unknown>);
    }
  } finally {
    ctx.protect--;
  }
  return out;
}

/**
 * compose-go rejects non-string keys ("non-string key in …"); compose-ts takes the key's text
 * (`80:` → "80") and warns, since quoting it is all the author needs to do.
 */
function keyString(key: Node | null, path: PathSegment[], ctx: Ctx): string | undefined {
  if (key === null) return "";
  let node: Node | undefined = key;
  if (isAlias(key)) node = ctx.targets.get(key);
  if (!node || !isScalar(node)) {
    error(ctx, Code.YamlSyntax, path, "a mapping key must be a scalar", key);
    return undefined;
  }
  const text = composeKeyText(node);
  const typed = node.type === "PLAIN" && !node.tag ? goPlainScalar(node.source ?? "") : node.value;
  if (typeof typed !== "string") {
    ctx.diagnostics.push({
      code: Code.InvalidType,
      severity: "warning",
      path: formatPath([...path, text]),
      message: `key ${text} is not a string in YAML; Compose rejects it (quote it: "${text}")`,
      pos: { file: ctx.file, ...rangeStart(key, ctx) },
    });
  }
  return text;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a sequence";
  if (v instanceof Reset || v instanceof Override) return "a tagged value";
  return `a ${typeof v}`;
}

// ---------------------------------------------------------------------------------------------
// For `compose-ts import`, which needs the YAML as written (comments, anchors, short syntax).

/**
 * The file's YAML documents as `yaml` keeps them (nodes with comments, anchors, aliases), parsed
 * with the options `parseComposeYaml` uses, so that scalars read the same. No diagnostics: call
 * `parseComposeYaml` first to know that the text is valid.
 */
export function parseComposeDocuments(text: string): Document[] {
  const docs = parseAllDocuments(text, { version: "1.2", schema: "core", merge: true, uniqueKeys: false, prettyErrors: false });
  return Array.isArray(docs) ? docs : [];
}
