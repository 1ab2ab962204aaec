import type { NixImage } from "../model/index.js";
import { attr, attrs, list, str, type NixExpr } from "./nix/index.js";
import { contentsList, imageConfig } from "./nix-image.js";

/**
 * A service's `x-nix-image` as Arion's own image options (src/nix/modules/service/image.nix):
 * `image.name`, `image.contents`, `image.command` (Arion writes it to the image's `Cmd`) and
 * `image.rawConfig` for the rest of the image configuration. `service.image` is left unset:
 * Arion then builds the image with `dockerTools`, tags it with its store hash, names it in the
 * compose file it writes, and `arion up` loads it. The recipe's own tag therefore does not
 * reach Arion.
 */
export function arionImageExpr(spec: NixImage): NixExpr {
  const b = [attr("name", str(spec.name)), attr("contents", contentsList(spec))];
  if (spec.command !== undefined) b.push(attr("command", list(spec.command.map((s) => str(s)))));
  const raw = imageConfig(spec, false);
  if (raw.length > 0) b.push(attr("rawConfig", attrs(raw, { collapse: false })));
  return attrs(b, { collapse: false });
}
