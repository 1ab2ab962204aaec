import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED = path.resolve(ROOT, "../shared");
export const COMPOSE_SPEC = path.join(SHARED, "spec/compose-spec.json");

/** Reference material lives outside the repo; tests that need it skip with this reason when it is absent. */
export function sharedMissing(what: string): string | undefined {
  return existsSync(what) ? undefined : `${path.relative(ROOT, what)} is absent (it sits beside the repo in ../shared)`;
}
