import type { NixImage, Project, Service } from "../model/index.js";
import { compareKeys } from "../model/order.js";
import { apply, attr, attrs, fromData, ident, list, str, type NixBinding, type NixExpr } from "./nix/index.js";

/**
 * The one Nix expression of a service's `x-nix-image` recipe, shared by images.nix, the NixOS
 * module and the flake, so every target builds the same image:
 * `pkgs.dockerTools.buildLayeredImage { name; tag; contents; config; }`, or with
 * `layered: false`, `pkgs.dockerTools.buildImage { name; tag; copyToRoot; config; }`.
 * `tag` is always passed: without it Nix tags the image with its output hash, and the compose
 * file's `image` could not name it.
 */

/** `pkgs.python3Packages.flask` for `python3Packages.flask` (checked by the normalizer). */
export function pkgsAttr(pkgs: string, attrPath: string): NixExpr {
  return ident(`${pkgs}.${attrPath}`);
}

export function contentsList(spec: NixImage, pkgs = "pkgs"): NixExpr {
  return list(spec.contents.map((c) => pkgsAttr(pkgs, c)));
}

/** The image's run configuration (Docker image spec field names), except `Cmd` when `withCmd` is false. */
export function imageConfig(spec: NixImage, withCmd = true): NixBinding[] {
  const b: NixBinding[] = [];
  if (withCmd && spec.command !== undefined) b.push(attr("Cmd", list(spec.command.map((s) => str(s)))));
  const env = Object.entries(spec.env ?? {}).sort((x, y) => compareKeys(x[0], y[0]));
  if (env.length > 0) b.push(attr("Env", list(env.map(([k, v]) => str(`${k}=${v}`)))));
  if (spec.workingDir !== undefined) b.push(attr("WorkingDir", str(spec.workingDir)));
  if (spec.exposedPorts && spec.exposedPorts.length > 0) {
    b.push(attr("ExposedPorts", fromData(Object.fromEntries(spec.exposedPorts.map((p) => [p, {}])))));
  }
  return b;
}

/** The `dockerTools` call that builds the image. */
export function dockerToolsCall(spec: NixImage, pkgs = "pkgs"): NixExpr {
  const args: NixBinding[] = [attr("name", str(spec.name)), attr("tag", str(spec.tag))];
  if (spec.layered === false) {
    args.push(
      attr(
        "copyToRoot",
        apply(ident(`${pkgs}.buildEnv`), attrs([attr("name", str(`${spec.name}-root`)), attr("paths", contentsList(spec, pkgs))])),
      ),
    );
  } else {
    args.push(attr("contents", contentsList(spec, pkgs)));
  }
  const config = imageConfig(spec);
  if (config.length > 0) args.push(attr("config", attrs(config, { collapse: false })));
  const builder = spec.layered === false ? "buildImage" : "buildLayeredImage";
  return apply(ident(`${pkgs}.dockerTools.${builder}`), attrs(args, { collapse: false }));
}

/** The services built by Nix, sorted by name. */
export function nixImageServices(model: Project): Array<[string, Service & { "x-nix-image": NixImage }]> {
  return Object.entries(model.services)
    .filter((e): e is [string, Service & { "x-nix-image": NixImage }] => e[1]["x-nix-image"] !== undefined)
    .sort((a, b) => compareKeys(a[0], b[0]));
}
