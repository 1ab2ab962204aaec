import { Code, type Diagnostics, type PathSegment } from "../../diagnostics/index.js";
import { hasInterpolation } from "./interpolation.js";

/**
 * The Compose schema's pattern for `container_name` (unanchored, as JSON Schema patterns are):
 * somewhere a letter or digit followed by at least one of `[a-zA-Z0-9_.-]`. compose-go validates
 * the file against that schema, so `container_name: ""` is an error, not an unset value.
 */
const CONTAINER_NAME = /[a-zA-Z0-9][a-zA-Z0-9_.-]+/;

/** The name, or undefined after reporting why it cannot be one. `${VAR}` is checked where it is interpolated. */
export function checkContainerName(v: string | undefined, path: PathSegment[], d: Diagnostics): string | undefined {
  if (v === undefined || CONTAINER_NAME.test(v) || hasInterpolation(v)) return v;
  d.error(
    Code.InvalidValue,
    path,
    `invalid container_name ${JSON.stringify(v)}: it must hold a name of at least two characters from [a-zA-Z0-9_.-] that starts with a letter or digit`,
  );
  return undefined;
}
