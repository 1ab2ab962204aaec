import { Code, type Diagnostic, type DiagnosticCode, type PathSegment, formatPath } from "../diagnostics/index.js";
import { hasLoneSurrogate } from "../model/text.js";

const MAX_DEPTH = 200;

/**
 * A stack is code, but what it exports must be data. This takes a snapshot of the exported
 * value as plain objects, lists and scalars — once, so that getters run only here and later
 * stages never meet a cycle, a function or a throwing getter. `undefined` entries are dropped,
 * as JSON would.
 */
export function toPlainData(value: unknown): { value?: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const onPath = new Set<object>();
  // The path of the value being copied, as a stack: a copy of it is made only for a diagnostic.
  const path: PathSegment[] = [];
  const fail = (message: string, code: DiagnosticCode = Code.StackModuleError) => {
    diagnostics.push({ code, severity: "error", path: formatPath(path), message });
    return undefined;
  };
  // A string without a UTF-8 form cannot be written into any output file.
  const noUtf8 = (what: string) =>
    fail(`${what} holds an unpaired UTF-16 surrogate, which has no UTF-8 form and cannot be written to a file`, Code.InvalidValue);

  const copy = (v: unknown): unknown => {
    switch (typeof v) {
      case "string":
        return hasLoneSurrogate(v) ? noUtf8("this string") : v;
      case "boolean":
        return v;
      case "number":
        return Number.isFinite(v) ? v : fail(`${String(v)} is not a value Compose can hold`);
      case "undefined":
        return undefined;
      case "bigint":
        return fail("a bigint is not a value Compose can hold; use a number or a string");
      case "function":
        return fail("a function is not data: call it, or export the value it returns");
      case "symbol":
        return fail("a symbol is not data");
    }
    if (v === null) return null;
    const obj = v as object;
    if (onPath.has(obj)) return fail("the stack refers to itself here (a cycle): a stack must be a tree of plain values");
    if (path.length > MAX_DEPTH) return fail(`the stack is nested more than ${MAX_DEPTH} levels deep`);
    onPath.add(obj);
    try {
      if (Array.isArray(obj)) {
        const out: unknown[] = new Array(obj.length);
        for (let i = 0; i < obj.length; i++) {
          path.push(i);
          out[i] = copy(obj[i]);
          path.pop();
        }
        return out;
      }
      const proto = Object.getPrototypeOf(obj) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        const kind = (obj as { constructor?: { name?: string } }).constructor?.name ?? "object";
        return fail(`a ${kind} is not plain data: use an object literal, a list or a string`);
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(obj)) {
        path.push(key);
        try {
          if (hasLoneSurrogate(key)) {
            noUtf8("this key");
            continue;
          }
          let item: unknown;
          try {
            item = (obj as Record<string, unknown>)[key];
          } catch (e) {
            fail(`reading this value threw: ${(e as Error).message}`);
            continue;
          }
          const c = copy(item);
          if (c !== undefined) out[key] = c;
        } finally {
          path.pop();
        }
      }
      return out;
    } finally {
      onPath.delete(obj);
    }
  };

  const result = copy(value);
  return diagnostics.length > 0 ? { diagnostics } : { value: result, diagnostics };
}
