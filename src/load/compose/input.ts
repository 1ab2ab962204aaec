import { type Diagnostic, parsePath } from "../../diagnostics/index.js";
import { loadComposeFiles } from "./files.js";

export interface ComposeInput {
  value?: unknown;
  diagnostics: Diagnostic[];
  /** Places a later (normalization) diagnostic at its line and column in the YAML. */
  locate: (d: Diagnostic) => Diagnostic;
}

/** Compose YAML files (`-f a.yml -f b.yml`), merged with Compose's rules, as one raw document. */
export function loadComposeInput(files: string[], opts: { envFiles?: string[] } = {}): ComposeInput {
  const loaded = loadComposeFiles(files, opts.envFiles ? { envFiles: opts.envFiles } : {});
  const locate = (d: Diagnostic): Diagnostic => {
    if (d.pos || d.path === "") return d;
    const pos = loaded.locate(parsePath(d.path));
    return pos ? { ...d, pos } : d;
  };
  return { ...(loaded.document !== undefined ? { value: loaded.document } : {}), diagnostics: loaded.diagnostics, locate };
}
