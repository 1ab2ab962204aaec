import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { type Diagnostic, type PathSegment, parsePath } from "../diagnostics/index.js";

type Ts = typeof TS;

/**
 * Places diagnostics of a TypeScript/JavaScript stack at the source of the value they name:
 * `services.web.depends_on[0]` → the `"dbb"` literal in `stack.ts`. Only syntax trees are read
 * (no type checker), and the parser is loaded only when there is something to place, so a valid
 * stack never pays for it.
 *
 * Followed: `defineStack(…)`/`mergeStacks(…)` calls, `export default` of an object, identifier or
 * (async) function, spreads and shorthand properties naming a `const`, calls of a helper function
 * (into what it returns), and `as`/`satisfies` — within the stack file and into the local files
 * it imports (`import { worker } from "../shared.ts"`). A value built at run time (a loop,
 * `Object.fromEntries`) is placed at the deepest property that could be found; a diagnostic is
 * left without position when nothing matched.
 */
export async function locateInStack(file: string, diagnostics: Diagnostic[]): Promise<Diagnostic[]> {
  if (!diagnostics.some(needsPosition)) return diagnostics;
  const { ts } = await import("ts-morph");
  const locator = new Locator(ts);
  const roots = locator.roots(path.resolve(file));
  if (!roots) return diagnostics;
  return diagnostics.map((d) => {
    if (!needsPosition(d)) return d;
    const pos = locator.locate(roots, parsePath(d.path));
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

/** What a name of one module stands for: a value, a function, or another module's export. */
type Binding = { value: TS.Expression } | { fn: TS.FunctionDeclaration } | { from: string; name: string };

/** One parsed file: its top-level-or-nested bindings (the first wins) and its exports. */
interface Module {
  sf: TS.SourceFile;
  bindings: Map<string, Binding>;
  /** Exported name → local name (`default` → `default` for `export default <expr>`). */
  exports: Map<string, string>;
  defaultExport: TS.Expression[];
}

class Locator {
  private readonly modules = new Map<string, Module | undefined>();
  /**
   * A helper's parameters, bound to the arguments of the call being followed: in
   * `web: svc("nginx", ["dbb"])`, the `deps` of `depends_on: deps` is the `["dbb"]` written there.
   */
  private readonly args = new Map<TS.ParameterDeclaration, TS.Expression>();

  constructor(private readonly ts: Ts) {}

  /** The expressions the stack file default-exports, or undefined when it cannot be read. */
  roots(file: string): TS.Expression[] | undefined {
    return this.module(file)?.defaultExport;
  }

  locate(roots: TS.Expression[], segments: PathSegment[]): { file: string; line: number; col: number } | undefined {
    let best: TS.Node | undefined;
    let current = roots;
    for (const seg of segments) {
      // Every definition of the key, the winning one first: a key missing from the override
      // (`mergeStacks`, a spread) may still be found one level down in the base.
      const found = this.step(current, seg);
      if (found.length === 0) break;
      best = found[0]!.at;
      current = found.flatMap((f) => (f.value ? [f.value] : []));
    }
    if (!best) return undefined;
    const sf = best.getSourceFile();
    const { line, character } = sf.getLineAndCharacterOfPosition(best.getStart(sf));
    return { file: path.resolve(sf.fileName), line: line + 1, col: character + 1 };
  }

  private module(file: string): Module | undefined {
    if (this.modules.has(file)) return this.modules.get(file);
    this.modules.set(file, undefined);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
    const ts = this.ts;
    const kind = /\.[mc]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const mod: Module = { sf, bindings: new Map(), exports: new Map(), defaultExport: [] };
    const bind = (name: string, b: Binding) => {
      // The first declaration wins: shadowing inside functions is rare in stack files.
      if (!mod.bindings.has(name)) mod.bindings.set(name, b);
    };
    const visit = (node: TS.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) bind(node.name.text, { value: node.initializer });
      else if (ts.isFunctionDeclaration(node) && node.name && node.body) bind(node.name.text, { fn: node });
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const st of sf.statements) {
      const exported = hasModifier(ts, st, ts.SyntaxKind.ExportKeyword);
      if (ts.isExportAssignment(st) && !st.isExportEquals) mod.defaultExport.push(st.expression);
      else if (ts.isFunctionDeclaration(st) && st.body && exported) {
        if (hasModifier(ts, st, ts.SyntaxKind.DefaultKeyword)) mod.defaultExport.push(...returned(ts, st.body));
        else if (st.name) mod.exports.set(st.name.text, st.name.text);
      } else if (ts.isVariableStatement(st) && exported) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) mod.exports.set(d.name.text, d.name.text);
      } else if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) mod.exports.set(el.name.text, (el.propertyName ?? el.name).text);
      } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && st.importClause && !st.importClause.isTypeOnly) {
        const from = resolveLocal(file, st.moduleSpecifier.text);
        if (!from) continue;
        const clause = st.importClause;
        if (clause.name) bind(clause.name.text, { from, name: "default" });
        if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
          for (const el of clause.namedBindings.elements) bind(el.name.text, { from, name: (el.propertyName ?? el.name).text });
        }
      }
    }
    this.modules.set(file, mod);
    return mod;
  }

  /** What an identifier names, followed through imports of local files. */
  private resolve(id: TS.Identifier): { value: TS.Expression } | { fn: TS.FunctionDeclaration } | undefined {
    const ts = this.ts;
    for (let n: TS.Node | undefined = id.parent; n; n = n.parent) {
      if (!ts.isFunctionLike(n)) continue;
      const param = n.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
      if (param) {
        const arg = this.args.get(param) ?? param.initializer;
        return arg ? { value: arg } : undefined;
      }
    }
    let mod = this.module(path.resolve(id.getSourceFile().fileName));
    let name = id.text;
    for (let hops = 0; mod && hops < 16; hops++) {
      const b = mod.bindings.get(name);
      if (!b) return undefined;
      if (!("from" in b)) return b;
      const target = this.module(b.from);
      if (!target) return undefined;
      if (b.name === "default") {
        const expr = target.defaultExport[0];
        return expr ? { value: expr } : undefined;
      }
      const local = target.exports.get(b.name);
      if (!local) return undefined;
      mod = target;
      name = local;
    }
    return undefined;
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
      const b = this.resolve(e);
      if (!b) return [];
      return "value" in b ? this.sources(b.value, seen) : this.returnedSources(b.fn, seen);
    }
    if (ts.isCallExpression(e)) {
      const callee = unwrap(ts, e.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
      if (name === "mergeStacks") return [...e.arguments].reverse().flatMap((a) => this.sources(a, seen));
      // A helper of the user's: the value is what it returns.
      const fn = ts.isIdentifier(callee) ? this.resolve(callee) : undefined;
      const helper = fn && ("fn" in fn ? fn.fn : isFunctionExpression(ts, unwrap(ts, fn.value)) ? unwrap(ts, fn.value) : undefined);
      if (helper && (ts.isFunctionDeclaration(helper) || ts.isArrowFunction(helper) || ts.isFunctionExpression(helper))) {
        helper.parameters.forEach((p, i) => {
          const arg = e.arguments[i];
          if (arg && !p.dotDotDotToken) this.args.set(p, arg);
        });
        return this.returnedSources(helper, seen);
      }
      // `defineStack(x)` and other wrappers that hand back their argument.
      const first = e.arguments[0];
      return first ? this.sources(first, seen) : [];
    }
    if (isFunctionExpression(ts, e)) return this.returnedSources(e, seen);
    return [];
  }

  private returnedSources(fn: TS.FunctionDeclaration | TS.ArrowFunction | TS.FunctionExpression, seen: Set<TS.Node>): TS.Expression[] {
    const ts = this.ts;
    if (!fn.body) return [];
    return ts.isBlock(fn.body) ? returned(ts, fn.body).flatMap((r) => this.sources(r, seen)) : this.sources(fn.body, seen);
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

function isFunctionExpression(ts: Ts, e: TS.Expression): e is TS.ArrowFunction | TS.FunctionExpression {
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

function hasModifier(ts: Ts, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** A relative import's file, as a bundler finds it (`./a.js` may be `./a.ts`); bare specifiers are not followed. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const swapped = /\.[mc]?js$/.test(base) ? [base.replace(/js$/, "ts")] : [];
  const candidates = [base, ...swapped, ...[".ts", ".mts", ".js", ".mjs", "/index.ts", "/index.js"].map((x) => base + x)];
  return candidates.find((c) => /\.[mc]?[jt]s$/.test(c) && existsSync(c) && statSync(c).isFile());
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
