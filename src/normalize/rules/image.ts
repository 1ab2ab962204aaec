import { Code } from "../../diagnostics/index.js";
import type { Diagnostics, PathSegment } from "../../diagnostics/index.js";
import { hasInterpolation } from "./interpolation.js";

/**
 * Image references checked like the engine does before pulling (distribution/reference v0.5.0
 * `ParseNormalizedNamed` + go-digest): `[domain[:port]/]path[:tag][@algo:hex]`, lowercase path.
 */

const alnum = "[a-z0-9]+";
const separator = "(?:[._]|__|[-]+)";
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);

const NAME_MAX = 255;
const DIGEST_HEX: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Why `ref` is not a valid image reference, or undefined when it is. */
export function imageReferenceProblem(ref: string): string | undefined {
  if (ref === "") return "empty image name";
  if (/^[a-f0-9]{64}$/.test(ref)) return "a 64-character hex string is an image ID, not a name";
  // Docker Hub names get `docker.io/` (and `library/`) prepended before parsing.
  const slash = ref.indexOf("/");
  const first = slash === -1 ? "" : ref.slice(0, slash);
  const hub = slash === -1 || (!/[.:]/.test(first) && first !== "localhost" && first.toLowerCase() === first);
  const remainder = hub ? ref : ref.slice(slash + 1);
  const colon = remainder.indexOf(":");
  const remote = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return `repository name ${JSON.stringify(remote)} must be lowercase`;
  const full = `${hub ? "docker.io" : first}/${hub && !remainder.includes("/") ? "library/" : ""}${remainder}`;
  const m = REFERENCE.exec(full);
  if (m === null) return "invalid reference format";
  if (m[1]!.length > NAME_MAX) return `repository name must not be more than ${NAME_MAX} characters`;
  const dg = m[3];
  if (dg !== undefined) {
    const [algo, hex] = dg.split(":") as [string, string];
    const len = DIGEST_HEX[algo];
    if (len === undefined) return `unsupported digest algorithm ${JSON.stringify(algo)}`;
    if (hex.length !== len || !/^[a-f0-9]+$/.test(hex)) return `invalid ${algo} digest`;
  }
  return undefined;
}

/** Reports an invalid `image:`; references holding `${…}` are left to whoever interpolates them. */
export function checkImageReference(value: string, path: PathSegment[], d: Diagnostics): void {
  if (hasInterpolation(value)) return;
  const problem = imageReferenceProblem(value);
  if (problem !== undefined) d.error(Code.InvalidImage, path, `invalid image reference ${JSON.stringify(value)}: ${problem}`);
}
