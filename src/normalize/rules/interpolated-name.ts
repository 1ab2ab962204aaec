import { Code, type Diagnostics, type PathSegment } from "../../diagnostics/index.js";
import { hasInterpolation, splitOutsideInterpolation } from "./interpolation.js";

/**
 * A list item whose name is only known after interpolation (`depends_on: ["${DB:-db}"]`,
 * `networks: ["${NET}"]`, `environment: ["${K:-FOO}=v"]`) cannot become a key of the canonical
 * mapping form: Compose interpolates values, never keys, so `{"${DB:-db}": …}` would name a
 * service literally called `${DB:-db}`. Such an item is an error that says so, never a key.
 * Returns true when the name may be used as a key.
 */
export function checkKeyName(name: string, what: string, path: PathSegment[], d: Diagnostics): boolean {
  if (!hasInterpolation(name)) return true;
  d.error(
    Code.NotExpressible,
    path,
    `the ${what} ${JSON.stringify(name)} is only known once \${…} is interpolated, and compose-ts writes it as a mapping key, which Compose never interpolates; write the name itself, or build with --interpolate to resolve it from the environment and .env as docker compose config does`,
  );
  return false;
}

/** The service a `links` entry (`service[:alias]`) names, split outside `${…}`. */
export function linkTarget(entry: string): string {
  return splitOutsideInterpolation(entry, ":")[0]!;
}
