/**
 * JSON Schema of what a stack may contain, read from the DSL's own types (`StackInput`) with the
 * TypeScript compiler: the same keys, value forms and JSDoc an editor shows for `stack.ts`
 * become a schema (with descriptions) for YAML/JSON tools. Names are unchecked here (`string`),
 * as in `StackInput`; cross-references are the normalizer's job.
 */
import path from "node:path";
import ts from "typescript";

export function stackJsonSchema(root) {
  const entry = path.join(root, "src/dsl/index.ts");
  const program = ts.createProgram([entry], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const mod = checker.getSymbolAtLocation(program.getSourceFile(entry));
  let stack = checker.getExportsOfModule(mod).find((s) => s.name === "StackInput");
  if (stack.flags & ts.SymbolFlags.Alias) stack = checker.getAliasedSymbol(stack);
  const defs = new Map();
  const top = convert(checker, checker.getDeclaredTypeOfSymbol(stack), defs, true);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "compose-ts stack",
    description: "What a stack.ts default-exports (Compose file keys plus `host`), as JSON Schema; generated from the DSL types.",
    ...top,
    $defs: Object.fromEntries([...defs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

function doc(checker, symbol) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text === "" ? {} : { description: text };
}

/** Named object types become `$defs` entries (shared, and recursion-safe). */
function defName(type) {
  const sym = type.aliasSymbol ?? type.getSymbol();
  if (!sym || sym.name.startsWith("__")) return undefined;
  return sym.name;
}

function convert(checker, type, defs, inline = false) {
  const f = type.flags;
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
  if (f & ts.TypeFlags.String) return { type: "string" };
  if (f & ts.TypeFlags.Number) return { type: "number" };
  if (f & ts.TypeFlags.Boolean) return { type: "boolean" };
  if (f & ts.TypeFlags.Null) return { type: "null" };
  if (f & ts.TypeFlags.Never) return { not: {} };
  if (type.isStringLiteral() || type.isNumberLiteral()) return { const: type.value };
  if (f & ts.TypeFlags.BooleanLiteral) return { const: checker.typeToString(type) === "true" };
  if (f & ts.TypeFlags.TemplateLiteral) return { type: "string", pattern: templatePattern(type) };
  if (type.isUnion()) {
    let members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    // `true | false` is how the checker spells boolean.
    const bools = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    if (bools.length === 2) members = [...members.filter((t) => !bools.includes(t)), checker.getBooleanType()];
    const literals = members.filter((t) => t.isStringLiteral());
    const rest = members.filter((t) => !t.isStringLiteral()).map((t) => convert(checker, t, defs));
    // Sorted: the checker orders a union's members by when each literal was first seen, which
    // moves whenever the DSL's files are rearranged; the order of an enum means nothing.
    const values = literals.map((t) => t.value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts = [...(values.length > 0 ? [{ enum: values }] : []), ...rest];
    return parts.length === 1 ? parts[0] : { anyOf: parts };
  }
  if (type.isIntersection()) {
    // `string & {}` keeps completions open in the editor; for a schema it is just a string.
    const prim = type.types.find((t) => t.flags & ts.TypeFlags.String);
    if (prim) return { type: "string" };
    return { allOf: type.types.map((t) => convert(checker, t, defs)) };
  }
  if (checker.isTupleType(type)) {
    const elems = checker.getTypeArguments(type);
    const target = type.target;
    const fixed = target.fixedLength ?? elems.length;
    const out = { type: "array", prefixItems: elems.slice(0, fixed).map((t) => convert(checker, t, defs)), minItems: target.minLength ?? fixed };
    if (target.hasRestElement) out.items = convert(checker, elems[elems.length - 1], defs);
    else out.items = false;
    return out;
  }
  if (checker.isArrayType(type)) return { type: "array", items: convert(checker, checker.getTypeArguments(type)[0], defs) };
  if (f & ts.TypeFlags.Object) {
    if (checker.getSignaturesOfType(type, ts.SignatureKind.Call).length > 0) return {};
    const name = inline ? undefined : defName(type);
    if (name) {
      if (!defs.has(name)) {
        defs.set(name, {});
        defs.set(name, objectSchema(checker, type, defs));
      }
      return { $ref: `#/$defs/${name}` };
    }
    return objectSchema(checker, type, defs);
  }
  return {};
}

function objectSchema(checker, type, defs) {
  const properties = {};
  const required = [];
  // By name: the checker lists an interface's own keys before its bases', an artefact of how the
  // DSL's files are split that the schema should not follow.
  const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const p of [...checker.getPropertiesOfType(type)].sort(byName)) {
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    const t = decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getTypeOfSymbol(p);
    properties[p.name] = { ...doc(checker, p), ...convert(checker, t, defs) };
    if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.name);
  }
  const out = { type: "object" };
  if (Object.keys(properties).length > 0) out.properties = properties;
  if (required.length > 0) out.required = required;
  const patternProperties = {};
  let additional = false;
  for (const info of checker.getIndexInfosOfType(type)) {
    const value = convert(checker, info.type, defs);
    if (info.keyType.flags & ts.TypeFlags.TemplateLiteral) patternProperties[templatePattern(info.keyType)] = value;
    else additional = value;
  }
  if (Object.keys(patternProperties).length > 0) out.patternProperties = patternProperties;
  out.additionalProperties = additional;
  return out;
}

function templatePattern(type) {
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  let re = "^" + esc(type.texts[0]);
  type.types.forEach((t, i) => {
    re += t.flags & ts.TypeFlags.Number ? "-?[0-9.e+-]+" : ".*";
    re += esc(type.texts[i + 1]);
  });
  return re.endsWith(".*") ? re.slice(0, -2) : re + "$";
}
