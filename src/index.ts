/**
 * compose-ts: typed container stacks. The public API is what users import in `stack.ts`
 * (`defineStack`, `mergeStacks`, the DSL types) plus the pipeline for tools.
 */
export * from "./dsl/index.js";
export { mergeStacks } from "./dsl/merge.js";

export { normalize, type NormalizeOptions, type NormalizeResult } from "./normalize/index.js";
export { emitComposeYaml, type ComposeYamlOptions } from "./emit/compose-yaml.js";
export { Code, type Diagnostic, type DiagnosticCode, type Severity, type SourcePos } from "./diagnostics/index.js";
export type { Project as ComposeModel } from "./model/index.js";
