import { readFileSync } from "node:fs";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { type Diagnostic, type PathSegment, parsePath } from "../diagnostics/index.js";

type Ts = typeof TS;

/**
 * Places diagnostics of a TypeScript/JavaScript stack at the source of the value they name:
 * `services.web.depends_on[0]` → the `"dbb"` literal in `stack.ts`. Only the syntax tree of the
 * stack file is read (no type checker), and the parser is loaded only when there is something to
 * place, so a valid stack never pays for it.
 *
 * Followed: `defineStack(…)`/`mergeStacks(…)` calls, `export default` of an object, identifier or
 * (async) function, spreads and shorthand properties naming a `const` of the same file, and
 * `as`/`satisfies`. A value built elsewhere (another file, a loop) is placed at the deepest
 * property that could be found; a diagnostic is left without position when nothing matched.
 */
export async function locateInStack(file: string, diagnostics: Diagnostic[]): Promise<Diagnostic[]> {
  if (!diagnostics.some(needsPosition)) return diagnostics;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return diagnostics;
  }
  const { ts } = await import("ts-morph");
  const locator = new Locator(ts, file, text);
  return diagnostics.map((d) => {
    if (!needsPosition(d)) return d;
    const pos = locator.locate(parsePath(d.path));
    return pos ? { ...d, pos } : d;
  });
}

function needsPosition(d: Diagnostic): boolean {
  return d.pos === undefined && d.path !== "";
}

/** A node standing for one path segment: where to point, and the value to descend into. */
interface Found {
  at: TS.Node;
  value: TS.Expression | undefined;
}

class Locator {
  private readonly sf: TS.SourceFile;
  private readonly consts = new Map<string, TS.Expression>();
  private readonly roots: TS.Expression[];

  constructor(
    private readonly ts: Ts,
    private readonly file: string,
    text: string,
  ) {
    const kind = /\.[mc]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    this.sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const roots: TS.Expression[] = [];
    const visit = (node: TS.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        // The first declaration wins: shadowing inside functions is rare in stack files.
        if (!this.consts.has(node.name.text)) this.consts.set(node.name.text, node.initializer);
      }
      ts.forEachChild(node, visit);
    };
    visit(this.sf);
    for (const st of this.sf.statements) {
      if (ts.isExportAssignment(st) && !st.isExportEquals) roots.push(st.expression);
      else if (ts.isFunctionDeclaration(st) && st.body && hasDefaultExport(ts, st)) roots.push(...returned(ts, st.body));
    }
    this.roots = roots;
  }

  locate(segments: PathSegment[]): { file: string; line: number; col: number } | undefined {
    let best: TS.Node | undefined;
    let current: TS.Expression[] = this.roots;
    for (const seg of segments) {
      // Every definition of the key, the winning one first: a key missing from the override
      // (`mergeStacks`, a spread) may still be found one level down in the base.
      const found = this.step(current, seg);
      if (found.length === 0) break;
      best = found[0]!.at;
      current = found.flatMap((f) => (f.value ? [f.value] : []));
    }
    if (!best) return undefined;
    const { line, character } = this.sf.getLineAndCharacterOfPosition(best.getStart(this.sf));
    return { file: path.resolve(this.file), line: line + 1, col: character + 1 };
  }

  private step(values: TS.Expression[], seg: PathSegment): Found[] {
    return values.flatMap((v) => this.sources(v)).flatMap((node) => (typeof seg === "number" ? this.element(node, seg) : this.property(node, seg)));
  }

  /**
   * The object/array literals a value is made of, the one that wins first: `mergeStacks(a, b)`
   * is `b` over `a`, and a spread is searched after the properties written after it.
   */
  private sources(expr: TS.Expression, seen = new Set<TS.Node>()): TS.Expression[] {
    const ts = this.ts;
    if (seen.has(expr)) return [];
    seen.add(expr);
    const e = unwrap(ts, expr);
    if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return [e];
    if (ts.isIdentifier(e)) {
      const init = this.consts.get(e.text);
      return init ? this.sources(init, seen) : [];
    }
    if (ts.isCallExpression(e)) {
      const callee = ts.isIdentifier(e.expression) ? e.expression.text : ts.isPropertyAccessExpression(e.expression) ? e.expression.name.text : "";
      if (callee === "mergeStacks") return [...e.arguments].reverse().flatMap((a) => this.sources(a, seen));
      const first = e.arguments[0];
      return first ? this.sources(first, seen) : [];
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      return ts.isBlock(e.body) ? returned(ts, e.body).flatMap((r) => this.sources(r, seen)) : this.sources(e.body, seen);
    }
    return [];
  }

  private property(node: TS.Expression, key: string): Found[] {
    const ts = this.ts;
    if (!ts.isObjectLiteralExpression(node)) return [];
    const out: Found[] = [];
    for (const p of [...node.properties].reverse()) {
      if (ts.isPropertyAssignment(p) && propertyName(ts, p.name) === key) out.push({ at: p.name, value: p.initializer });
      else if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) out.push({ at: p.name, value: p.name });
      else if (ts.isSpreadAssignment(p)) out.push(...this.sources(p.expression).flatMap((s) => this.property(s, key)));
    }
    return out;
  }

  private element(node: TS.Expression, index: number): Found[] {
    const ts = this.ts;
    if (!ts.isArrayLiteralExpression(node)) return [];
    // After a spread the literal's indexes no longer match the value's.
    if (node.elements.slice(0, index + 1).some((el) => ts.isSpreadElement(el))) return [];
    const el = node.elements[index];
    return el ? [{ at: el, value: el }] : [];
  }
}

function unwrap(ts: Ts, e: TS.Expression): TS.Expression {
  let cur = e;
  for (;;) {
    if (ts.isParenthesizedExpression(cur) || ts.isAsExpression(cur) || ts.isSatisfiesExpression(cur) || ts.isNonNullExpression(cur) || ts.isAwaitExpression(cur)) {
      cur = cur.expression;
    } else if (ts.isTypeAssertionExpression(cur)) {
      cur = cur.expression;
    } else {
      return cur;
    }
  }
}

function propertyName(ts: Ts, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && (ts.isStringLiteral(name.expression) || ts.isNoSubstitutionTemplateLiteral(name.expression))) return name.expression.text;
  return undefined;
}

function hasDefaultExport(ts: Ts, node: TS.FunctionDeclaration): boolean {
  const mods = ts.getModifiers(node) ?? [];
  return mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** The expressions a function body returns (not those of nested functions). */
function returned(ts: Ts, body: TS.Block): TS.Expression[] {
  const out: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isReturnStatement(node)) {
      if (node.expression) out.push(node.expression);
    } else if (!ts.isFunctionLike(node)) {
      ts.forEachChild(node, visit);
    }
  };
  visit(body);
  return out;
}
