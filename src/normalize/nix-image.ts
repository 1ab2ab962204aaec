import { Code, type PathSegment } from "../diagnostics/index.js";
import type { Ctx } from "./context.js";
import { isRecord, typeName } from "../util/values.js";
import { type FieldTable, applyTable, bool, labels, list, str } from "./fields.js";
import { imageReferenceProblem } from "./rules/image.js";

/**
 * Nix-built images. The DSL writes `image: nixImage({...})`, a compose file writes the recipe as
 * the service's `x-nix-image` key beside `image`; both become the canonical form: `image:
 * "<name>:<tag>"` (what `docker load` of the built image yields) and the checked recipe under
 * `x-nix-image`, so the YAML stays valid Compose and every Nix target reads the same recipe.
 */

export const NIX_IMAGE_KEY = "x-nix-image";

/** The tag used when none is given; a Nix build without a tag would be tagged with its hash. */
export const DEFAULT_NIX_TAG = "latest";

const ATTR_SEGMENT = "[A-Za-z_][A-Za-z0-9_'-]*";
const ATTR_PATH = new RegExp(`^${ATTR_SEGMENT}(\\.${ATTR_SEGMENT})*$`);
const NIX_KEYWORDS = new Set(["if", "then", "else", "assert", "with", "let", "in", "rec", "inherit", "or"]);
const TAG = /^[\w][\w.-]{0,127}$/;
const EXPOSED_PORT = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/;

/** Whether `s` names a Nixpkgs attribute the emitters may write as `pkgs.<s>`. */
export function isNixAttrPath(s: string): boolean {
  return ATTR_PATH.test(s) && s.split(".").every((seg) => !NIX_KEYWORDS.has(seg));
}

/** `image: nixImage(…)` is an object; the `image` field leaves it to `applyNixImage`. */
export function isNixImageValue(v: unknown): boolean {
  return isRecord(v);
}

const exposedPorts: FieldTable[string] = (v, path, ctx) => {
  if (!Array.isArray(v)) {
    ctx.d.error(Code.InvalidType, path, `must be a list, got ${typeName(v)}`);
    return undefined;
  }
  const out: string[] = [];
  v.forEach((p, i) => {
    const m = typeof p === "number" || typeof p === "string" ? EXPOSED_PORT.exec(String(p)) : null;
    const port = m ? Number(m[1]) : 0;
    if (!m || port < 1 || port > 65535) {
      ctx.d.error(Code.InvalidPort, [...path, i], `invalid exposed port ${JSON.stringify(p)}: expected a port 1-65535, optionally with /tcp, /udp or /sctp`);
      return;
    }
    const proto = m[2] ?? "tcp";
    const s = `${port}/${proto}`;
    if (!out.includes(s)) out.push(s);
  });
  return out;
};

const RECIPE: FieldTable = {
  name: str,
  tag: str,
  contents: list,
  command: list,
  env: labels,
  workingDir: str,
  exposedPorts,
  layered: bool,
  useHostStore: bool,
};

/**
 * Reads the recipe of `raw` (the raw service) into `out` (its normalized fields): sets
 * `out["x-nix-image"]` and `out.image`, or reports why not.
 */
