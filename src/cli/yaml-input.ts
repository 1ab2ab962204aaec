import type { Diagnostic } from "../diagnostics/index.js";
import { loadComposeFiles } from "../import/compose-files.js";

/** Compose YAML files (`-f a.yml -f b.yml`), merged with Compose's rules, as one raw document. */
export function loadComposeInput(files: string[]): { value?: unknown; diagnostics: Diagnostic[] } {
  const { document, diagnostics } = loadComposeFiles(files, {});
  return { ...(document !== undefined ? { value: document } : {}), diagnostics };
}