export function applyNixImage(raw: Record<string, unknown>, out: Record<string, unknown>, path: PathSegment[], ctx: Ctx): void {
  // copyExtensions put the raw value there; only the checked recipe may stay.
  delete out[NIX_IMAGE_KEY];
  const fromDsl = isRecord(raw.image) ? raw.image : undefined;
  const fromYaml = raw[NIX_IMAGE_KEY];
  if (fromDsl === undefined && (fromYaml === undefined || fromYaml === null)) return;

  let recipe: unknown;
  let at: PathSegment[];
  if (fromDsl !== undefined) {
    at = [...path, "image"];
    if (!(NIX_IMAGE_KEY in fromDsl)) {
      ctx.d.error(Code.InvalidType, at, "image must be a string (a registry image) or nixImage({ … }) (an image built by Nix)");
      return;
    }
    const extra = Object.keys(fromDsl).filter((k) => k !== NIX_IMAGE_KEY);
    if (extra.length > 0) ctx.d.error(Code.UnknownKey, [...at, extra[0]!], `unknown key "${extra[0]}" beside the Nix image recipe`);
    if (fromYaml !== undefined) {
      ctx.d.error(Code.Conflict, [...path, NIX_IMAGE_KEY], "the service has both image: nixImage(…) and an x-nix-image key; keep one");
      return;
    }
    recipe = fromDsl[NIX_IMAGE_KEY];
  } else {
    at = [...path, NIX_IMAGE_KEY];
    recipe = fromYaml;
  }
  if (!isRecord(recipe)) {
    ctx.d.error(Code.InvalidType, at, `a Nix image recipe must be a mapping, got ${typeName(recipe)}`);
    return;
  }
  if (raw.build !== undefined && raw.build !== null) {
    ctx.d.error(
      Code.Conflict,
      [...path, "build"],
      "a service gets its image one way: from a registry (image), a Dockerfile (build) or Nix (nixImage / x-nix-image); build and a Nix image cannot be combined",
    );
    return;
  }

  const r = applyTable(recipe, RECIPE, at, ctx, "a Nix image recipe");
  checkNoDollar(r, at, ctx);
  if (typeof r.name !== "string") {
    if (recipe.name === undefined) ctx.d.error(Code.MissingKey, [...at, "name"], "a Nix image needs a name (the repository name docker load gives it)");
    return;
  }
  if (r.contents === undefined) {
    if (recipe.contents === undefined) ctx.d.error(Code.MissingKey, [...at, "contents"], "a Nix image needs contents: the Nixpkgs attributes to put in it, e.g. [\"hello\"]");
    return;
  }
  (r.contents as string[]).forEach((c, i) => {
    if (!isNixAttrPath(c)) {
      ctx.d.error(Code.InvalidValue, [...at, "contents", i], `${JSON.stringify(c)} is not a Nixpkgs attribute path: expected names like "hello" or "python3Packages.flask"`);
    }
  });
  if (r.name.includes(":") || r.name.includes("@")) {
    ctx.d.error(Code.InvalidImage, [...at, "name"], `the Nix image name "${r.name}" must not carry a tag or digest: set tag instead`);
    return;
  }

  const image = typeof out.image === "string" ? out.image : undefined;
  if (r.tag === undefined) {
    const given = image?.startsWith(`${r.name}:`) ? image.slice(r.name.length + 1) : undefined;
    if (given !== undefined && TAG.test(given)) r.tag = given;
    else {
      r.tag = DEFAULT_NIX_TAG;
      ctx.d.warn(
        Code.MissingKey,
        [...at, "tag"],
        `no tag for the Nix image "${r.name}": using "${DEFAULT_NIX_TAG}". Set a fixed tag (e.g. "1.0"): "latest" is overwritten by every rebuild, so a running stack cannot tell which build it runs`,
      );
    }
  }
  if (typeof r.tag !== "string") return;
  if (!TAG.test(r.tag)) {
    ctx.d.error(Code.InvalidImage, [...at, "tag"], `invalid tag "${r.tag}": up to 128 letters, digits, _ . and -, not starting with . or -`);
    return;
  }
  const ref = `${r.name}:${r.tag}`;
  const problem = imageReferenceProblem(ref);
  if (problem !== undefined) {
    ctx.d.error(Code.InvalidImage, [...at, "name"], `invalid Nix image name "${r.name}": ${problem}`);
    return;
  }
  if (image === undefined) out.image = ref;
  else if (image !== ref) {
    ctx.d.error(Code.Inconsistent, [...path, "image"], `image "${image}" differs from the Nix image's "${ref}" (its name and tag); they must agree, or leave image out`);
    return;
  }

  if (r.layered === true) delete r.layered;
  else if (r.layered !== undefined && r.layered !== false) return;
  if (r.useHostStore === false) delete r.useHostStore;
  else if (r.useHostStore !== undefined && r.useHostStore !== true) return;
  out[NIX_IMAGE_KEY] = r;
}

/**
 * Compose interpolates `${VAR}` everywhere in the file, `x-` keys included, but Nix builds the
 * image ahead of time from the literal text: a `$` would mean different things to each.
 */
function checkNoDollar(v: unknown, at: PathSegment[], ctx: Ctx): void {
  if (typeof v === "string") {
    if (v.includes("$")) ctx.d.error(Code.InvalidValue, at, "a Nix image recipe cannot hold `$`: Compose would interpolate it, Nix would not");
  } else if (Array.isArray(v)) v.forEach((x, i) => checkNoDollar(x, [...at, i], ctx));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) checkNoDollar(x, [...at, k], ctx);
}
